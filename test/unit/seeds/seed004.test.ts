/** Seed 004 (COSC 4368, after cs231n): computational graphs and the neuron: its worked examples through the real engine (see support.ts for the shared helpers). */
import * as assert from 'assert';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { Trainer } from '../../../src/engine/trainer';
import {
  build,
  printed,
  printedRows,
  close,
  sigmoid,
  matrix,
  vector,
  samples,
  transpose,
  W,
  B,
  denseYaml,
} from './support';
import { graphBackward } from '../../../src/engine/graph/passes';
import { SEED004_ADD_MUL, SEED004_NEURON, SEED004_NORM, graphOf } from '../fixtures/graph';

describe('seed 004 (COSC 4368, after cs231n): computational graphs', () => {
  it('f = (x + y)·z at x = −2, y = 5, z = −4: q = 3, f = −12, ∂f/∂x = ∂f/∂y = z = −4, ∂f/∂z = q = 3', () => {
    // q = x + y is a layer fed 1 whose weight is x and bias y; f = q·z a layer with weight z. mse with
    // target f − 1/2 = −12.5 makes the upstream gradient ∂J/∂f = 1 (the slides' base case).
    const { net, data } = build(`input: 1
layers:
  - dense: 1          # q = x·1 + y
    weights: [[-2]]
    biases: [5]
  - dense: 1          # f = q·z
    weights: [[-4]]
    bias: false
loss: mse
data:
  samples:
    - { x: [1], y: -12.5 }
`);
    const r = backwardReport(net, data);
    assert.strictEqual(r.layers[0].a[0][0], 3, 'q = x + y');
    assert.strictEqual(r.layers[1].a[0][0], -12, 'f = q·z');
    assert.strictEqual(r.layers[1].dA![0][0], 1, '∂f/∂f');
    assert.strictEqual(r.layers[0].dA![0][0], -4, '∂f/∂q = z');
    assert.strictEqual(W(r, 0)[0][0], -4, '∂f/∂x = ∂f/∂q · ∂q/∂x = z · 1');
    assert.strictEqual(B(r, 0)[0], -4, '∂f/∂y = ∂f/∂q · ∂q/∂y = z · 1');
    assert.strictEqual(W(r, 1)[0][0], 3, '∂f/∂z = q');
  });

  it('the sigmoid neuron σ(w0·x0 + w1·x1 + w2): output 0.73, local gradient 0.2, w0: 0.2 × −1 = −0.2, x0: 0.2 × 2 = 0.4', () => {
    // w0 = 2 and x0 = −1 are in the slides' products; w1 = −3, x1 = −2, w2 = −3 are cs231n's figure, and
    // they give the slides' s = 1 (the local gradient (1 − 1/(1+e¹))(1/(1+e¹)) is σ'(1)).
    // [x0, x1] are the outputs of a linear layer fed 1, so ∂f/∂x appears as that layer's ∂J/∂a.
    const s = 2 * -1 + -3 * -2 + -3; // = 1
    const sig = sigmoid(s),
      local = sig * (1 - sig);
    const { net, data } = build(`input: 1
layers:
  - dense: 2          # [x0, x1]
    weights: [[-1, -2]]
    bias: false
  - dense: 1          # σ(w0·x0 + w1·x1 + w2)
    activation: sigmoid
    weights: [[2], [-3]]
    biases: [-3]
loss: mse
data:
  samples:
    - { x: [1], y: ${sig - 0.5} }
`);
    const r = backwardReport(net, data);
    close(r.layers[1].z[0][0], 1, 1e-15, 's3 = w0·x0 + w1·x1 + w2');
    printed(r.layers[1].a[0][0], '0.73', 'σ(1)');
    close(r.layers[1].dA![0][0], 1, 1e-15, 'upstream gradient 1.00');
    printed(B(r, 1)[0], '0.2', 'grad_s3 = (1 − 0.73)(0.73) = grad_w2');
    close(B(r, 1)[0], local, 1e-15, "σ'(1) = σ(1)(1 − σ(1))");
    printed(W(r, 1)[0][0], '-0.2', 'w0: [0.2] × [−1]');
    printed(r.layers[0].dA![0][0], '0.4', 'x0: [0.2] × [2]');
    close(W(r, 1)[0][0], local * -1, 1e-15, 'grad_w0 = grad_s0 · x0');
    close(W(r, 1)[1][0], local * -2, 1e-15, 'grad_w1 = grad_s1 · x1');
    close(r.layers[0].dA![0][0], local * 2, 1e-15, 'grad_x0 = grad_s0 · w0');
    close(r.layers[0].dA![0][1], local * -3, 1e-15, 'grad_x1 = grad_s1 · w1');
  });

  it('f(x, W) = ‖W·x‖² with W = [[0.1, 0.5], [−0.3, 0.8]]: ∇_W f = 2q·xᵀ, ∇_x f = 2Wᵀq', () => {
    // x = (0.2, 0.4) is cs231n's figure (the slides' text gives only W). By hand: q = (0.22, 0.26),
    // f = 0.116, ∇_W f = [[0.088, 0.176], [0.104, 0.208]], ∇_x f = (−0.112, 0.636).
    // The engine's weights are inputs × units, so its matrix is Wᵀ; mse with target 0 is
    // (q1² + q2²)/2 = f/2, so f and its gradients are twice the engine's J and ∂J.
    const x = [0.2, 0.4];
    const Wn = [
      [0.1, 0.5],
      [-0.3, 0.8],
    ];
    const q = Wn.map((row) => row[0] * x[0] + row[1] * x[1]);
    const { net, data } = build(`input: 1
layers:
  - dense: 2          # x
    weights: [${vector(x)}]
    bias: false
  - dense: 2          # q = W·x
    weights: ${matrix(transpose(Wn))}
    bias: false
loss: mse
data:
  samples:
    - { x: [1], y: [0, 0] }
`);
    const r = backwardReport(net, data);
    printedRows(r.layers[1].a, [['0.22', '0.26']], 'q');
    printed(2 * r.loss, '0.116', 'f');
    const gW = W(r, 1); // gW[j][i] = ∂J/∂W[i][j]
    const expectedW = [
      ['0.088', '0.176'],
      ['0.104', '0.208'],
    ];
    expectedW.forEach((row, i) =>
      row.forEach((t, j) => {
        printed(2 * gW[j][i], t, `∇_W f[${i}][${j}]`);
        close(2 * gW[j][i], 2 * q[i] * x[j], 1e-15, `2·q_${i}·x_${j}`);
      }),
    );
    [
      ['-0.112', 0],
      ['0.636', 1],
    ].forEach(([t, i]) => {
      const k = i as number;
      printed(2 * r.layers[0].dA![0][k], t as string, `∇_x f[${k}]`);
      close(2 * r.layers[0].dA![0][k], 2 * q[0] * Wn[0][k] + 2 * q[1] * Wn[1][k], 1e-15, `Σ_k 2q_k·W_{k,${k}}`);
    });
  });

  it('one step of the ~20-line numpy loop (sigmoid hidden, linear output, squared error summed, lr 1e-4) equals one gd epoch', () => {
    // The loop's loss is Σ(y_pred − y)²; the engine's mse is its mean over N·D_out numbers, so the
    // engine's learning rate is 1e-4 · N · D_out for the same step. No biases, as in the loop.
    const x = [
      [0.5, -1.0, 2.0],
      [1.5, 0.2, -0.3],
      [-0.8, 0.9, 0.4],
    ];
    const yT = [
      [1.0, -0.5],
      [0.2, 0.3],
      [-1.2, 0.8],
    ];
    const w1 = [
      [0.2, -0.4],
      [0.7, 0.1],
      [-0.3, 0.5],
    ];
    const w2 = [
      [0.6, -0.2],
      [-0.9, 0.4],
    ];
    const N = 3,
      Dout = 2,
      lr = 1e-4;
    const h = x.map((r) => [0, 1].map((j) => sigmoid(r[0] * w1[0][j] + r[1] * w1[1][j] + r[2] * w1[2][j])));
    const yPred = h.map((r) => [0, 1].map((k) => r[0] * w2[0][k] + r[1] * w2[1][k]));
    const loss = yPred.flat().reduce((s, v, i) => s + (v - yT.flat()[i]) ** 2, 0);
    const gy = yPred.map((r, i) => r.map((v, k) => 2 * (v - yT[i][k])));
    const gw2 = [0, 1].map((j) => [0, 1].map((k) => h.reduce((s, hr, i) => s + hr[j] * gy[i][k], 0)));
    const gh = gy.map((g) => [0, 1].map((j) => g[0] * w2[j][0] + g[1] * w2[j][1]));
    const gw1 = [0, 1, 2].map((a) =>
      [0, 1].map((j) => x.reduce((s, xr, i) => s + xr[a] * gh[i][j] * h[i][j] * (1 - h[i][j]), 0)),
    );

    const { net, data } = build(`input: 3
layers:
${denseYaml(2, 'sigmoid', w1)}${denseYaml(2, 'linear', w2)}loss: mse
data:
  samples:
${samples(x, yT)}
train:
  optimizer: gd
  learning_rate: ${lr * N * Dout}
  epochs: 1
`);
    close(N * Dout * forwardReport(net, data).loss, loss, 1e-14, 'Σ(y_pred − y)²');
    new Trainer(net, { train: data }).step();
    Array.from(net.layers[0].W).forEach((v, i) => close(v, w1.flat()[i] - lr * gw1.flat()[i], 1e-15, `w1[${i}]`));
    Array.from(net.layers[1].W).forEach((v, i) => close(v, w2.flat()[i] - lr * gw2.flat()[i], 1e-15, `w2[${i}]`));
    assert.ok(
      gw1.flat().some((g) => Math.abs(lr * g) > 1e-6),
      'the step moves w1 measurably',
    );
  });
});

