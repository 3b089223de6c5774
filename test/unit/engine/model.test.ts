/**
 * The document's model (src/engine/model.ts): after training, J on the whole training set is the
 * training's final loss; one step changes the weights by exactly the updates it reports; reset gives the
 * initial J back; training N then N epochs equals 2N bit for bit with momentum and Adam (the optimizer's
 * state continues); a training-settings edit keeps the weights.
 */
import { strict as assert } from 'node:assert';
import type { OptimizerConfig } from '../../../src/engine/config';
import { Model } from '../../../src/engine/model';
import { Network } from '../../../src/engine/network';
import { backwardReport } from '../../../src/engine/passes';
import { twoClassesInBatches } from '../fixtures/engine';

const setup = twoClassesInBatches;

const flat = (arrays: Float64Array[]): number[] => arrays.flatMap((a) => Array.from(a));

describe('engine model (a document’s current weights)', () => {
  it('after training, J on the whole training set is the final loss (to 1e-12), and says so', () => {
    const { spec, data } = setup();
    const model = new Model(spec, { train: data });
    assert.deepEqual(model.weights, { kind: 'initial' });
    const result = model.trainFor(30);
    const j = model.evaluate().loss;
    assert.ok(Math.abs(j - result.final.loss) <= 1e-12, `${j} vs ${result.final.loss}`);
    assert.deepEqual(model.weights, { kind: 'trained', epoch: 30, loss: result.final.loss });
  });

  it('one step changes every weight by exactly the update it reports, θ − η·∂J/∂θ of its batch (sgd)', () => {
    const { spec, data } = setup({ kind: 'sgd' });
    const model = new Model(spec, { train: data });
    model.step();
    const copy = Network.fromSpec(spec);
    copy.params().forEach((p, k) => p.value.set(model.net.params()[k].value));
    const before = model.snapshot();
    const step = model.step();
    assert.deepEqual([step.epoch, step.batch, step.batches], [1, 2, 5]);
    assert.deepEqual(model.position, { epoch: 0, batch: 2, batches: 5 });
    const after = model.snapshot();
    after.forEach((a, k) => a.forEach((w, i) => assert.equal(w, before[k][i] + step.updates[k][i], `θ${k},${i}`)));
    const reference = backwardReport(copy, data, step.samples);
    const grads = reference.layers.flatMap((l) => [
      ...(l.params.W.grad as number[][]).flat(),
      ...((l.params.b?.grad as number[] | undefined) ?? []),
    ]);
    flat(step.updates).forEach((u, i) => assert.ok(Math.abs(u + 0.3 * grads[i]) < 1e-15, `update ${i}`));
    assert.equal(model.weights.kind, 'trained');
  });

  it('reset gives back the initial weights and the initial J, with a fresh position', () => {
    const { spec, data } = setup({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const model = new Model(spec, { train: data });
    const initial = model.snapshot();
    const j0 = model.evaluate().loss;
    model.trainFor(5);
    model.step();
    assert.notEqual(model.evaluate().loss, j0);
    model.reset();
    assert.deepEqual(flat(model.snapshot()), flat(initial));
    assert.equal(model.evaluate().loss, j0);
    assert.deepEqual(model.weights, { kind: 'initial' });
    assert.deepEqual(model.position, { epoch: 0, batch: 0, batches: 5 });
    // After a reset, training is the same as from a new model.
    const fresh = new Model(spec, { train: data });
    assert.deepEqual(model.trainFor(4).history, fresh.trainFor(4).history);
  });

  it('the optimizer state continues: N then N epochs equal 2N, bit for bit (momentum, Adam)', () => {
    for (const optimizer of [
      { kind: 'momentum', momentum: 0.9 },
      { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    ] as OptimizerConfig[]) {
      const { spec, data } = setup(optimizer);
      const long = new Model(spec, { train: data });
      long.trainFor(16);
      const parts = new Model(spec, { train: data });
      parts.trainFor(8);
      const second = parts.trainFor(8);
      assert.equal(second.final.epoch, 16);
      assert.deepEqual(flat(parts.snapshot()), flat(long.snapshot()), optimizer.kind);
      assert.deepEqual(parts.history, long.history, optimizer.kind);
    }
  });

  it('a training-settings edit keeps the weights', () => {
    const { spec, data } = setup();
    const model = new Model(spec, { train: data });
    model.trainFor(3);
    const before = flat(model.snapshot());
    const reconfigured = model.reconfigure({ ...spec.train, learningRate: 0.05 });
    assert.equal(reconfigured.optimizerReset, false);
    assert.deepEqual(flat(model.snapshot()), before);
    assert.equal(model.weights.kind, 'trained');
  });
});
