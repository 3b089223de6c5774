/**
 * Unit tests of the panel's texts (webview/viewModel/labels.ts, params.ts) on the lecture's worked
 * example (seed 001 / seed 000 "backpropagation by hand"): the fixture the harness shows is first
 * checked against the numbers the lecture prints, then the tooltips, the output box and the caption
 * are read off it in the project's notation (W¹ is the lecture's W, W² its V, a¹ its h, ŷ its y).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../../../src/protocol/messages';
import type { PassReport } from '../../../../src/engine/types';
import {
  columnTitle,
  edgeTooltip,
  nodeTooltip,
  outputBox,
  passCaption,
  targetText,
} from '../../../../webview/viewModel/labels';
import { formatNumber } from '../../../../src/text/numbers';
import {
  biasValue,
  columnMeans,
  dominant,
  edgeValues,
  flatMatrix,
  nodeValues,
  reportMatchesShape,
} from '../../../../webview/viewModel/params';

const root = join(__dirname, '..', '..', '..', '..', '..');
const messages = JSON.parse(readFileSync(join(root, 'test/e2e/fixtures/lecture-messages.json'), 'utf8')) as ToWebview[];
const backward = (messages.find((m) => m.type === 'backward') as Extract<ToWebview, { type: 'backward' }>)
  .report as PassReport;

describe('webview labels on the lecture example', () => {
  it('the fixture holds the lecture printout (loss, W grad, V grad, h, y)', () => {
    // Printed by the lecture's numpy code: loss 0.52699227, W grad [[-3.42057777e-06 -2.01341432e-01 1.25838681e-06] ...]
    assert.ok(Math.abs(backward.loss - 0.52699227) < 1e-8);
    const dW = backward.layers[0].params.W.grad as number[][];
    const printed = [
      [-3.42057777e-6, -2.01341432e-1, 1.25838681e-6],
      [-2.05234666e-6, -1.20804859e-1, 7.55032084e-7],
    ];
    printed.forEach((row, i) =>
      row.forEach((v, j) => assert.ok(Math.abs(dW[i][j] - v) <= Math.abs(v) * 1e-8, `dW[${i}][${j}]`)),
    );
    const dV = (backward.layers[1].params.W.grad as number[][]).map((r) => r[0]);
    [-0.40961516, -0.29945768, -0.40961948].forEach((v, j) => assert.ok(Math.abs(dV[j] - v) < 1e-8));
    assert.ok(Math.abs(backward.layers[1].a[0][0] - 0.590378) < 1e-6);
    [0.99998, 0.73106, 0.99999].forEach((v, j) => assert.ok(Math.abs(backward.layers[0].a[0][j] - v) < 1e-5));
  });

  it('edge tooltip of W¹[1,2] reads "W¹[1,2] = −1 · ∂J/∂W¹[1,2] = −0.20134"', () => {
    const layer = backward.layers[0];
    const text = edgeTooltip({
      layer: 1,
      input: 0,
      unit: 1,
      weight: dominant(edgeValues(layer, 'value', 0, 1)),
      grad: dominant(edgeValues(layer, 'grad', 0, 1)),
    });
    assert.equal(text, 'W¹[1,2] = \u22121 · ∂J/∂W¹[1,2] = \u22120.20134');
  });

  it('tiny gradients are written with exponents, not as zeros', () => {
    const layer = backward.layers[0];
    assert.equal(
      edgeTooltip({ layer: 1, input: 0, unit: 0, weight: 1, grad: edgeValues(layer, 'grad', 0, 0)![0] }),
      'W¹[1,1] = 1 · ∂J/∂W¹[1,1] = \u22123.4206e\u22126',
    );
    assert.equal(
      edgeTooltip({ layer: 2, input: 2, unit: 0, weight: -0.1, grad: -0.40961948 }),
      'W²[3,1] = \u22120.1 · ∂J/∂W²[3,1] = \u22120.40962',
    );
  });

  it('node tooltip of a¹₂ (the lecture’s h₂) gives z¹₂, a¹₂ and ∂J/∂a¹₂ = −0.20481, and says there is no bias', () => {
    const a = nodeValues(backward, 1, 'a')!,
      z = nodeValues(backward, 1, 'z')!,
      dA = nodeValues(backward, 1, 'dA')!;
    const text = nodeTooltip({
      role: 'hidden',
      layer: 1,
      unit: 1,
      units: 3,
      activation: 'sigmoid',
      z: z[1],
      a: a[1],
      dA: dA[1],
      samples: 1,
      bias: biasValue(backward.layers[0], 'value', 1),
    });
    assert.equal(text, 'a¹₂ — layer 1, unit 2 · sigmoid\nz¹₂ = 1\na¹₂ = 0.73106\n∂J/∂a¹₂ = \u22120.20481\nno bias');
    const out = nodeValues(backward, 2, 'dA')!;
    assert.equal(formatNumber(out[0]), '\u22121.6938'); // dJ/dŷ = −1/ŷ in the lecture
    assert.equal(
      nodeTooltip({ role: 'output', layer: 2, unit: 0, units: 1, activation: 'sigmoid', a: 0.590378, samples: 1 }),
      'ŷ — layer 2, unit 1 · sigmoid\nŷ = 0.59038\nno bias',
    );
    assert.equal(nodeTooltip({ role: 'input', layer: 0, unit: 1, units: 2, a: 3, samples: 1 }), 'x₂ — input 2\nx₂ = 3');
  });

  it('writes bias and maxout names in the notation', () => {
    assert.equal(
      nodeTooltip({
        role: 'hidden',
        layer: 1,
        unit: 0,
        units: 8,
        a: 0.5,
        bias: 0.25,
        biasGrad: -0.125,
        samples: 4,
      }),
      'a¹₁ — layer 1, unit 1\nmean over 4 samples\na¹₁ = 0.5\nbias b¹[1] = 0.25 · ∂J/∂b¹[1] = \u22120.125',
    );
    assert.equal(
      edgeTooltip({ layer: 1, input: 0, unit: 0, weight: [0.5, -2], grad: [0.1, 0] }),
      'W¹[1,1] piece 1 = 0.5 · ∂J/∂W¹[1,1] piece 1 = 0.1\nW¹[1,1] piece 2 = \u22122 · ∂J/∂W¹[1,1] piece 2 = 0',
    );
  });

  it('titles columns with the layer, its activation and its units', () => {
    assert.equal(columnTitle('hidden', 1, 3, 'sigmoid'), 'Layer 1 · sigmoid · 3');
    assert.equal(columnTitle('output', 2, 4, 'linear', 3), 'Output · maxout×3 · 4');
  });

  it('the output box and the caption of the backward pass: target y, J, ∂J/∂ŷ, sample 1', () => {
    assert.deepEqual(outputBox(backward, 'backward'), {
      lines: ['target y = 1', 'J = 0.526992', '∂J/∂ŷ = \u22121.6938'],
      gradient: true,
    });
    assert.deepEqual(outputBox(backward, 'forward').lines, ['target y = 1', 'J = 0.526992', '']);
    assert.equal(passCaption({ kind: 'backward', report: backward }), 'backward · sample 1 · J = 0.526992');
    assert.equal(
      passCaption(undefined, { latest: { epoch: 12, loss: 0.123456 }, epochs: 100 }),
      'training · epoch 12 / 100 · loss 0.123456',
    );
  });

  it('reads maxout pieces, batch means and matrices out of reports', () => {
    const layer = {
      index: 1,
      type: 'maxout' as const,
      activation: { kind: 'linear' as const },
      z: [[0]],
      a: [[0]],
      params: { W: { shape: [2, 1, 1], value: [[[0.5]], [[-2]]] }, b: { shape: [2, 1], value: [[0.1], [-0.3]] } },
    };
    assert.deepEqual(edgeValues(layer, 'value', 0, 0), [0.5, -2]);
    assert.equal(edgeValues(layer, 'grad', 0, 0), undefined);
    assert.equal(dominant([0.5, -2]), -2);
    assert.equal(biasValue(layer, 'value', 0), -0.3);
    assert.deepEqual([...flatMatrix(layer.params.W, 'value')!.values], [-2]);
    assert.deepEqual(
      columnMeans([
        [1, 2],
        [3, 6],
      ]),
      [2, 4],
    );
    const m = flatMatrix(backward.layers[0].params.W, 'value')!;
    assert.deepEqual([m.rows, m.cols, [...m.values]], [2, 3, [1, -1, 3, 2, 2, -1]]);
    assert.ok(reportMatchesShape(backward, 2, [3, 1]));
    assert.ok(!reportMatchesShape(backward, 2, [4, 1]));
  });
});

describe('webview short labels', () => {
  it('targets: a number, a class (as the data writes it, from 0) for one-hot rows, a short vector', () => {
    assert.equal(targetText([1]), 'y = 1');
    assert.equal(targetText([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]), 'y = class 2 of 10');
    assert.equal(targetText([0.5, 2]), 'y = (0.5, 2)');
    assert.equal(targetText([1, 2, 3, 4]), 'y: 4 values');
  });
});