describe('seed 004 (COSC 4368, after cs231n): the same graphs as graph: specs, gate by gate', () => {
  const run = (text: string) => {
    const r = graphBackward(graphOf(text));
    const node = (n: string) => r.nodes.find((x) => x.name === n)!;
    const edge = (from: string, to: string) => r.edges!.find((x) => x.from === from && x.to === to)!;
    return { r, node, edge };
  };

  it('(x + y)·z at x = −2, y = 5, z = −4: f = −12; ∂f/∂x = ∂f/∂y = −4 (add distributes), ∂f/∂z = 3 (mul swaps)', () => {
    const { r, node, edge } = run(SEED004_ADD_MUL);
    assert.strictEqual(node('q').value[0], 3, 'q = x + y');
    assert.strictEqual(r.value, -12, 'f = q·z');
    assert.deepStrictEqual(
      ['x', 'y', 'z', 'q', 'f'].map((n) => node(n).grad![0]),
      [-4, -4, 3, -4, 1],
    );
    // Chain rule at y: [upstream ∂f/∂q = −4] × [local ∂q/∂y = 1].
    assert.deepStrictEqual(
      [edge('y', 'q').upstream[0], edge('y', 'q').local![0], edge('y', 'q').product[0]],
      [-4, 1, -4],
    );
    assert.deepStrictEqual([node('q').pattern, node('f').pattern], ['distributes', 'swaps']);
  });

  it("the neuron 1/(1 + e^−(w0·x0 + w1·x1 + w2)) gate by gate prints the slide's 0.73, −0.20, 0.39, −0.39, −0.59, 0.20", () => {
    const { r, node, edge } = run(SEED004_NEURON);
    const ops = r.nodes.filter((n) => n.op !== 'input').map((n) => n.op);
    assert.deepStrictEqual(
      ops,
      ['*', '*', '+', '+', 'neg', 'exp', '+', '/'],
      'the ×, +, negation, exp, +1 and 1/x gates',
    );
    printed(r.value, '0.73', 'f');
    for (const [name, text] of [
      ['w0', '-0.20'],
      ['x0', '0.39'],
      ['w1', '-0.39'],
      ['x1', '-0.59'],
      ['w2', '0.20'],
    ])
      printed(node(name).grad![0], text, `∂f/∂${name}`);
    // [upstream gradient] × [local gradient] at the first mul gate: w0: [0.2] × [−1] = −0.2, x0: [0.2] × [2] = 0.4.
    printed(edge('w0', 's0').upstream[0], '0.2', 'upstream at s0 = w0·x0');
    assert.deepStrictEqual([edge('w0', 's0').local![0], edge('x0', 's0').local![0]], [-1, 2], 'the mul gate swaps');
    printed(edge('w0', 's0').product[0], '-0.2', 'w0');
    printed(edge('x0', 's0').product[0], '0.4', 'x0');
    const s = 1; // w0·x0 + w1·x1 + w2
    close(node('s3').value[0], s, 1e-15, 's3');
    const local = sigmoid(s) * (1 - sigmoid(s));
    close(node('w2').grad![0], local, 1e-15, '∂f/∂w2 = σ(1)(1 − σ(1))');
    close(node('x1').grad![0], local * -3, 1e-15, '∂f/∂x1 = σ′·w1');
  });

  it("the neuron with one sigmoid gate: the same gradients, and the slide's flat code line by line", () => {
    const { r, node } = run(
      SEED004_NEURON.replace('f: 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))', 'L: sigmoid(w0*x0 + w1*x1 + w2)'),
    );
    const gates = run(SEED004_NEURON);
    for (const n of ['w0', 'x0', 'w1', 'x1', 'w2'])
      close(node(n).grad![0], gates.node(n).grad![0], 1e-15, `∂/∂${n}: one sigmoid gate or six gates`);
    assert.deepStrictEqual(r.code.forward, [
      's0 = w0 * x0',
      's1 = w1 * x1',
      's2 = s0 + s1',
      's3 = s2 + w2',
      'L = sigmoid(s3)',
    ]);
    const slide = [
      'grad_L = 1.0',
      'grad_s3 = grad_L * (1 - L) * L',
      'grad_w2 = grad_s3',
      'grad_s2 = grad_s3',
      'grad_s0 = grad_s2',
      'grad_s1 = grad_s2',
      'grad_w1 = grad_s1 * x1',
      'grad_x1 = grad_s1 * w1',
      'grad_w0 = grad_s0 * x0',
      'grad_x0 = grad_s0 * w0',
    ];
    // The same statements; the slide lists an add gate's two gradients right operand first.
    assert.deepStrictEqual([...r.code.backward].sort(), [...slide].sort());
    assert.strictEqual(r.code.backward[0], 'grad_L = 1.0');
    assert.strictEqual(r.code.backward[1], 'grad_s3 = grad_L * (1 - L) * L');
  });

  it('‖W·x‖² with the slide’s W = [[0.1, 0.5], [−0.3, 0.8]], x = (0.2, 0.4): q = (0.22, 0.26), f = 0.116, ∇_W f = 2q·xᵀ, ∇_x f = 2Wᵀq', () => {
    const { r, node } = run(SEED004_NORM);
    const Wm = [
      [0.1, 0.5],
      [-0.3, 0.8],
    ];
    const x = [0.2, 0.4];
    const q = Wm.map((row) => row[0] * x[0] + row[1] * x[1]);
    Array.from(node('q').value).forEach((v, i) => close(v, q[i], 1e-15, `q${i}`));
    close(r.value, q[0] ** 2 + q[1] ** 2, 1e-15, 'f = q₁² + q₂² = 0.116');
    Array.from(node('q').grad!).forEach((g, i) => close(g, 2 * q[i], 1e-15, `∇_q f = 2q at ${i}`));
    const gW = Array.from(node('W').grad!);
    assert.deepStrictEqual(node('W').shape, [2, 2], 'the gradient has the shape of W');
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) close(gW[i * 2 + j], 2 * q[i] * x[j], 1e-15, `∂f/∂W${i}${j}`);
    const gx = Array.from(node('x').grad!);
    for (let j = 0; j < 2; j++) close(gx[j], 2 * (Wm[0][j] * q[0] + Wm[1][j] * q[1]), 1e-15, `∂f/∂x${j}`);
  });
});
