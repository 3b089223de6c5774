/**
 * The trainer one update at a time (src/engine/trainer.ts): stepBatch() walks the epoch's mini-batches
 * in the shuffled order and equals step() bit for bit; one update is θ − η·∂J/∂θ of that batch's own
 * backward pass; a continued run equals one long run (optimizer state kept); reconfigure keeps the
 * momentum across a new learning rate and starts afresh for a new optimizer kind (checked by hand on
 * one weight); a new batch size restarts the epoch.
 */
import { strict as assert } from 'node:assert';
import type { OptimizerConfig } from '../../../src/engine/config';
import { Network } from '../../../src/engine/network';
import { backwardReport } from '../../../src/engine/passes';
import { Trainer } from '../../../src/engine/trainer';
import { makeOptimizer } from '../../../src/engine/optimizers';
import { makeData, makeSpec, twoClassesInBatches } from '../fixtures/engine';

const setup = twoClassesInBatches;

const weights = (net: Network): number[] => net.params().flatMap((p) => Array.from(p.value));

describe('engine training step by step', () => {
  it('stepBatch() walks every epoch batch by batch, each sample once, and equals step() exactly', () => {
    const { spec, data } = setup();
    const byEpoch = new Trainer(Network.fromSpec(spec), { train: data });
    const byBatch = new Trainer(Network.fromSpec(spec), { train: data });
    assert.equal(byBatch.batchesPerEpoch, 5, '23 samples in batches of 5');
    for (let epoch = 1; epoch <= 3; epoch++) {
      const expected = byEpoch.step()!;
      const seen: number[] = [];
      for (let batch = 1; batch <= 5; batch++) {
        assert.deepEqual(byBatch.position, { epoch: epoch - 1, batch: batch - 1, batches: 5 });
        const step = byBatch.stepBatch();
        assert.deepEqual([step.epoch, step.batch, step.batches], [epoch, batch, 5]);
        assert.equal(step.samples.length, batch < 5 ? 5 : 3);
        seen.push(...step.samples);
        assert.equal(step.metrics === undefined, batch < 5, 'metrics come with the epoch’s last update');
        if (step.metrics) assert.deepEqual(step.metrics, expected);
      }
      assert.deepEqual(
        [...seen].sort((a, b) => a - b),
        Array.from({ length: 23 }, (_, i) => i),
        `epoch ${epoch} takes every sample once`,
      );
      if (epoch > 1)
        assert.notDeepEqual(
          seen,
          Array.from({ length: 23 }, (_, i) => i),
          'shuffled',
        );
      assert.deepEqual(weights(byBatch.net), weights(byEpoch.net), `the same weights after epoch ${epoch}`);
    }
    assert.deepEqual(byBatch.history, byEpoch.history);
  });

  it("one update is θ − η·∂J/∂θ of the batch's own backward pass, and reports that batch's J", () => {
    const { spec, data } = setup({ kind: 'sgd' });
    const trainer = new Trainer(Network.fromSpec(spec), { train: data });
    trainer.stepBatch();
    trainer.stepBatch();
    // A copy of the network at the current weights gives the reference gradient for the next batch.
    const copy = Network.fromSpec(spec);
    copy.params().forEach((p, k) => p.value.set(trainer.net.params()[k].value));
    const before = weights(trainer.net);
    const step = trainer.stepBatch();
    const reference = backwardReport(copy, data, step.samples);
    assert.equal(step.loss, reference.loss);
    const grads = reference.layers.flatMap((l) => [
      ...(l.params.W.grad as number[][]).flat(),
      ...((l.params.b?.grad as number[] | undefined) ?? []),
    ]);
    const after = weights(trainer.net);
    after.forEach((w, i) => assert.ok(Math.abs(w - (before[i] - 0.3 * grads[i])) < 1e-15, `θ${i}`));
  });

  it('a continued run equals one long run: weights, optimizer state and position carry over', () => {
    for (const optimizer of [
      { kind: 'momentum', momentum: 0.9 },
      { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    ] as OptimizerConfig[]) {
      const { spec, data } = setup(optimizer);
      const long = new Trainer(Network.fromSpec(spec), { train: data }, { epochs: 20 });
      while (long.step());
      const parts = new Trainer(Network.fromSpec(spec), { train: data }, { epochs: 8 });
      while (parts.step());
      const first = parts.result();
      assert.ok(first.reason === 'completed' && first.epochs === 8, 'a run of 8 epochs');
      // Three updates into epoch 9, then a run of 12 more epochs (the unfinished one counts first).
      parts.stepBatch();
      parts.stepBatch();
      parts.stepBatch();
      assert.deepEqual(parts.position, { epoch: 8, batch: 3, batches: 5 });
      parts.continueFor(12);
      assert.equal(parts.done, false);
      while (parts.step());
      const run = parts.result();
      assert.ok(run.reason === 'completed' && run.epochs === 12, 'a run of 12 epochs');
      assert.equal(run.final.epoch, 20);
      assert.deepEqual(
        run.history.map((m) => m.epoch),
        Array.from({ length: 12 }, (_, i) => 9 + i),
      );
      assert.deepEqual(parts.history, long.history, optimizer.kind);
      assert.deepEqual(weights(parts.net), weights(long.net), optimizer.kind);
    }
  });

  it('reconfigure keeps the momentum across a new learning rate, and a new optimizer kind starts afresh', () => {
    // J = mean((w·x − t)²) with x = 1, t = 0 → ∂J/∂w = 2w; momentum 0.5, learning rate 0.1 then 0.2.
    const spec = makeSpec({
      input: 1,
      loss: 'mse',
      optimizer: { kind: 'momentum', momentum: 0.5 },
      learningRate: 0.1,
      epochs: 5,
      layers: [{ units: 1, bias: false, weights: [1] }],
    });
    const data = { train: makeData([[1]], [[0]]) };
    const kept = new Trainer(Network.fromSpec(spec), data);
    kept.step(); // v = −0.1·2 = −0.2, w = 0.8
    const same = kept.reconfigure({ ...spec.train, learningRate: 0.2 });
    assert.deepEqual(same, { optimizerReset: false, batchingReset: false });
    kept.step(); // v = 0.5·(−0.2) − 0.2·1.6 = −0.42, w = 0.38
    assert.ok(Math.abs(kept.net.layers[0].W[0] - 0.38) < 1e-15, String(kept.net.layers[0].W[0]));

    const fresh = new Trainer(Network.fromSpec(spec), data);
    fresh.step();
    const other = fresh.reconfigure({ ...spec.train, optimizer: { kind: 'sgd' }, learningRate: 0.2 });
    assert.deepEqual(other, { optimizerReset: true, batchingReset: false });
    fresh.step(); // w = 0.8 − 0.2·1.6 = 0.48
    assert.ok(Math.abs(fresh.net.layers[0].W[0] - 0.48) < 1e-15, String(fresh.net.layers[0].W[0]));
  });

  it('a new batch size restarts the epoch; the epochs done stay', () => {
    const { spec, data } = setup();
    const trainer = new Trainer(Network.fromSpec(spec), { train: data });
    trainer.step();
    trainer.stepBatch();
    trainer.stepBatch();
    assert.deepEqual(trainer.position, { epoch: 1, batch: 2, batches: 5 });
    const change = trainer.reconfigure({ ...spec.train, batchSize: 10 });
    assert.deepEqual(change, { optimizerReset: false, batchingReset: true });
    assert.deepEqual(trainer.position, { epoch: 1, batch: 0, batches: 3 });
    const step = trainer.stepBatch();
    assert.deepEqual([step.epoch, step.batch, step.batches, step.samples.length], [2, 1, 3, 10]);
    const full = trainer.reconfigure({ ...spec.train, batchSize: 'full' });
    assert.equal(full.batchingReset, true);
    const whole = trainer.stepBatch();
    assert.deepEqual([whole.epoch, whole.batch, whole.batches], [2, 1, 1]);
    assert.deepEqual(
      whole.samples,
      Array.from({ length: 23 }, (_, i) => i),
    );
    assert.ok(whole.metrics && whole.metrics.epoch === 2);
  });

  it("full batch: an epoch's update reuses its metrics' forward pass and equals gradient + update from scratch, bit for bit", () => {
    const { spec, data } = setup({ kind: 'momentum', momentum: 0.9 }, 'full');
    const test = { ...data };
    const trained = Network.fromSpec(spec);
    const trainer = new Trainer(trained, { train: data, test });
    const plain = Network.fromSpec(spec);
    const optimizer = makeOptimizer(spec.train.optimizer, spec.train.learningRate, plain.params());
    for (let epoch = 1; epoch <= 6; epoch++) {
      // As the training worker does between epochs: a pass over other rows overwrites the layers.
      if (epoch === 4) backwardReport(trained, data, [0, 5]);
      trainer.step();
      plain.gradient(data.x, data.targets, data.n);
      optimizer.step();
      assert.deepEqual(weights(trained), weights(plain), `epoch ${epoch}`);
    }
  });
});
