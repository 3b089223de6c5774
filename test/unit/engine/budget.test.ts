/**
 * Per-sample buffers sized to the batch, not the data set (issue 11, finding 3): the trainer's buffers
 * hold budget.ts's rows; evaluating a data set chunk by chunk gives the very numbers of one pass over all
 * of it (the loss's sum runs on in sample order, the last chunk overlaps); the gradient check's work is
 * planned within its bound and says so when it is limited.
 */
import * as assert from 'assert';
import { openSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import { Trainer, evaluate } from '../../../src/engine/trainer';
import { bufferRows, evaluationRows, rowNumbers } from '../../../src/engine/budget';
import { gradcheck, gradcheckPlan, MAX_GRADCHECK_WORK } from '../../../src/engine/gradcheck';
import { gradcheckMessage } from '../../../src/text/gradcheck';
import type { Dataset } from '../../../src/engine/types';
import type { NetworkConfig } from '../../../src/engine/config';

function opened(text: string): { config: NetworkConfig; data: { train: Dataset; test?: Dataset } } {
  const o = openSpec(text);
  assert.ok(o.config && o.data, JSON.stringify(o.analysis.diagnostics));
  return { config: o.config, data: o.data };
}

/** Loss and accuracy of one pass over all samples at once (what evaluate computed before it was chunked). */
function onePass(net: Network, data: Dataset): { loss: number; accuracy?: number } {
  net.ensureCapacity(data.n);
  const loss = net.lossOf(data.x, data.targets, data.n);
  if (!data.labels) return { loss };
  let correct = 0;
  for (let i = 0; i < data.n; i++) if (net.predictedClass(i) === data.labels[i]) correct++;
  return { loss, accuracy: correct / data.n };
}

const NETWORKS: [string, string][] = [
  [
    'sigmoid hidden layer, softmax cross-entropy',
    'layers:\n  - dense: 5\n    activation: sigmoid\n  - dense: 3\n    activation: softmax\nloss: cross_entropy\ndata:\n  generate: { kind: spiral, points: 700, classes: 3 }\nregularization: { l2: 0.01 }\n',
  ],
  [
    'maxout and mse on one-hot targets',
    'layers:\n  - maxout: 4\n    pieces: 3\n  - dense: 2\n    activation: sigmoid\nloss: mse\ndata:\n  generate: { kind: moons, points: 1001 }\n',
  ],
  [
    'hinge on raw scores',
    'layers:\n  - dense: 7\n    activation: relu\n  - dense: 4\nloss: hinge\ndata:\n  generate: { kind: gaussians, points: 333, classes: 4 }\n',
  ],
  [
    'one sigmoid output, binary cross-entropy, with a test split',
    'layers:\n  - dense: 3\n    activation: tanh\n  - dense: 1\n    activation: sigmoid\nloss: binary_cross_entropy\ndata:\n  generate: { kind: circle, points: 900 }\n  test_split: 0.3\n',
  ],
];

describe('engine budget: buffers sized to the batch, evaluation in chunks', () => {
  for (const [what, text] of NETWORKS) {
    it(`${what}: chunked evaluation equals one pass over all samples, bit for bit`, () => {
      const { config, data } = opened(text);
      const chunk = evaluationRows(rowNumbers(Network.fromSpec(config).layers));
      assert.ok(data.train.n > chunk && data.train.n % chunk !== 0, 'several chunks, the last one overlapping');
      for (const set of [data.train, data.test].filter((d): d is Dataset => d !== undefined)) {
        const chunked = evaluate(Network.fromSpec(config), set);
        const whole = onePass(Network.fromSpec(config), set);
        assert.ok(Object.is(chunked.loss, whole.loss), `${chunked.loss} vs ${whole.loss}`);
        assert.strictEqual(chunked.accuracy, whole.accuracy);
      }
    });
  }

  it('the trainer holds batch-sized buffers, not one row per sample, and trains to the same numbers', () => {
    const text = (batch: string) =>
      `layers:\n  - dense: 200\n    activation: tanh\n  - dense: 2\n    activation: softmax\nloss: cross_entropy\ndata:\n  generate: { kind: xor, points: 3000 }\ntrain: { ${batch}, epochs: 2, learning_rate: 0.05 }\n`;
    const { config, data } = opened(text('batch_size: 16'));
    const net = Network.fromSpec(config);
    const trainer = new Trainer(net, data);
    const rows = bufferRows(net.layers, { batch: 16, gradcheck: 0, samples: data.train.n });
    assert.strictEqual(net.capacity, rows);
    assert.ok(rows < data.train.n / 10, `${rows} rows for ${data.train.n} samples`);
    for (const l of net.layers) assert.strictEqual(l.z.length, rows * l.units);
    const metrics = [trainer.step()!, trainer.step()!];
    assert.strictEqual(net.capacity, rows, 'evaluation grew no buffer');
    // The same run with buffers for every sample (as before) gives the same losses.
    const wide = Network.fromSpec(config);
    wide.ensureCapacity(data.train.n);
    const before = new Trainer(wide, data);
    assert.deepStrictEqual([before.step(), before.step()], metrics);
  });
});

describe('engine budget: the gradient check keeps to its work bound', () => {
  it('plans all requested entries and samples for a small network', () => {
    assert.deepStrictEqual(gradcheckPlan(603, 4, 500), { samples: 4, entries: 500 });
  });

  it('plans fewer for a big network, within MAX_GRADCHECK_WORK', () => {
    const params = 20_000_000;
    const plan = gradcheckPlan(params, 1000, 500);
    assert.ok(plan.samples >= 1 && plan.samples < 1000);
    assert.ok(plan.entries >= 1 && plan.entries < 500);
    assert.ok(2 * plan.entries * plan.samples * params <= MAX_GRADCHECK_WORK);
  });

  it('a check limited by the bound says so, and checks the planned entries', () => {
    const { config, data } = opened(
      'layers:\n  - dense: 2000\n    activation: tanh\n  - dense: 2000\n    activation: tanh\n  - dense: 1\n    activation: sigmoid\nloss: binary_cross_entropy\ndata:\n  generate: { kind: xor, points: 20 }\n',
    );
    const net = Network.fromSpec(config);
    const params = net.paramCount();
    const plan = gradcheckPlan(params, Math.min(config.gradcheck.samples, data.train.n), config.gradcheck.maxParams);
    assert.ok(plan.entries < config.gradcheck.maxParams, `plan ${JSON.stringify(plan)}`);
    const report = gradcheck(net, data.train);
    assert.strictEqual(report.entries.length, plan.entries);
    assert.deepStrictEqual(report.limited, { entries: plan.entries, samples: plan.samples });
    assert.match(
      gradcheckMessage(report),
      new RegExp(`limited to ${plan.entries} parameters on ${plan.samples} samples`),
    );
  });
});
