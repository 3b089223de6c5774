/**
 * Unit tests of the panel's texts (webview/viewModel/labels.ts, params.ts) on the lecture's worked
 * example (seed 001 / seed 000 "backpropagation by hand"): the fixture the harness shows is first
 * checked against the numbers the lecture prints, then the tooltips are read off it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../../../src/protocol/messages';
import type { PassReport } from '../../../../src/engine/types';
import {
  columnTitle,
  edgeTooltip,
  fmtInside,
  formatNumber,
  nodeName,
  nodeTooltip,
  paramName,
  targetText,
} from '../../../../webview/viewModel/labels';
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

  it('edge tooltip of W¹[1,2] reads "W¹[1,2] = −1.000 · ∂J/∂w = −0.2013"', () => {
    const layer = backward.layers[0];
    const text = edgeTooltip({
      layer: 1,
      input: 0,
      unit: 1,
      weight: dominant(edgeValues(layer, 'value', 0, 1)),
      grad: dominant(edgeValues(layer, 'grad', 0, 1)),
    });
    assert.equal(text, 'W¹[1,2] = \u22121.000 · ∂J/∂w = \u22120.2013');
  });

  it('tiny gradients are written with exponents, not as zeros', () => {
    const layer = backward.layers[0];
    assert.equal(
      edgeTooltip({ layer: 1, input: 0, unit: 0, weight: 1, grad: edgeValues(layer, 'grad', 0, 0)![0] }),
      'W¹[1,1] = 1.000 · ∂J/∂w = \u22123.421e\u22126',
    );
    assert.equal(
      edgeTooltip({ layer: 2, input: 2, unit: 0, weight: -0.1, grad: -0.40961948 }),
      'W²[3,1] = \u22120.1000 · ∂J/∂w = \u22120.4096',
    );
  });

  it('node tooltip of h₂ gives z, a and ∂J/∂a = −0.2048 (the lecture value), and says there is no bias', () => {
    const a = nodeValues(backward, 1, 'a')!,
      z = nodeValues(backward, 1, 'z')!,
      dA = nodeValues(backward, 1, 'dA')!;
    const text = nodeTooltip({
      name: nodeName('hidden', 1, 1, 3, 1),
      description: 'layer 1, unit 2 · sigmoid',
      z: z[1],
      a: a[1],
      dA: dA[1],
      layer: 1,
      unit: 1,
      samples: 1,
      bias: biasValue(backward.layers[0], 'value', 1),
    });
    assert.equal(text, 'h₂ — layer 1, unit 2 · sigmoid\nz = 1.000\na = 0.731059\n∂J/∂a = \u22120.2048\nno bias');
    const out = nodeValues(backward, 2, 'dA')!;
    assert.equal(formatNumber(out[0], 5), '\u22121.6938'); // dJ/dy = −1/y in the lecture
  });

  it('writes bias and maxout names in the lecture notation', () => {
    assert.equal(paramName(2, 'b', [0]), 'b²[1]');
    assert.equal(paramName(1, 'W', [1, 0, 2]), 'W¹[1,3] piece 2');
    assert.equal(
      nodeTooltip({
        name: 'h¹₁',
        description: 'layer 1, unit 1',
        a: 0.5,
        bias: 0.25,
        biasGrad: -0.125,
        layer: 1,
        unit: 0,
        samples: 4,
      }),
      'h¹₁ — layer 1, unit 1\nmean over 4 samples\na = 0.5\nbias b¹[1] = 0.2500 · ∂J/∂b = \u22120.1250',
    );
    assert.equal(
      edgeTooltip({ layer: 1, input: 0, unit: 0, weight: [0.5, -2], grad: [0.1, 0] }),
      'W¹[1,1] piece 1 = 0.5000 · ∂J/∂w = 0.1000\nW¹[1,1] piece 2 = \u22122.000 · ∂J/∂w = 0',
    );
  });

  it('names nodes x₁, h₂, y (one hidden layer) and h²₃, y₂ (several)', () => {
    assert.equal(nodeName('input', 0, 0, 2, 1), 'x₁');
    assert.equal(nodeName('hidden', 1, 1, 3, 1), 'h₂');
    assert.equal(nodeName('output', 2, 0, 1, 1), 'y');
    assert.equal(nodeName('hidden', 2, 2, 8, 2), 'h²₃');
    assert.equal(nodeName('output', 3, 1, 3, 2), 'y₂');
    assert.equal(columnTitle('hidden', 1, 3, 'sigmoid'), 'Layer 1 · sigmoid · 3');
    assert.equal(columnTitle('output', 2, 4, 'linear', 3), 'Output · maxout×3 · 4');
  });

  it('formats numbers with a true minus sign and exponents for extremes', () => {
    assert.equal(formatNumber(-1), '\u22121.000');
    assert.equal(formatNumber(0.590378, 6), '0.590378');
    assert.equal(formatNumber(5, 5, true), '5');
    assert.equal(formatNumber(123456), '1.235e5');
    assert.equal(formatNumber(7.55032084e-7, 3), '7.55e\u22127');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '\u2212∞');
    assert.equal(formatNumber(0), '0');
  });

  it('reads maxout pieces, batch means and matrices out of reports', () => {
    const layer = {
      index: 1,
      type: 'maxout' as const,
      activation: 'maxout',
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
  it('values inside small nodes stay within four characters', () => {
    assert.deepEqual([0.77, -0.5, 1, 2.8e-4, 12.4, 31400, -0.004, 0.999].map(fmtInside), [
      '0.77',
      '\u22120.5',
      '1',
      '0',
      '12',
      '3e4',
      '0',
      '1',
    ]);
    for (const v of [0.123456, -9.87, 555.5, -0.0678, 1e9]) assert.ok(fmtInside(v).length <= 5, fmtInside(v));
  });

  it('targets: a number, a class for one-hot rows, a short vector', () => {
    assert.equal(targetText([1]), 'ŷ = 1');
    assert.equal(targetText([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]), 'ŷ = class 3 of 10');
    assert.equal(targetText([0.5, 2]), 'ŷ = (0.5, 2)');
    assert.equal(targetText([1, 2, 3, 4]), 'ŷ: 4 values');
  });
});
