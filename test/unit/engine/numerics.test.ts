/**
 * Activations, losses, regularization and maxout against independent references: finite differences
 * of the forward functions, the softmax/cross-entropy identity (p − y)/n, and a hand-computed
 * multiclass SVM (hinge) example from seed 004 (cs231n's cat/car/frog scores).
 */
import * as assert from 'assert';
import type { LossName } from '../../../src/engine/config';
import type { ActivationConfig } from '../../../src/engine/config';
import { makeActivation, type Activation } from '../../../src/engine/activations';
import { makeLoss, regularizationLoss, addRegularizationGradient } from '../../../src/engine/losses';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { Rng } from '../../../src/engine/random';
import { activationName } from '../../../src/text/notation';
import { customActivation as custom, makeData, makeSpec, oneHot, relDiff } from '../fixtures/engine';

const elementwise: ActivationConfig[] = [
  { kind: 'sigmoid' },
  { kind: 'tanh' },
  { kind: 'relu' },
  { kind: 'leaky_relu', alpha: 0.01 },
  { kind: 'leaky_relu', alpha: 0.2 },
  { kind: 'elu', alpha: 1 },
  { kind: 'elu', alpha: 0.5 },
  { kind: 'softplus' },
  { kind: 'step' },
  { kind: 'linear' },
  custom('swish', 'x * sigmoid(x)', 'sigmoid(x) * (1 + x * (1 - sigmoid(x)))'),
];

function forwardOne(act: Activation, z: number): number {
  const a = new Float64Array(1);
  act.forward(Float64Array.of(z), a, 1, 1);
  return a[0];
}

/** The activation's derivative at z: its backward with ∂J/∂a = 1. */
function derivativeOne(act: Activation, z: number): number {
  const zs = Float64Array.of(z),
    a = new Float64Array(1),
    dZ = new Float64Array(1);
  act.forward(zs, a, 1, 1);
  act.backward(zs, a, Float64Array.of(1), dZ, 1, 1);
  return dZ[0];
}

describe('engine activations', () => {
  // Points away from the corners at 0, so central differences are valid for piecewise functions.
  const points = [-30, -4.2, -1.3, -0.37, 0.21, 0.9, 2.5, 7, 40];
  for (const spec of elementwise) {
    const act = makeActivation(spec);
    it(`${activationName(act.spec)}: backward equals the finite-difference derivative of forward`, () => {
      const z = Float64Array.from(points);
      const a = new Float64Array(points.length);
      act.forward(z, a, 1, points.length);
      const dA = Float64Array.from(points.map((_, i) => 1 + 0.5 * i));
      const dZ = new Float64Array(points.length);
      act.backward(z, a, dA, dZ, 1, points.length);
      points.forEach((p, i) => {
        const h = 1e-6;
        const fd = (forwardOne(act, p + h) - forwardOne(act, p - h)) / (2 * h);
        assert.ok(
          Math.abs(dZ[i] - dA[i] * fd) <= 1e-7 * Math.max(1, Math.abs(dA[i] * fd)),
          `${activationName(act.spec)} at ${p}: ${dZ[i]} vs ${dA[i] * fd}`,
        );
        assert.ok(
          Math.abs(derivativeOne(act, p) - fd) <= 1e-7 * Math.max(1, Math.abs(fd)),
          `${activationName(act.spec)} df at ${p}`,
        );
        assert.ok(Number.isFinite(a[i]), `${activationName(act.spec)}(${p}) is finite`);
      });
    });
  }

  it('sigmoid and softplus stay exact far out (no overflow, no 0·∞)', () => {
    const s = makeActivation({ kind: 'sigmoid' });
    assert.strictEqual(forwardOne(s, -800), 0);
    assert.strictEqual(forwardOne(s, 800), 1);
    assert.ok(forwardOne(s, -700) > 0);
    const sp = makeActivation({ kind: 'softplus' });
    assert.strictEqual(forwardOne(sp, 1000), 1000);
    assert.ok(Math.abs(forwardOne(sp, -50) - Math.exp(-50)) < 1e-30);
  });

  it('relu, leaky_relu, elu and step take the expected values and corner conventions', () => {
    assert.strictEqual(forwardOne(makeActivation({ kind: 'relu' }), -2), 0);
    assert.strictEqual(forwardOne(makeActivation({ kind: 'leaky_relu', alpha: 0.1 }), -2), -0.2);
    assert.ok(Math.abs(forwardOne(makeActivation({ kind: 'elu', alpha: 2 }), -1) - 2 * (Math.exp(-1) - 1)) < 1e-15);
    assert.strictEqual(forwardOne(makeActivation({ kind: 'step' }), 0.001), 1);
    assert.strictEqual(forwardOne(makeActivation({ kind: 'step' }), 0), 0);
    assert.strictEqual(derivativeOne(makeActivation({ kind: 'relu' }), 0), 0);
    assert.strictEqual(derivativeOne(makeActivation({ kind: 'step' }), 3), 0);
  });

  it('softmax rows sum to 1, survive huge scores, and its backward is the Jacobian-vector product', () => {
    const act = makeActivation({ kind: 'softmax' });
    const z = Float64Array.of(1000, 1001, 999, -2, 0.5, 3);
    const a = new Float64Array(6);
    act.forward(z, a, 2, 3);
    for (let r = 0; r < 2; r++) assert.ok(Math.abs(a[3 * r] + a[3 * r + 1] + a[3 * r + 2] - 1) < 1e-15);
    assert.ok(a.every(Number.isFinite));
    const dA = Float64Array.of(0.3, -1.2, 0.7, 2, -0.5, 1.1);
    const dZ = new Float64Array(6);
    act.backward(z, a, dA, dZ, 2, 3);
    // Finite differences of g(z) = Σ dA·softmax(z).
    const g = (zz: Float64Array): number => {
      const aa = new Float64Array(6);
      act.forward(zz, aa, 2, 3);
      return aa.reduce((s, v, i) => s + v * dA[i], 0);
    };
    for (let i = 0; i < 6; i++) {
      const zp = Float64Array.from(z);
      zp[i] += 1e-6;
      const zm = Float64Array.from(z);
      zm[i] -= 1e-6;
      const fd = (g(zp) - g(zm)) / 2e-6;
      assert.ok(Math.abs(dZ[i] - fd) < 1e-8, `softmax ∂/∂z${i}: ${dZ[i]} vs ${fd}`);
    }
  });
});

