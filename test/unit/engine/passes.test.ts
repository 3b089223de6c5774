/**
 * Pass reports (src/engine/passes.ts): the whole training set's forward pass gives exactly the loss the
 * trainer reports for the same weights (so the panel's "whole batch" J is the training loss), and a
 * report cut to its first rows keeps J and the gradients of the whole batch.
 */
import { strict as assert } from 'node:assert';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { Trainer, evaluate } from '../../../src/engine/trainer';
import { Rng } from '../../../src/engine/random';
import { makeData, makeSpec, oneHot } from '../fixtures/engine';

function spiralish() {
  const rng = new Rng(3);
  const x = Array.from({ length: 40 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  const data = makeData(
    x,
    oneHot(
      x.map(([a, b]) => (a > b ? (a > -b ? 0 : 1) : 2)),
      3,
    ),
  );
  const spec = makeSpec({
    input: 2,
    loss: 'cross_entropy',
    l2: 0.001,
    seed: 2,
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    learningRate: 0.05,
    batchSize: 8,
    shuffle: true,
    epochs: 30,
    layers: [
      { units: 6, activation: { kind: 'relu' } },
      { units: 3, activation: { kind: 'softmax' } },
    ],
  });
  return { spec, data };
}

describe('engine pass reports', () => {
  it("the whole training set's forward pass gives exactly the trainer's loss for the same weights", () => {
    const { spec, data } = spiralish();
    const trainer = new Trainer(Network.fromSpec(spec), { train: data });
    while (trainer.step());
    const final = trainer.result().final;
    const forward = forwardReport(trainer.net, data);
    assert.strictEqual(forward.loss, final.loss);
    assert.strictEqual(forward.loss, evaluate(trainer.net, data).loss);
    assert.strictEqual(backwardReport(trainer.net, data).loss, final.loss);
    assert.strictEqual(forward.batchSize, undefined, 'every sample is in the report');
    assert.strictEqual(forward.samples.length, 40);
  });

  it('a report cut to its first rows keeps J and the gradients of the whole batch', () => {
    const { spec, data } = spiralish();
    const net = Network.fromSpec(spec);
    const whole = backwardReport(net, data);
    const cut = backwardReport(net, data, undefined, { rows: 5 });
    assert.strictEqual(cut.loss, whole.loss);
    assert.strictEqual(cut.dataLoss, whole.dataLoss);
    assert.strictEqual(cut.batchSize, 40);
    assert.deepStrictEqual(cut.samples, [0, 1, 2, 3, 4]);
    assert.deepStrictEqual(cut.input, whole.input.slice(0, 5));
    cut.layers.forEach((l, k) => {
      assert.deepStrictEqual(l.params, whole.layers[k].params, `layer ${k + 1}'s weights and gradients`);
      assert.deepStrictEqual(l.a, whole.layers[k].a.slice(0, 5));
      assert.deepStrictEqual(l.dA, whole.layers[k].dA!.slice(0, 5));
    });
    const one = forwardReport(net, data, [7], { rows: 5 });
    assert.strictEqual(one.batchSize, undefined, 'a batch that fits is not cut');
  });
});
