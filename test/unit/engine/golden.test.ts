/**
 * Golden tests: the lecture's "backpropagation by hand" example (seed 000) reproduced by the engine —
 * loss, h, y, ∂J/∂y, ∂J/∂V, ∂J/∂h and ∂J/∂W as printed by the notebook.
 */
import * as assert from 'assert';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { relDiff, workedExample } from '../fixtures/engine';

function close(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(relDiff(actual, expected) <= rel, `${what}: ${actual} vs expected ${expected}`);
}

describe('engine golden: seed 000 backpropagation by hand', () => {
  const { spec, data } = workedExample();

  it('forward gives h = (0.99998, 0.73106, 0.99999), y = 0.590378 and loss 0.52699227', () => {
    const r = forwardReport(Network.fromSpec(spec), data);
    const [h] = r.layers[0].a;
    close(h[0], 0.99998329857, 1e-10, 'h1');
    close(h[1], 0.7310585786, 1e-9, 'h2');
    close(h[2], 0.99999385582, 1e-10, 'h3');
    assert.deepStrictEqual(r.layers[0].z, [[11, 1, 12]]);
    close(r.layers[1].a[0][0], 0.590378, 1e-6, 'y');
    close(r.loss, 0.52699227, 1e-8, 'loss');
    assert.strictEqual(r.dataLoss, r.loss);
    assert.strictEqual(r.layers[0].dA, undefined, 'forward has no gradients');
  });

  it('backward gives ∂J/∂y = −1/y, ∂J/∂V and ∂J/∂W as printed in the notebook', () => {
    const r = backwardReport(Network.fromSpec(spec), data);
    const y = r.layers[1].a[0][0];
    close(r.layers[1].dA![0][0], -1 / y, 1e-12, '∂J/∂y');
    close(r.layers[1].dA![0][0], -1.69383, 1e-5, '∂J/∂y printed');
    const dV = r.layers[1].params.W.grad as number[][];
    const expectedV = [-0.40961516, -0.29945768, -0.40961948];
    expectedV.forEach((e, i) => close(dV[i][0], e, 1e-7, `∂J/∂V${i + 1}`));
    const dW = r.layers[0].params.W.grad as number[][];
    const expectedW = [
      [-3.42057777e-6, -2.01341432e-1, 1.25838681e-6],
      [-2.05234666e-6, -1.20804859e-1, 7.55032084e-7],
    ];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) close(dW[i][j], expectedW[i][j], 1e-7, `∂J/∂W[${i}][${j}]`);
    // ∂J/∂h = ∂J/∂y · y(1−y) · V (seed: −0.04096, −0.2048, 0.04096)
    const dh = r.layers[0].dA![0];
    const k = (-1 / y) * y * (1 - y);
    [0.1, 0.5, -0.1].forEach((v, i) => close(dh[i], k * v, 1e-12, `∂J/∂h${i + 1}`));
    close(dh[1], -0.2048, 1e-3, '∂J/∂h2 printed');
    assert.strictEqual(r.layers[0].params.b, undefined, 'no bias');
    assert.deepStrictEqual(r.layers[0].params.W.shape, [2, 3]);
    assert.deepStrictEqual(r.samples, [0]);
    assert.deepStrictEqual(r.input, [[5, 3]]);
  });

  it('a report is plain data that survives JSON', () => {
    const r = backwardReport(Network.fromSpec(spec), data);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), r);
  });
});