/** Finite-difference check of a loss's ∂J/∂a (and ∂J/∂z through the activation). */
function checkLoss(name: LossName, act: ActivationConfig, n: number, w: number, targets: number[]): void {
  const activation = makeActivation(act);
  const loss = makeLoss(name, activation);
  const rng = new Rng(7);
  const z = Float64Array.from({ length: n * w }, () => rng.uniform(-2, 2));
  const t = Float64Array.from(targets);
  const J = (zz: Float64Array): number => {
    const a = new Float64Array(n * w);
    activation.forward(zz, a, n, w);
    return loss.value(zz, a, t, n, w);
  };
  const a = new Float64Array(n * w);
  activation.forward(z, a, n, w);
  const dA = new Float64Array(n * w);
  const dZ = new Float64Array(n * w);
  loss.backward(z, a, t, n, w, dA, dZ);
  for (let i = 0; i < n * w; i++) {
    const zp = Float64Array.from(z);
    zp[i] += 1e-6;
    const zm = Float64Array.from(z);
    zm[i] -= 1e-6;
    const fd = (J(zp) - J(zm)) / 2e-6;
    assert.ok(Math.abs(dZ[i] - fd) < 1e-8, `${name}/${activationName(activation.spec)} ∂J/∂z[${i}]: ${dZ[i]} vs ${fd}`);
  }
  // ∂J/∂a directly, for elementwise outputs: perturb a itself.
  if (act.kind !== 'softmax') {
    const Ja = (aa: Float64Array): number => loss.value(aa, aa, t, n, w);
    if (act.kind === 'linear') {
      for (let i = 0; i < n * w; i++) {
        const ap = Float64Array.from(a);
        ap[i] += 1e-6;
        const am = Float64Array.from(a);
        am[i] -= 1e-6;
        assert.ok(Math.abs(dA[i] - (Ja(ap) - Ja(am)) / 2e-6) < 1e-8, `${name} ∂J/∂a[${i}]`);
      }
    }
  }
}

