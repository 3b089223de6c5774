/**
 * A document's model (issue 9): one network with its current weights (at first the spec's initial
 * ones), the optimizer's state, epoch and batch position and run history — the Trainer's state — plus
 * the initial weights to go back to. Every action uses the current weights: `train(N)` continues from
 * them with the optimizer's state (N then N equals 2N bit for bit), `step()` makes one update on the next
 * mini-batch and says what it changed on every parameter, `reset()` returns to the initial weights with a
 * fresh optimizer, `evaluate()` gives J on the whole training set. `weights` says which weights these are
 * (src/text/ tells it in words). Plain engine code: no I/O, no timers.
 */
import type { NetworkConfig, TrainConfig } from './config';
import { Network } from './network';
import { evaluate, Trainer, type BatchStep, type Reconfigured } from './trainer';
import type { EpochMetrics, TrainResult, TrainTestData } from './types';

/** Which weights the model holds: the spec's initial ones, or trained ones (the last epoch and its loss). */
export type WeightsState = { kind: 'initial' } | { kind: 'trained'; epoch: number; loss: number };

/** One update as `step()` reports it: the trainer's facts plus, per parameter array, new − old. */
export interface ModelStep extends BatchStep {
  updates: Float64Array[];
  /** J (data loss + regularization) on the whole training set after the update. */
  lossAfter: number;
}

export class Model {
  readonly net: Network;
  readonly data: TrainTestData;
  private trainer: Trainer;
  private readonly initial: Float64Array[];
  /** The loss after the last update (undefined at the initial weights). */
  private lastLoss: number | undefined;

  constructor(config: NetworkConfig, data: TrainTestData) {
    this.net = Network.fromSpec(config);
    this.data = data;
    this.initial = this.net.params().map((p) => Float64Array.from(p.value));
    this.trainer = new Trainer(this.net, data, { epochs: 0 });
  }

  /** Which weights the model holds now. */
  get weights(): WeightsState {
    const { epoch, batch } = this.trainer.position;
    if (epoch === 0 && batch === 0) return { kind: 'initial' };
    return { kind: 'trained', epoch, loss: this.lastLoss ?? NaN };
  }

  /** Where training stands ("epoch 3 · batch 5 of 10"), every epoch trained so far, the settings in use. */
  get position(): Trainer['position'] {
    return this.trainer.position;
  }
  get history(): readonly EpochMetrics[] {
    return this.trainer.history;
  }
  get train(): TrainConfig {
    return this.trainer.train;
  }

  /**
   * Trains `epochs` more epochs from the current weights and optimizer state, calling onEpoch after each;
   * isCancelled is asked before each epoch.
   */
  trainFor(
    epochs: number,
    options?: { onEpoch?: (m: EpochMetrics) => void; isCancelled?: () => boolean },
  ): TrainResult {
    this.beginRun(epochs);
    for (;;) {
      if (options?.isCancelled?.()) this.cancel();
      const m = this.trainEpoch();
      if (!m) break;
      options?.onEpoch?.(m);
    }
    return this.result();
  }

  /** Starts a run of `epochs` more epochs (trained by `trainEpoch()`, one call an epoch, so a caller can yield between). */
  beginRun(epochs: number): void {
    this.trainer.continueFor(epochs);
  }

  /** Trains the run's next epoch and applies its stop rules; undefined when the run is over. */
  trainEpoch(): EpochMetrics | undefined {
    const m = this.trainer.step();
    if (m) this.lastLoss = m.loss;
    return m;
  }

  /** Whether the current run has stopped (its budget, a stop rule, divergence or cancel). */
  get done(): boolean {
    return this.trainer.done;
  }

  /** Stops the current run. */
  cancel(): void {
    this.trainer.cancel();
  }

  /** The current run's outcome so far. */
  result(): TrainResult {
    return this.trainer.result();
  }

  /** One optimizer update on the next mini-batch of the epoch; `updates` are new − old, per parameter array. */
  step(): ModelStep {
    const params = this.net.params();
    const before = params.map((p) => Float64Array.from(p.value));
    const step = this.trainer.stepBatch();
    const updates = params.map((p, k) => p.value.map((v, i) => v - before[k][i]));
    const lossAfter = step.metrics?.loss ?? evaluate(this.net, this.data.train).loss;
    this.lastLoss = lossAfter;
    return { ...step, updates, lossAfter };
  }

  /** Back to the spec's initial weights, with a fresh optimizer, position and history. */
  reset(): void {
    this.net.params().forEach((p, k) => p.value.set(this.initial[k]));
    this.trainer = new Trainer(this.net, this.data, { epochs: 0 });
    this.lastLoss = undefined;
  }

  /** Takes edited training settings only (see Trainer.reconfigure): the weights stay. */
  reconfigure(next: TrainConfig): Reconfigured {
    return this.trainer.reconfigure(next);
  }

  /** J (data loss + regularization) and accuracy on the whole training set at the current weights. */
  evaluate(): { loss: number; accuracy?: number } {
    return evaluate(this.net, this.data.train);
  }

  /** A copy of the current weights, per parameter array (for Save Weights and the exports). */
  snapshot(): Float64Array[] {
    return this.net.params().map((p) => Float64Array.from(p.value));
  }
}
