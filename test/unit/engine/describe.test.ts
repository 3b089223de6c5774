/**
 * The human-readable reports: the worked example's story in the lecture's names (h, y, ∂J/∂y, ∂J/∂V,
 * ∂J/∂h, ∂J/∂W) and numbers, the gradient-check table, and the Keras-style summary.
 */
import * as assert from 'assert';
import {
  describeBackward,
  describeForward,
  describeGradcheck,
  describeSummary,
  formatNumber,
  layerNames,
} from '../../../src/engine/describe';
import { gradcheck } from '../../../src/engine/gradcheck';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { makeData, makeSpec, workedExample } from '../fixtures/engine';

describe('engine describe', () => {
  const { spec, data } = workedExample();

  it('forward tells h, y and the loss of the worked example', () => {
    const text = describeForward(forwardReport(Network.fromSpec(spec), data));
    assert.match(text, /h = \(0\.999983, 0\.731059, 0\.999994\)/);
    assert.match(text, /y = \(0\.590378\)/);
    assert.match(text, /loss J = 0\.526992/);
    assert.match(text, /x = \(5, 3\)/);
  });

  it('backward goes from ∂J/∂y through ∂J/∂V and ∂J/∂h to ∂J/∂W', () => {
    const text = describeBackward(backwardReport(Network.fromSpec(spec), data));
    const order = [
      '∂J/∂y = (-1.69383)',
      '∂J/∂V (3×1)',
      '-0.409615',
      '∂J/∂h = (-0.0409622, -0.204811, 0.0409622)',
      '∂J/∂W (2×3)',
      '-3.42058e-6',
      '-0.201341',
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      assert.ok(i > at, `"${s}" missing or out of order in:\n${text}`);
      at = i;
    }
  });

  it('names weights W, V for two layers and W¹, W², W³ for three; hidden activations h or h¹', () => {
    assert.deepStrictEqual(layerNames(1, 1), { a: 'y', W: 'W', b: 'b' });
    assert.deepStrictEqual(layerNames(2, 2), { a: 'y', W: 'V', b: 'c' });
    assert.deepStrictEqual(layerNames(2, 3), { a: 'h²', W: 'W²', b: 'b²' });
    assert.strictEqual(formatNumber(0.52699227), '0.526992');
    assert.strictEqual(formatNumber(7.55032084e-7), '7.55032e-7');
  });

  it('elides large batches', () => {
    const x = Array.from({ length: 12 }, (_, i) => [i, -i]);
    const net = Network.fromSpec(makeSpec({ input: 2, loss: 'mse', layers: [{ units: 1 }] }));
    const text = describeForward(
      forwardReport(
        net,
        makeData(
          x,
          x.map(() => [0]),
        ),
      ),
    );
    assert.match(text, /… 7 more samples/);
    assert.match(text, /12 samples/);
  });

  it('gradcheck shows a table per layer × parameter and the verdict', () => {
    const text = describeGradcheck(gradcheck(Network.fromSpec(spec), data));
    assert.match(text, /layer\s+param\s+checked/);
    assert.match(text, /\n1\s+W\s+6\s+.*ok/);
    assert.match(text, /\n2\s+W\s+3\s+.*ok/);
    assert.match(text, /✔ gradient check passed/);
  });

  it('summary is a Keras-style table with shapes, counts and the total', () => {
    const text = describeSummary({
      name: 'demo',
      input: 2,
      totalParams: 13 + 6,
      layers: [
        {
          index: 1,
          type: 'dense',
          activation: 'sigmoid',
          inputs: 2,
          units: 3,
          params: 9,
          shapes: { W: [2, 3], b: [3] },
        },
        {
          index: 2,
          type: 'maxout',
          activation: 'linear',
          inputs: 3,
          units: 1,
          pieces: 2,
          params: 8,
          shapes: { W: [2, 3, 1], b: [2, 1] },
        },
      ],
    });
    assert.match(text, /1\s+dense\s+sigmoid\s+2 → 3\s+W 2×3, b 3\s+9/);
    assert.match(text, /2\s+maxout×2\s+linear\s+3 → 1\s+W 2×3×1, b 2×1\s+8/);
    assert.match(text, /Total params: 19/);
  });
});