describe('engine losses', () => {
  it('binary cross-entropy (fused with sigmoid) matches finite differences; ∂J/∂y = (−t/y + (1−t)/(1−y))/n', () => {
    checkLoss('binary_cross_entropy', { kind: 'sigmoid' }, 4, 1, [1, 0, 1, 0]);
    const loss = makeLoss('binary_cross_entropy', makeActivation({ kind: 'sigmoid' }));
    const y = 0.3,
      t = 1;
    const dA = new Float64Array(1),
      dZ = new Float64Array(1);
    loss.backward(Float64Array.of(Math.log(y / (1 - y))), Float64Array.of(y), Float64Array.of(t), 1, 1, dA, dZ);
    assert.ok(relDiff(dA[0], -1 / y) < 1e-12);
    assert.ok(relDiff(dZ[0], y - 1) < 1e-12);
  });

  it('binary cross-entropy stays finite when the sigmoid saturates (z = ±800)', () => {
    const loss = makeLoss('binary_cross_entropy', makeActivation({ kind: 'sigmoid' }));
    const z = Float64Array.of(800, -800);
    const a = Float64Array.of(1, 0);
    const v = loss.value(z, a, Float64Array.of(0, 1), 2, 1);
    assert.ok(Math.abs(v - 800) < 1e-9, `loss ${v}`);
    const dA = new Float64Array(2),
      dZ = new Float64Array(2);
    loss.backward(z, a, Float64Array.of(0, 1), 2, 1, dA, dZ);
    assert.deepStrictEqual(Array.from(dZ), [0.5, -0.5]);
    assert.ok(dA.every(Number.isFinite));
  });

  it('cross-entropy fused with softmax has ∂J/∂z = (p − y)/n and matches finite differences', () => {
    checkLoss('cross_entropy', { kind: 'softmax' }, 3, 4, oneHot([2, 0, 3], 4).flat());
    const act = makeActivation({ kind: 'softmax' });
    const loss = makeLoss('cross_entropy', act);
    const z = Float64Array.of(0.2, 0.3, 0.5, 1, -1, 0);
    const p = new Float64Array(6);
    act.forward(z, p, 2, 3);
    const t = Float64Array.from(oneHot([1, 0], 3).flat());
    const dA = new Float64Array(6),
      dZ = new Float64Array(6);
    loss.backward(z, p, t, 2, 3, dA, dZ);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(dZ[i] - (p[i] - t[i]) / 2) < 1e-16);
    // log-sum-exp: huge scores give the exact loss, not Infinity
    const big = Float64Array.of(1000, 0, 0);
    const pb = new Float64Array(3);
    act.forward(big, pb, 1, 3);
    assert.ok(Math.abs(loss.value(big, pb, Float64Array.of(0, 1, 0), 1, 3) - 1000) < 1e-9);
  });

  it('each loss but mse takes only its own output activation (the fused ones, hinge on raw scores)', () => {
    assert.throws(
      () => makeLoss('binary_cross_entropy', makeActivation({ kind: 'tanh' })),
      /binary_cross_entropy needs a sigmoid output layer, not tanh/,
    );
    assert.throws(
      () => makeLoss('cross_entropy', makeActivation({ kind: 'sigmoid' })),
      /cross_entropy needs a softmax output layer, not sigmoid/,
    );
    assert.throws(() => makeLoss('hinge', makeActivation({ kind: 'relu' })), /hinge needs a linear output layer/);
    for (const kind of ['linear', 'sigmoid', 'tanh', 'softmax'] as const)
      assert.strictEqual(makeLoss('mse', makeActivation({ kind })).name, 'mse');
  });

  it('mse is the mean over all output elements and matches finite differences', () => {
    checkLoss('mse', { kind: 'linear' }, 3, 2, [0.5, -1, 2, 0, 1, 1]);
    checkLoss('mse', { kind: 'tanh' }, 2, 2, [0.5, -0.5, 0.1, 0.9]);
    const loss = makeLoss('mse', makeActivation({ kind: 'linear' }));
    // (1² + 2² + 0² + 3²) / 4 = 3.5
    const a = Float64Array.of(1, 2, 0, 3);
    assert.strictEqual(loss.value(a, a, new Float64Array(4), 2, 2), 3.5);
  });

  it('hinge reproduces seed 004 (cs231n): losses 2.9, 0, 12.9 → mean 5.27', () => {
    const loss = makeLoss('hinge', makeActivation({ kind: 'linear' }));
    // scores per image (cat, car, frog classes); correct classes cat, car, frog.
    const s = Float64Array.of(3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1);
    const t = Float64Array.from(oneHot([0, 1, 2], 3).flat());
    assert.ok(Math.abs(loss.value(s, s, t, 1, 3) - 2.9) < 1e-12);
    assert.ok(Math.abs(loss.value(s.subarray(3, 6), s.subarray(3, 6), t.subarray(3, 6), 1, 3) - 0) < 1e-12);
    assert.ok(Math.abs(loss.value(s.subarray(6), s.subarray(6), t.subarray(6), 1, 3) - 12.9) < 1e-12);
    assert.ok(Math.abs(loss.value(s, s, t, 3, 3) - 15.8 / 3) < 1e-12);
    assert.strictEqual(Math.round(loss.value(s, s, t, 3, 3) * 100) / 100, 5.27);
    // Gradient by hand: image 1 has one active margin (car), image 3 two (cat, car).
    const dA = new Float64Array(9),
      dZ = new Float64Array(9);
    loss.backward(s, s, t, 3, 3, dA, dZ);
    const third = 1 / 3;
    const expected = [-third, third, 0, 0, 0, 0, third, third, -2 * third];
    expected.forEach((e, i) => assert.ok(Math.abs(dZ[i] - e) < 1e-15, `∂J/∂s[${i}] = ${dZ[i]}, expected ${e}`));
    checkLoss('hinge', { kind: 'linear' }, 3, 3, oneHot([0, 1, 2], 3).flat());
  });

  it('regularization: l2 adds 0.5·λ·ΣW², l1 adds λ·Σ|W|, with gradients λW and λ·sign(W)', () => {
    const W = Float64Array.of(1, -2, 0, 3);
    assert.strictEqual(regularizationLoss(W, 0, 0.1), 0.5 * 0.1 * 14);
    assert.strictEqual(regularizationLoss(W, 0.5, 0), 3);
    const g = new Float64Array(4);
    addRegularizationGradient(W, g, 0.5, 0.1);
    assert.deepStrictEqual(Array.from(g), [0.1 + 0.5, -0.2 - 0.5, 0, 0.30000000000000004 + 0.5]);
  });

  it('regularization is applied to weights only, not biases, and enters loss and gradient', () => {
    const base = {
      input: 2,
      loss: 'mse' as const,
      layers: [{ units: 2, activation: { kind: 'tanh' as const }, weights: [0.5, -1, 2, 0.25], biases: [3, -4] }],
    };
    const data = makeData([[1, 2]], [[0.1, 0.2]]);
    const plain = backwardReport(Network.fromSpec(makeSpec(base)), data);
    const reg = backwardReport(Network.fromSpec(makeSpec({ ...base, l2: 0.2, l1: 0.1 })), data);
    const sumSq = 0.25 + 1 + 4 + 0.0625,
      sumAbs = 0.5 + 1 + 2 + 0.25;
    assert.ok(Math.abs(reg.loss - plain.loss - (0.5 * 0.2 * sumSq + 0.1 * sumAbs)) < 1e-12);
    assert.strictEqual(reg.dataLoss, plain.dataLoss);
    const gW = reg.layers[0].params.W.grad as number[][];
    const pW = plain.layers[0].params.W.grad as number[][];
    assert.ok(Math.abs(gW[0][1] - pW[0][1] - (0.2 * -1 - 0.1)) < 1e-12);
    assert.deepStrictEqual(reg.layers[0].params.b!.grad, plain.layers[0].params.b!.grad);
  });
});

