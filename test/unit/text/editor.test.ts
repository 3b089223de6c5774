/**
 * The editor's text (src/text/editor.ts, training.ts): CodeLens titles, hover lines, norms and the
 * training status text, checked against hand-computed values for the lecture's 2-3-1 network.
 */
import { strict as assert } from 'node:assert';
import {
  layerLensTitle,
  paramLines,
  layerHoverMarkdown,
  inputHoverMarkdown,
  norm,
  layerRunMarkdown,
} from '../../../src/text/editor';
import { trainingText } from '../../../src/text/training';
import type { LayerSummary } from '../../../src/engine/config';
import type { NetworkSummary } from '../../../src/engine/config';
import type { LayerReport } from '../../../src/engine/types';

const hidden: LayerSummary = {
  index: 1,
  type: 'dense',
  activation: 'sigmoid',
  inputs: 2,
  units: 3,
  params: 9,
  shapes: { W: [2, 3], b: [3] },
};
const noBias: LayerSummary = {
  index: 2,
  type: 'dense',
  activation: 'sigmoid',
  inputs: 3,
  units: 1,
  params: 3,
  shapes: { W: [3, 1] },
};
const maxout: LayerSummary = {
  index: 1,
  type: 'maxout',
  activation: 'linear',
  inputs: 2,
  units: 3,
  pieces: 2,
  params: 18,
  shapes: { W: [2, 2, 3], b: [2, 3] },
};

describe('text for the editor', () => {
  it('titles a layer lens "dense 2 → 3 · 9 params"', () => {
    assert.equal(layerLensTitle(hidden), 'dense 2 → 3 · 9 params');
    assert.equal(layerLensTitle(noBias), 'dense 3 → 1 · 3 params');
    assert.equal(layerLensTitle(maxout), 'maxout 2 → 3 · 2 pieces · 18 params');
  });

  it('lists parameter shapes and counts: "W¹ 2×3, 6 parameters"', () => {
    assert.deepEqual(paramLines(hidden), ['W¹ 2×3, 6 parameters', 'b¹ 3, 3 parameters']);
    assert.deepEqual(paramLines(noBias), ['W² 3×1, 3 parameters']);
    assert.deepEqual(paramLines(maxout), ['W¹ 2×2×3, 12 parameters', 'b¹ 2×3, 6 parameters']);
  });

  it('hovers a layer with its index, shapes and output per batch', () => {
    const md = layerHoverMarkdown(hidden, 2);
    for (const part of [
      'Layer 1',
      'of 2',
      'hidden layer',
      'sigmoid',
      '2 → 3',
      'W¹ 2×3, 6 parameters',
      'b¹ 3, 3 parameters',
      '(batch, 3)',
    ]) {
      assert.ok(md.includes(part), `missing ${part} in ${md}`);
    }
    assert.ok(layerHoverMarkdown(noBias, 2).includes('output layer'));
  });

  it('hovers the input with its shape', () => {
    const summary: NetworkSummary = { input: 2, layers: [hidden, noBias], totalParams: 12 };
    const md = inputHoverMarkdown(summary);
    assert.ok(md.includes('(batch, 2)'));
    assert.ok(md.includes('12 parameters'));
  });

  it('computes Euclidean norms of nested gradients', () => {
    assert.equal(norm([[3, 4]]), 5);
    assert.equal(
      norm([
        [1, 2],
        [2, 4],
      ]),
      5,
    );
  });

  it("shows a layer's last run numbers and gradient norms", () => {
    const layer: LayerReport = {
      index: 2,
      type: 'dense',
      activation: { kind: 'sigmoid' },
      z: [[0.365]],
      a: [[0.590378]],
      dA: [[-1.6938]],
      params: { W: { shape: [3, 1], value: [[0.1], [0.5], [-0.1]], grad: [[-0.4], [0], [0.3]] } },
    };
    const md = layerRunMarkdown(layer, 'backward', [0], 2);
    assert.ok(md.includes('(sample 1)'), md);
    assert.ok(md.includes('z² = `(0.365)`'), md);
    assert.ok(md.includes('ŷ = `(0.59038)`'), md);
    assert.ok(md.includes('∂J/∂ŷ = `(\u22121.6938)`'), md);
    assert.ok(md.includes('‖∂J/∂W²‖ = 0.5'), md);
    const hiddenMd = layerRunMarkdown({ ...layer, index: 1 }, 'forward', [3, 4], 2);
    assert.ok(hiddenMd.includes('(sample 4, the first of 2 samples)'), hiddenMd);
    assert.ok(hiddenMd.includes('a¹ = `(0.59038)`') && hiddenMd.includes('∂J/∂a¹'), hiddenMd);
  });

  it('tells training progress as "epoch N/M · loss x"', () => {
    assert.equal(
      trainingText({ epoch: 12, loss: 0.123456, accuracy: 0.953 }, 100),
      'epoch 12/100 · loss 0.123456 · acc 95.3%',
    );
    assert.equal(trainingText(undefined, 50), 'epoch 0/50');
  });
});
