/** Seed 003 (QCRI lecture 5): the softmax classifier and the numpy training loop: its worked examples through the real engine (see support.ts for the shared helpers). */
import * as assert from 'assert';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { Trainer, train } from '../../../src/engine/trainer';
import { build, close, sigmoid, vector, samples, W, B, denseYaml } from './support';

describe('seed 003 (QCRI lecture 5): softmax classifier', () => {
  it('softmax scores [0.2, 0.3, 0.5] with the middle class correct give the gradient [0.2, −0.7, 0.5] on f, W and b', () => {
    // Scores f = log p make softmax(f) = p; x = 1, so ∂L/∂W = (softmax(f) − 1(y = c))·x and ∂L/∂b are the
    // same row.
    const logs = [0.2, 0.3, 0.5].map(Math.log);
    const { net, data } = build(`input: 1
layers:
  - dense: 3
    activation: softmax
    weights: [${vector(logs)}]
    biases: [0, 0, 0]
loss: cross_entropy
data:
  samples:
    - { x: [1], y: 1 }
`);
    const r = backwardReport(net, data);
    [0.2, 0.3, 0.5].forEach((p, j) => close(r.layers[0].a[0][j], p, 1e-15, `softmax(f)[${j}]`));
    [0.2, -0.7, 0.5].forEach((g, j) => {
      close(W(r, 0)[0][j], g, 1e-15, `∂L/∂W[${j}]`);
      close(B(r, 0)[j], g, 1e-15, `∂L/∂b[${j}]`);
    });
    close(r.loss, -Math.log(0.3), 1e-15, 'L = −log softmax(f)_c');
  });

  it('a linear softmax classifier on the spiral reaches only about 50 %; its loss is data loss + ½λΣW²', function () {
    this.timeout(60000);
    // The lecture's linear classifier: W = 0.01·random, softmax cross-entropy, reg 1e-3, lr 1, full batch,
    // 100 epochs: "We achieve an accuracy of around 50% on the spiral data".
    const { net, data } = build(`layers:
  - dense: 3
    activation: softmax
    init: normal(0.01)
loss: cross_entropy
regularization: { l2: 1.0e-3 }
data:
  generate: { kind: spiral, points: 100, classes: 3, noise: 0.2 }
train:
  optimizer: gd
  learning_rate: 1
  epochs: 100
`);
    assert.strictEqual(data.n, 300);
    const result = train(net, { train: data });
    const acc = result.final.accuracy!;
    assert.ok(acc >= 0.4 && acc <= 0.6, `linear classifier accuracy ${acc}`);
    // L = (1/N) Σ L_i + ½·λ·Σ W²: the reported loss minus the data loss is the regularization by hand.
    const r = forwardReport(net, data);
    const sumSq = Array.from(net.layers[0].W).reduce((s, w) => s + w * w, 0);
    close(r.loss - r.dataLoss, 0.5 * 1e-3 * sumSq, 1e-15, '½λΣW²');
    close(result.final.loss, r.loss, 1e-12, 'the epoch loss is the objective with regularization');
  });

  it("one step of the slides' 2-layer numpy loop (sigmoid hidden, softmax, L2 on W and W2, step 1) equals one gd epoch", () => {
    const X = [
      [0.5, -1.2],
      [1.5, 0.3],
      [-0.7, 0.8],
      [0.1, 2.0],
    ];
    const y = [0, 2, 1, 2];
    const Wm = [
        [0.3, -0.2, 0.5],
        [0.1, 0.4, -0.6],
      ],
      b = [0.05, -0.1, 0.2];
    const W2 = [
        [0.7, -0.3, 0.2],
        [-0.5, 0.6, 0.1],
        [0.2, 0.1, -0.4],
      ],
      b2 = [0.0, 0.1, -0.2];
    const reg = 1e-3,
      step = 1,
      N = X.length;
    // The slides' code, line by line.
    const middle = X.map((x) => [0, 1, 2].map((j) => x[0] * Wm[0][j] + x[1] * Wm[1][j] + b[j]));
    const hidden = middle.map((m) => m.map(sigmoid));
    const f = hidden.map((h) => [0, 1, 2].map((k) => h[0] * W2[0][k] + h[1] * W2[1][k] + h[2] * W2[2][k] + b2[k]));
    const probs = f.map((row) => {
      const e = row.map(Math.exp);
      const s = e[0] + e[1] + e[2];
      return e.map((v) => v / s);
    });
    const dataLoss = probs.reduce((s, p, i) => s - Math.log(p[y[i]]), 0) / N;
    const sq = (m: number[][]): number => m.flat().reduce((s, v) => s + v * v, 0);
    const loss = dataLoss + 0.5 * reg * sq(Wm) + 0.5 * reg * sq(W2);
    const df = probs.map((p, i) => p.map((v, k) => (v - (k === y[i] ? 1 : 0)) / N));
    const dW2 = [0, 1, 2].map((j) =>
      [0, 1, 2].map((k) => hidden.reduce((s, h, i) => s + h[j] * df[i][k], 0) + reg * W2[j][k]),
    );
    const db2 = [0, 1, 2].map((k) => df.reduce((s, d) => s + d[k], 0));
    const dhidden = df.map((d, i) =>
      [0, 1, 2].map((j) => (d[0] * W2[j][0] + d[1] * W2[j][1] + d[2] * W2[j][2]) * hidden[i][j] * (1 - hidden[i][j])),
    );
    const dW = [0, 1].map((a) =>
      [0, 1, 2].map((j) => X.reduce((s, x, i) => s + x[a] * dhidden[i][j], 0) + reg * Wm[a][j]),
    );
    const db = [0, 1, 2].map((j) => dhidden.reduce((s, d) => s + d[j], 0));

    const { net, data } = build(`input: 2
layers:
${denseYaml(3, 'sigmoid', Wm, b)}${denseYaml(3, 'softmax', W2, b2)}loss: cross_entropy
regularization: { l2: ${reg} }
data:
  samples:
${samples(X, y)}
train:
  optimizer: gd
  learning_rate: ${step}
  epochs: 1
`);
    close(forwardReport(net, data).loss, loss, 1e-14, 'loss');
    new Trainer(net, { train: data }).step();
    const after = (buf: Float64Array): number[] => Array.from(buf);
    const expect = (m: number[][], g: number[][]): number[] => m.flat().map((v, i) => v - step * g.flat()[i]);
    after(net.layers[0].W).forEach((v, i) => close(v, expect(Wm, dW)[i], 1e-14, `W[${i}]`));
    after(net.layers[0].b).forEach((v, i) => close(v, b[i] - step * db[i], 1e-14, `b[${i}]`));
    after(net.layers[1].W).forEach((v, i) => close(v, expect(W2, dW2)[i], 1e-14, `W2[${i}]`));
    after(net.layers[1].b).forEach((v, i) => close(v, b2[i] - step * db2[i], 1e-14, `b2[${i}]`));
  });
});

// ===================================================================================================