describe('engine maxout', () => {
  it('takes the max over pieces and routes the gradient to the argmax piece only', () => {
    // 1 input, 2 units, 3 pieces: W is pieces × inputs × units.
    const spec = makeSpec({
      input: 1,
      loss: 'mse',
      layers: [{ units: 2, type: 'maxout', pieces: 3, weights: [1, -1, 2, 0.5, -3, 1], biases: [0, 0, -1, 0, 4, -2] }],
    });
    const data = makeData([[2]], [[0, 0]]);
    const r = backwardReport(Network.fromSpec(spec), data);
    // piece k, unit j = W[k][0][j]·x + b[k][j] at x = 2:
    // piece 0: (2, −2); piece 1: (4 − 1, 1 + 0) = (3, 1); piece 2: (−6 + 4, 2 − 2) = (−2, 0) → max (3, 1), both from piece 1
    assert.deepStrictEqual(r.layers[0].z, [[3, 1]]);
    // mse: dA = 2(a − 0)/2 = a → (3, 1); routed to piece 1 only: dW[1][0] = x·dA = (6, 2), db[1] = (3, 1)
    assert.deepStrictEqual(r.layers[0].params.W.grad, [[[0, 0]], [[6, 2]], [[0, 0]]]);
    assert.deepStrictEqual(r.layers[0].params.b!.grad, [
      [0, 0],
      [3, 1],
      [0, 0],
    ]);
    assert.deepStrictEqual(r.layers[0].params.W.shape, [3, 1, 2]);
  });

  it('a maxout hidden layer backpropagates ∂J/∂x through the winning pieces (finite differences)', () => {
    const spec = makeSpec({
      input: 3,
      loss: 'cross_entropy',
      seed: 3,
      layers: [
        { units: 4, type: 'maxout', pieces: 3 },
        { units: 3, activation: { kind: 'softmax' } },
      ],
    });
    const net = Network.fromSpec(spec);
    const x = [
      [0.3, -1.2, 0.8],
      [1.1, 0.4, -0.6],
    ];
    const data = makeData(x, oneHot([2, 0], 3));
    const r = backwardReport(net, data);
    const W = net.layers[0].W;
    const J = (): number => forwardReport(net, data).loss;
    for (const i of [0, 5, 11, 17, 30]) {
      const v = W[i];
      W[i] = v + 1e-6;
      const jp = J();
      W[i] = v - 1e-6;
      const jm = J();
      W[i] = v;
      const flat = (r.layers[0].params.W.grad as number[][][]).flat(2);
      assert.ok(Math.abs(flat[i] - (jp - jm) / 2e-6) < 1e-8, `maxout ∂J/∂W[${i}]`);
    }
  });
});
