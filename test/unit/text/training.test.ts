/**
 * Training told in words (src/text/training.ts): an epoch's metrics, the status-bar text, and why a run
 * stopped, from the facts real trainer runs report — every stop reason keeps its numbers in the sentence.
 */
import * as assert from 'assert';
import { Network } from '../../../src/engine/network';
import { Trainer, train } from '../../../src/engine/trainer';
import type { TrainResult } from '../../../src/engine/types';
import { finishedText, formatMetrics, stopMessage } from '../../../src/text/training';
import { divergingRun, workedExample } from '../fixtures/engine';

const M = '\u2212';

describe('text training', () => {
  const { spec, data } = workedExample();
  const run = (stop: { lossBelow?: number; weightChangeBelow?: number }, epochs: number): TrainResult =>
    train(Network.fromSpec({ ...spec, train: { ...spec.train, epochs, stop } }), { train: data });

  it('tells an epoch’s metrics in the loss and percent formats', () => {
    assert.equal(
      formatMetrics({ epoch: 3, loss: 0.52699227, accuracy: 0.953, testLoss: 0.61, testAccuracy: 0.9 }),
      'loss 0.526992 · accuracy 95.3% · test loss 0.61 · test accuracy 90.0%',
    );
  });

  it('completed, nothing to train, loss_below and weight_change_below', () => {
    assert.equal(stopMessage(run({}, 5)), 'trained 5 epochs');
    assert.equal(stopMessage(run({}, 1)), 'trained 1 epoch');
    assert.equal(
      stopMessage(new Trainer(Network.fromSpec(spec), { train: data }, { epochs: 0 }).result()),
      'no epochs to train',
    );
    const below = run({ lossBelow: 0.1 }, 1000);
    assert.equal(
      stopMessage(below),
      `loss ${Number(below.final.loss.toPrecision(6))} fell below 0.1 at epoch ${below.final.epoch}`,
    );
    const still = run({ weightChangeBelow: 1e-3 }, 100000);
    assert.match(
      stopMessage(still),
      new RegExp(`^the weights changed by at most \\d\\.\\d+e${M}4 in epoch \\d+, below 0\\.001: converged$`),
    );
  });

  it('cancelled, in progress, and ended because the worker did not answer', () => {
    const trainer = new Trainer(Network.fromSpec(spec), { train: data }, { epochs: 10 });
    trainer.step();
    trainer.step();
    assert.equal(stopMessage(trainer.result()), 'training in progress at epoch 2');
    trainer.cancel();
    assert.equal(stopMessage(trainer.result()), 'training cancelled after 2 epochs');
    assert.equal(
      stopMessage({ reason: 'cancelled', epochs: 7, detail: 'unanswered' }),
      'stopped after 7 epochs (the worker was ended because it did not answer in time)',
    );
  });

  it('diverged: when, what and the likely cause', () => {
    const { spec: diverging, data: points } = divergingRun();
    const r = train(Network.fromSpec(diverging), { train: points });
    assert.match(
      stopMessage(r),
      /^(loss became (NaN|infinite)|the weights became NaN or infinite) at epoch \d+; the learning rate 1e6 is likely too large$/,
    );
    assert.equal(
      stopMessage({ reason: 'diverged', epoch: 37, cause: 'nan-loss', learningRate: 10 }),
      'loss became NaN at epoch 37; the learning rate 10 is likely too large',
    );
  });

  it('tells a finished run once: why it stopped, then its metrics (no second epoch count)', () => {
    const r = run({}, 3);
    const text = finishedText('lecture.nnspec', r);
    assert.equal(text, `Training finished (lecture.nnspec): trained 3 epochs · ${formatMetrics(r.final)}`);
    assert.equal(text.match(/epoch/g)?.length, 1, text);
  });
});
