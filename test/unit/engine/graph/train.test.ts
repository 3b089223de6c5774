/**
 * Training a graph: gradient descent on the output over `params` reaches the least-squares line the
 * normal equations give; the stop rules and divergence are reported as for networks; other inputs stay.
 */
import * as assert from 'assert';
import type { GraphTrainConfig } from '../../../../src/engine/config';
import { GraphTrainer } from '../../../../src/engine/graph/train';
import { makeGraph } from '../../fixtures/graph';

const xs = [0, 1, 2, 3];
const ys = [1.1, 2.9, 5.2, 6.8];

function lineFit() {
  return makeGraph({ X: xs.map((x) => [x]), y: ys, w: [0], b: 0 }, [
    ['r', 'X @ w + b - y'],
    ['cost', 'mean(r ^ 2)'],
  ]);
}

const gd = (over: Partial<GraphTrainConfig> = {}): GraphTrainConfig => ({
  params: ['w', 'b'],
  optimizer: { kind: 'gd' },
  learningRate: 0.1,
  epochs: 2000,
  stop: {},
  ...over,
});

describe('engine graph: training', () => {
  it('gradient descent on the mean squared error reaches the normal equations’ line; the data stay', () => {
    const graph = lineFit();
    const trainer = new GraphTrainer(graph, gd());
    let previous = Infinity;
    for (let m = trainer.step(); m; m = trainer.step()) {
      assert.ok(m.loss <= previous + 1e-15, `the cost never rises (epoch ${m.epoch})`);
      previous = m.loss;
    }
    const n = xs.length;
    const mx = xs.reduce((s, v) => s + v, 0) / n;
    const my = ys.reduce((s, v) => s + v, 0) / n;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const intercept = my - slope * mx;
    const [X, y, w, b] = graph.inputs;
    assert.ok(Math.abs(w.value[0] - slope) < 1e-9, `w ${w.value[0]} vs ${slope}`);
    assert.ok(Math.abs(b.value[0] - intercept) < 1e-9, `b ${b.value[0]} vs ${intercept}`);
    assert.deepStrictEqual(Array.from(X.value), xs);
    assert.deepStrictEqual(Array.from(y.value), ys);
    const result = trainer.result();
    assert.strictEqual(result.reason, 'completed');
    assert.strictEqual(result.history.length, 2000);
  });

  it('one epoch is one step θ ← θ − η·∂cost/∂θ, and its loss is the cost after the step', () => {
    const graph = lineFit();
    graph.forward();
    graph.backward();
    const gw = graph.inputs[2].grad[0];
    const gb = graph.inputs[3].grad[0];
    const m = new GraphTrainer(graph, gd()).step()!;
    assert.strictEqual(graph.inputs[2].value[0], -0.1 * gw);
    assert.strictEqual(graph.inputs[3].value[0], -0.1 * gb);
    assert.strictEqual(m.loss, graph.forward());
  });

  it('stops below a loss, on small changes, and says when a large learning rate diverges', () => {
    const below = new GraphTrainer(lineFit(), gd({ stop: { lossBelow: 0.5 } }));
    while (below.step());
    assert.strictEqual(below.result().reason, 'loss_below');
    assert.ok(below.result().final.loss < 0.5);
    const still = new GraphTrainer(lineFit(), gd({ stop: { weightChangeBelow: 1e-6 } }));
    while (still.step());
    assert.strictEqual(still.result().reason, 'weight_change_below');
    const wild = new GraphTrainer(lineFit(), gd({ learningRate: 10 }));
    while (wild.step());
    const diverged = wild.result();
    assert.ok(diverged.reason === 'diverged' && diverged.learningRate === 10 && diverged.epoch > 0);
  });
});
