/**
 * The one shape rule (engine/shapes.ts): W and b shapes and parameter counts, and that the engine's
 * allocation, the format's summary and its size limit all follow it.
 */
import * as assert from 'assert';
import { layerShapes, shapeSize } from '../../../src/engine/shapes';
import { Network } from '../../../src/engine/network';
import { analyze } from '../../../src/format/analyze';
import { makeSpec, type LayerOpts } from '../fixtures/engine';

describe('engine layer shapes', () => {
  it('dense: W is inputs × units, b is units; maxout adds pieces in front of both', () => {
    assert.deepStrictEqual(layerShapes({ type: 'dense', inputs: 2, units: 3, pieces: 1, bias: true }), {
      W: [2, 3],
      b: [3],
      params: 9,
    });
    assert.deepStrictEqual(layerShapes({ type: 'dense', inputs: 2, units: 3, pieces: 1, bias: false }), {
      W: [2, 3],
      params: 6,
    });
    assert.deepStrictEqual(layerShapes({ type: 'maxout', inputs: 4, units: 5, pieces: 3, bias: true }), {
      W: [3, 4, 5],
      b: [3, 5],
      params: 3 * 4 * 5 + 3 * 5,
    });
    // pieces only count for maxout
    assert.strictEqual(layerShapes({ type: 'dense', inputs: 4, units: 5, pieces: 3, bias: true }).params, 25);
    assert.strictEqual(shapeSize([3, 4, 5]), 60);
    assert.strictEqual(shapeSize([]), 1);
  });

  it("the engine's buffers, the format's summary and its size count agree", () => {
    const layers: LayerOpts[] = [
      { units: 3, bias: true },
      { units: 4, type: 'maxout', pieces: 3, bias: false },
      { units: 2, type: 'maxout', pieces: 2, bias: true },
      { units: 1, bias: false },
    ];
    const net = Network.fromSpec(makeSpec({ input: 2, loss: 'mse', layers }));
    const yaml = layers
      .map(
        (l) =>
          `  - ${l.type ?? 'dense'}: ${l.units}\n` +
          (l.pieces ? `    pieces: ${l.pieces}\n` : '') +
          `    bias: ${l.bias}\n    activation: tanh\n`,
      )
      .join('');
    const r = analyze(`input: 2\nlayers:\n${yaml}loss: mse\n`);
    const summary = r.summary!;
    assert.ok(summary, JSON.stringify(r.diagnostics));
    net.layers.forEach((l, i) => {
      const row = summary.layers[i];
      assert.strictEqual(l.W.length + l.b.length, row.params, `layer ${i + 1} params`);
      assert.strictEqual(l.W.length, shapeSize(row.shapes.W), `layer ${i + 1} W`);
      assert.strictEqual(l.b.length, row.shapes.b ? shapeSize(row.shapes.b) : 0, `layer ${i + 1} b`);
    });
    assert.strictEqual(summary.totalParams, net.paramCount());
    // The size limit counts the same parameters: one fewer allowed number makes the network too big.
    const total = summary.totalParams;
    const limit = (maxNumbers: number) =>
      analyze(`input: 2\nlayers:\n${yaml}loss: mse\n`, { maxNumbers }).diagnostics.find((d) => d.code === 'too-big');
    assert.strictEqual(limit(total), undefined);
    assert.match(limit(total - 1)!.message, new RegExp(`would have ${total} parameters`));
  });
});
