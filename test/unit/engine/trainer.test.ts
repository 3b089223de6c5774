/**
 * Training, optimizers, prediction grid, initialisation and determinism: the worked example trained
 * with sgd (loss falls monotonically, and the first step equals a hand-made gradient step), stop rules,
 * NaN detection with a huge learning rate, cancellation, the Rng's reproducibility, and the decision grid.
 */
import * as assert from 'assert';
import type { OptimizerConfig } from '../../../src/engine/config';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { Trainer, train } from '../../../src/engine/trainer';
import { decisionGrid } from '../../../src/engine/predict';
import { Rng } from '../../../src/engine/random';
import { divergingRun, makeData, makeSpec, oneHot, workedExample } from '../fixtures/engine';

function xorData() {
  return makeData(
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    [[0], [1], [1], [0]],
  );
}

describe('engine training', () => {
  it('trains the 2-3-1 example 100 epochs of sgd (lr 0.1) with a monotonically falling loss', () => {
    const { spec, data } = workedExample();
    const net = Network.fromSpec(spec);
    const before = forwardReport(net, data).loss;
    const losses: number[] = [];
    const result = train(net, { train: data }, { onEpoch: (m) => losses.push(m.loss) });
    assert.strictEqual(result.reason, 'completed');
    assert.strictEqual(losses.length, 100);
    assert.ok(losses[0] < before);
    for (let i = 1; i < losses.length; i++)
      assert.ok(losses[i] < losses[i - 1], `epoch ${i + 1}: ${losses[i]} ≥ ${losses[i - 1]}`);
    assert.ok(losses[99] < 0.1, `final loss ${losses[99]}`);
    assert.strictEqual(result.final.accuracy, 1);
  });

  it("one sgd epoch equals θ − lr·∂J/∂θ from the backward pass (the notebook's grad_step)", () => {
    const { spec, data } = workedExample();
    const grads = backwardReport(Network.fromSpec(spec), data);
    const net = Network.fromSpec(spec);
    new Trainer(net, { train: data }).step();
    const W = net.layers[0].W;
    const dW = (grads.layers[0].params.W.grad as number[][]).flat();
    const W0 = [1.0, -1.0, 3.0, 2.0, 2.0, -1.0];
    W0.forEach((w, i) => assert.ok(Math.abs(W[i] - (w - 0.1 * dW[i])) < 1e-15));
  });

  it('every optimizer learns XOR-ish data (loss falls by half) and is deterministic', () => {
    const opts: OptimizerConfig[] = [
      { kind: 'gd' },
      { kind: 'sgd' },
      { kind: 'momentum', momentum: 0.9 },
      { kind: 'nesterov', momentum: 0.9 },
      { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    ];
    for (const optimizer of opts) {
      const spec = makeSpec({
        input: 2,
        loss: 'binary_cross_entropy',
        seed: 1,
        optimizer,
        learningRate: optimizer.kind === 'adam' ? 0.05 : 0.5,
        batchSize: optimizer.kind === 'sgd' ? 2 : 'full',
        shuffle: true,
        epochs: 400,
        layers: [
          { units: 4, activation: { kind: 'tanh' } },
          { units: 1, activation: { kind: 'sigmoid' } },
        ],
      });
      const r1 = train(Network.fromSpec(spec), { train: xorData() });
      const r2 = train(Network.fromSpec(spec), { train: xorData() });
      assert.ok(
        r1.final.loss < 0.5 * r1.history[0].loss,
        `${optimizer.kind}: ${r1.history[0].loss} → ${r1.final.loss}`,
      );
      assert.deepStrictEqual(r1.history, r2.history, `${optimizer.kind} is reproducible`);
    }
  });

  it('momentum matches its update rule by hand on one parameter', () => {
    // J = mean((w·x − t)²) with x = 1, t = 0 → ∂J/∂w = 2w.
    const spec = makeSpec({
      input: 1,
      loss: 'mse',
      optimizer: { kind: 'momentum', momentum: 0.5 },
      learningRate: 0.1,
      epochs: 2,
      layers: [{ units: 1, bias: false, weights: [1] }],
    });
    const net = Network.fromSpec(spec);
    const t = new Trainer(net, { train: makeData([[1]], [[0]]) });
    t.step(); // v = −0.1·2 = −0.2, w = 0.8
    assert.ok(Math.abs(net.layers[0].W[0] - 0.8) < 1e-15);
    t.step(); // v = 0.5·(−0.2) − 0.1·1.6 = −0.26, w = 0.54
    assert.ok(Math.abs(net.layers[0].W[0] - 0.54) < 1e-15);
    assert.strictEqual(t.done, true);
    assert.strictEqual(t.step(), undefined);
  });

  it("adam's first step moves every weight by about the learning rate", () => {
    const spec = makeSpec({
      input: 2,
      loss: 'mse',
      optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      learningRate: 0.01,
      epochs: 1,
      layers: [{ units: 1, bias: false, weights: [1, -2] }],
    });
    const net = Network.fromSpec(spec);
    new Trainer(net, { train: makeData([[1, 1]], [[3]]) }).step();
    assert.ok(Math.abs(net.layers[0].W[0] - 1.01) < 1e-9 && Math.abs(net.layers[0].W[1] - -1.99) < 1e-9);
  });

  it("stops with loss_below and weight_change_below (seed 000's convergence loop)", () => {
    const { spec, data } = workedExample();
    const r = train(Network.fromSpec({ ...spec, train: { ...spec.train, epochs: 1000, stop: { lossBelow: 0.1 } } }), {
      train: data,
    });
    assert.strictEqual(r.reason, 'loss_below');
    assert.ok(r.final.loss < 0.1 && r.history[r.history.length - 2].loss >= 0.1);
    assert.ok(r.reason === 'loss_below' && r.threshold === 0.1 && r.loss === r.final.loss, JSON.stringify(r));
    assert.strictEqual(r.epoch, r.final.epoch);
    const w = train(
      Network.fromSpec({ ...spec, train: { ...spec.train, epochs: 100000, stop: { weightChangeBelow: 1e-3 } } }),
      { train: data },
    );
    assert.strictEqual(w.reason, 'weight_change_below');
    assert.ok(w.history.length < 100000);
    assert.ok(
      w.reason === 'weight_change_below' && w.change < 1e-3 && w.threshold === 1e-3 && w.epoch === w.final.epoch,
    );
  });

  it('detects divergence with a huge learning rate and says when and why', () => {
    const { spec, data } = divergingRun();
    const r = train(Network.fromSpec(spec), { train: data });
    assert.strictEqual(r.reason, 'diverged');
    assert.ok(r.reason === 'diverged' && r.learningRate === 1e6 && r.epoch === r.history.length, JSON.stringify(r));
    assert.ok(['nan-loss', 'infinite-loss', 'weights'].includes(r.cause), r.cause);
    assert.strictEqual(r.cause === 'weights', Number.isFinite(r.final.loss), 'the cause says what became non-finite');
    assert.ok(r.history.length < 500);
  });

  it('cancel() stops at once and reports how far it got', () => {
    const { spec, data } = workedExample();
    let n = 0;
    const r = train(
      Network.fromSpec(spec),
      { train: data },
      {
        onEpoch: () => {
          n++;
        },
        isCancelled: () => n >= 3,
      },
    );
    assert.strictEqual(r.reason, 'cancelled');
    assert.strictEqual(r.history.length, 3);
    assert.ok(r.reason === 'cancelled' && r.epochs === 3 && r.detail === undefined, JSON.stringify(r));
  });

  it('reports test loss and accuracy when there is a test set, and mini-batches cover every sample', () => {
    const rng = new Rng(4);
    const x = Array.from({ length: 40 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
    const labels = x.map(([a, b]) => (a + b > 0 ? 1 : 0));
    const trainSet = makeData(x.slice(0, 30), oneHot(labels.slice(0, 30), 2));
    const testSet = makeData(x.slice(30), oneHot(labels.slice(30), 2));
    const spec = makeSpec({
      input: 2,
      loss: 'cross_entropy',
      batchSize: 7,
      shuffle: true,
      learningRate: 0.5,
      epochs: 60,
      layers: [{ units: 2, activation: { kind: 'softmax' } }],
    });
    const r = train(Network.fromSpec(spec), { train: trainSet, test: testSet });
    assert.ok(r.final.testLoss !== undefined && r.final.testAccuracy !== undefined);
    assert.ok(r.final.accuracy! >= 0.9, `train accuracy ${r.final.accuracy}`);
    assert.ok(r.final.testAccuracy! >= 0.8, `test accuracy ${r.final.testAccuracy}`);
  });
});

describe('engine initialisation and determinism', () => {
  it('the same seed gives the same weights, another seed different ones; explicit weights override', () => {
    const base = {
      input: 3,
      loss: 'mse' as const,
      layers: [{ units: 4, activation: { kind: 'tanh' as const } }, { units: 2 }],
    };
    const a = Network.fromSpec(makeSpec({ ...base, seed: 11 }));
    const b = Network.fromSpec(makeSpec({ ...base, seed: 11 }));
    const c = Network.fromSpec(makeSpec({ ...base, seed: 12 }));
    assert.deepStrictEqual(Array.from(a.layers[0].W), Array.from(b.layers[0].W));
    assert.notDeepStrictEqual(Array.from(a.layers[0].W), Array.from(c.layers[0].W));
    // Fixing layer 1's weights leaves layer 2's random init unchanged.
    const d = Network.fromSpec(
      makeSpec({ ...base, seed: 11, layers: [{ ...base.layers[0], weights: Array(12).fill(0.5) }, base.layers[1]] }),
    );
    assert.ok(Array.from(d.layers[0].W).every((v) => v === 0.5));
    assert.deepStrictEqual(Array.from(d.layers[1].W), Array.from(a.layers[1].W));
    assert.ok(a.layers[0].b.every((v) => v === 0));
  });

  it('xavier stays within sqrt(6/(in+out)); he has std sqrt(2/in); zeros is zero', () => {
    const x = Network.fromSpec(makeSpec({ input: 50, loss: 'mse', layers: [{ units: 30 }] }));
    const lim = Math.sqrt(6 / 80);
    assert.ok(Array.from(x.layers[0].W).every((v) => Math.abs(v) <= lim));
    assert.ok(Math.max(...Array.from(x.layers[0].W).map(Math.abs)) > 0.9 * lim);
    const h = Network.fromSpec(makeSpec({ input: 200, loss: 'mse', layers: [{ units: 100, init: { kind: 'he' } }] }));
    const W = Array.from(h.layers[0].W);
    const std = Math.sqrt(W.reduce((s, v) => s + v * v, 0) / W.length);
    assert.ok(Math.abs(std - Math.sqrt(2 / 200)) < 0.005, `he std ${std}`);
    const z = Network.fromSpec(makeSpec({ input: 3, loss: 'mse', layers: [{ units: 2, init: { kind: 'zeros' } }] }));
    assert.ok(z.layers[0].W.every((v) => v === 0));
    assert.strictEqual(z.paramCount(), 8);
  });

  it('parameter counts: 2-3-1 with biases has 13, 2-3-3 has 21, 2-3-3-3 has 33', () => {
    const count = (units: number[]) =>
      Network.fromSpec(makeSpec({ input: 2, loss: 'mse', layers: units.map((u) => ({ units: u })) })).paramCount();
    assert.strictEqual(count([3, 1]), 13);
    assert.strictEqual(count([3, 3]), 21);
    assert.strictEqual(count([3, 3, 3]), 33);
  });

  it('Rng is deterministic and platform-independent (fixed reference values)', () => {
    const a = new Rng(42),
      b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    assert.deepStrictEqual(
      xs,
      Array.from({ length: 5 }, () => b.nextUint32()),
    );
    assert.notDeepStrictEqual(
      xs,
      Array.from({ length: 5 }, () => new Rng(43).nextUint32()),
    );
    // Pinned values: any platform must produce exactly these (integer arithmetic feeds the stream).
    assert.deepStrictEqual(xs.slice(0, 3), [3704290710, 166753127, 957952423]);
    assert.strictEqual(new Rng(7).next(), 0.052516552702946084);
    assert.strictEqual(new Rng(7).normal(), -1.4160861033974217);
    const u = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const v = u.next();
      assert.ok(v >= 0 && v < 1);
    }
  });
});

describe('engine decision grid', () => {
  it('covers the padded data range and predicts the right side of a trained linear boundary', () => {
    const x = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 2],
      [3, 2],
      [2, 3],
      [3, 3],
    ];
    const data = makeData(x, oneHot([0, 0, 0, 0, 1, 1, 1, 1], 2));
    const spec = makeSpec({
      input: 2,
      loss: 'cross_entropy',
      learningRate: 0.5,
      epochs: 300,
      layers: [{ units: 2, activation: { kind: 'softmax' } }],
    });
    const net = Network.fromSpec(spec);
    train(net, { train: data });
    const g = decisionGrid(net, data, 20)!;
    assert.ok(Math.abs(g.xMin - -0.3) < 1e-12 && Math.abs(g.xMax - 3.3) < 1e-12 && Math.abs(g.yMin - -0.3) < 1e-12);
    assert.strictEqual(g.classes.length, 400);
    assert.strictEqual(g.classes[0], 0, 'bottom-left cell is class 0');
    assert.strictEqual(g.classes[399], 1, 'top-right cell is class 1');
    assert.ok(g.confidence.every((c) => c >= 0.5 && c <= 1));
    assert.strictEqual(decisionGrid(net, makeData([[1, 2, 3]], [[1, 0]]), 10), undefined, 'only for 2-D inputs');
  });
});
