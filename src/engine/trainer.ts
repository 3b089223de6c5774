/**
 * The training loop, one optimizer update at a time: `stepBatch()` makes one update on the next
 * mini-batch of the epoch (an optional seeded shuffle when an epoch begins, then the batches in order;
 * the full batch is one update per epoch) and says where it stands ("epoch 3 · batch 5 of 10"); `step()`
 * trains the rest of the epoch and applies the stop rules. A trainer is a model's training state —
 * weights (in its network), optimizer state, epoch and batch position, history — and lives on across
 * runs: `continueFor(N)` starts a run of N more epochs from where it stands, and `reconfigure` takes
 * edited training settings without losing the weights.
 *
 * Metrics: `loss` is the full training objective (data loss + regularization) over the whole training
 * set evaluated after the epoch's updates, so it is comparable between batch sizes and matches what
 * `forward` reports for the trained weights; `accuracy` is seed 002's classification rate (argmax,
 * or output > 0.5 for a single output) for class data; test figures likewise when there is a test set.
 * Stop rules (a run's): the epoch budget; `loss_below` (loss < X); `weight_change_below` (the largest
 * |Δw| of any parameter over the epoch < X — seed 000's convergence loop); NaN/Infinity in the loss or
 * the parameters ('diverged', with the epoch and the learning rate among its facts); `cancel()`. The
 * result says why a run stopped as facts (TrainStop); src/text/training.ts tells them in words.
 * Shuffling uses its own seeded stream (deriveSeed(spec.seed, SHUFFLE_STREAM)), so it does not
 * disturb initialisation or data generation. Batch buffers are allocated once: no allocation per step.
 */
import { findNonFinite, type NonFiniteCause } from './nonFinite';
import { gatherRows } from './batch';
import { MAX_EPOCHS, type TrainConfig } from './config';
import { bufferRows, evaluationRows, rowNumbers } from './budget';
import { checkDataFits, deriveSeed } from './data/load';
import type { Network } from './network';
import { makeOptimizer, type Optimizer } from './optimizers';
import { Rng } from './random';
import { stopRuleAt } from './stopRules';
import type { Dataset, EpochMetrics, TrainResult, TrainStop, TrainTestData } from './types';
import { residentArray } from './wasmMemory';

/** Numbers of a full-batch training set the Trainer copies into the kernels' memory (32 MB); larger ones are read where they are. */
const RESIDENT_FULL_BATCH = 1 << 22;

const SHUFFLE_STREAM = 0x5f1e;

/** The seed of the shuffle stream of a spec's seed (for programs that reproduce nnspec's batches). */
export function shuffleSeed(seed: number): number {
  return deriveSeed(seed, SHUFFLE_STREAM);
}

export interface TrainerOptions {
  /** The first run's epoch budget (default: the spec's `epochs`). */
  epochs?: number;
}

/** Where training stands: `epoch` epochs completed, and `batch` of the next epoch's `batches` updates done. */
export interface TrainPosition {
  epoch: number;
  batch: number;
  batches: number;
}

/** One optimizer update, as `stepBatch()` reports it. */
export interface BatchStep {
  /** The epoch the update belongs to (from 1) and its batch in that epoch (from 1) of `batches`. */
  epoch: number;
  batch: number;
  batches: number;
  /** Indices into the training set of the batch's samples, in the order used. */
  samples: number[];
  /** J (data loss + regularization) of the batch at the weights before the update. */
  loss: number;
  /** The epoch's metrics, when this update completed the epoch. */
  metrics?: EpochMetrics;
}

/** What `reconfigure` kept and what it started afresh. */
export interface Reconfigured {
  /** The optimizer's kind changed: its state (velocities, moments) starts from zero. */
  optimizerReset: boolean;
  /** The batch size changed: the next update starts a new epoch. */
  batchingReset: boolean;
}

export class Trainer {
  readonly net: Network;
  readonly data: TrainTestData;
  /** Every epoch trained, across runs. */
  readonly history: EpochMetrics[] = [];
  private settings: TrainConfig;
  private epoch = 0;
  /** Updates done in the current (unfinished) epoch. */
  private batchInEpoch = 0;
  /** The current run: its first epoch's index in `history`, and the epoch it ends at. */
  private runStart = 0;
  private runStartEpoch = 0;
  private endEpoch: number;
  private stopped: TrainStop | undefined;
  private optimizer: Optimizer;
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private batchSize = 0;
  /** Whether this run has looked at the loss at the weights it started from; where it was not finite, if it was not. */
  private startChecked = false;
  private startCause: NonFiniteCause | undefined;
  /** The batch's inputs (in the kernels' memory; a full batch's copy of the training set) and targets. */
  private xb: Float64Array = new Float64Array(0);
  private tb = new Float64Array(0);
  /**
   * `net.forwards` right after the epoch metrics' forward pass over the whole training set in one piece (the
   * layers then hold the next full-batch update's forward pass), else −1.
   */
  private forwardHeld = -1;
  /** The weights when the epoch began, for `weight_change_below` (undefined: not kept this epoch). */
  private before: Float64Array[] | undefined;

  constructor(net: Network, data: TrainTestData, options?: TrainerOptions) {
    this.net = net;
    this.data = data;
    const spec = net.spec;
    const train = data.train;
    checkDataFits(train, net);
    this.settings = spec.train;
    this.optimizer = makeOptimizer(spec.train.optimizer, spec.train.learningRate, net.params());
    this.rng = new Rng(shuffleSeed(spec.seed));
    this.order = Int32Array.from({ length: train.n }, (_, i) => i);
    this.setBatchSize();
    this.endEpoch = Math.max(0, Math.min(MAX_EPOCHS, Math.floor(options?.epochs ?? spec.train.epochs)));
    if (this.endEpoch === 0) this.stopped = { reason: 'completed', epochs: 0 };
  }

  /** The current run's epoch budget. */
  get epochs(): number {
    return this.endEpoch - this.runStartEpoch;
  }

  /** The training settings in use. */
  get train(): TrainConfig {
    return this.settings;
  }

  /** Where training stands (see TrainPosition). */
  get position(): TrainPosition {
    return { epoch: this.epoch, batch: this.batchInEpoch, batches: this.batchesPerEpoch };
  }

  /** Optimizer updates per epoch: 1 for the full batch. */
  get batchesPerEpoch(): number {
    const n = this.data.train.n;
    return this.batchSize >= n ? 1 : Math.ceil(n / this.batchSize);
  }

  /** True once the current run has stopped (budget reached, a stop rule, divergence or cancel). */
  get done(): boolean {
    return this.stopped !== undefined;
  }

  /** Stops the current run; the next `step()` returns undefined. */
  cancel(): void {
    if (!this.done) this.stopped = { reason: 'cancelled', epochs: this.epoch - this.runStartEpoch };
  }

  /**
   * Starts a new run of `epochs` more epochs from where training stands: the weights, the optimizer's
   * state and the position are kept (an unfinished epoch is finished first and counts as the run's first).
   */
  continueFor(epochs: number): void {
    this.stopped = undefined;
    this.runStart = this.history.length;
    this.runStartEpoch = this.epoch;
    this.startChecked = false;
    this.startCause = undefined;
    this.endEpoch = this.epoch + Math.max(0, Math.min(MAX_EPOCHS, Math.floor(epochs)));
    if (this.endEpoch === this.epoch) this.stopped = { reason: 'completed', epochs: 0 };
  }

  /**
   * Takes edited training settings (the network and its data unchanged), keeping the weights: the
   * optimizer's state too unless its kind changed, and the position unless the batch size changed.
   */
  reconfigure(next: TrainConfig): Reconfigured {
    const optimizerReset = next.optimizer.kind !== this.optimizer.name;
    if (optimizerReset) this.optimizer = makeOptimizer(next.optimizer, next.learningRate, this.net.params());
    else this.optimizer.configure(next.optimizer, next.learningRate);
    const batchingReset = next.batchSize !== this.settings.batchSize;
    const unshuffled = this.settings.shuffle && !next.shuffle;
    this.settings = next;
    if (batchingReset) {
      this.setBatchSize();
      this.batchInEpoch = 0;
    }
    // Without shuffling, epochs take the samples in their order (as a trainer that never shuffled does).
    if (unshuffled && this.batchInEpoch === 0) for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    if (next.stop.weightChangeBelow === undefined) this.before = undefined;
    return { optimizerReset, batchingReset };
  }

  /** One optimizer update on the next mini-batch of the epoch (whether or not the run is done). */
  stepBatch(): BatchStep {
    const epoch = this.epoch + 1;
    const batch = this.batchInEpoch + 1;
    const batches = this.batchesPerEpoch;
    const start = this.batchInEpoch * this.batchSize;
    const full = this.batchSize >= this.data.train.n;
    const loss = this.update(true);
    const count = full ? this.data.train.n : Math.min(this.batchSize, this.data.train.n - start);
    const samples = full
      ? Array.from({ length: count }, (_, i) => i)
      : Array.from(this.order.subarray(start, start + count));
    const metrics = this.batchInEpoch === 0 ? this.history[this.history.length - 1] : undefined;
    return { epoch, batch, batches, samples, loss, ...(metrics ? { metrics } : {}) };
  }

  /** Trains the rest of the epoch and returns its metrics, or undefined when the run is over. */
  step(): EpochMetrics | undefined {
    if (this.done) return undefined;
    const epoch = this.epoch;
    while (this.epoch === epoch) this.update(false);
    const metrics = this.history[this.history.length - 1];
    this.applyStopRules(metrics);
    return metrics;
  }

  /** The current run's outcome so far (final = its last epoch's metrics, or the network's now when none ran). */
  result(): TrainResult {
    const history = this.history.slice(this.runStart);
    const final =
      history.length > 0 ? history[history.length - 1] : { epoch: this.epoch, ...evaluate(this.net, this.data.train) };
    const stop: TrainStop = this.stopped ?? {
      reason: 'cancelled',
      epochs: this.epoch - this.runStartEpoch,
      detail: 'running',
    };
    return { ...stop, history, final };
  }

  /** The batch size of the settings, and buffers for it: the batch's gathered rows, and the layers' rows (engine/budget.ts). */
  private setBatchSize(): void {
    const train = this.data.train;
    const bs = this.settings.batchSize;
    this.batchSize = bs === 'full' ? train.n : Math.max(1, Math.min(Math.floor(bs), train.n));
    if (this.batchSize < train.n) {
      this.xb = residentArray(this.batchSize * train.inputs);
      this.tb = new Float64Array(this.batchSize * train.targetWidth);
    } else if (train.x.length <= RESIDENT_FULL_BATCH) {
      // A full batch is the training set: a copy in the kernels' memory spares a copy in every product.
      this.xb = residentArray(train.x.length);
      this.xb.set(train.x);
    } else this.xb = train.x;
    const samples = Math.max(train.n, this.data.test?.n ?? 0);
    this.net.ensureCapacity(bufferRows(this.net.layers, { batch: this.batchSize, gradcheck: 0, samples }));
  }

  /**
   * One update; when it completes the epoch, the epoch's metrics join the history. Returns the batch's J when
   * `withLoss` (else NaN: the epoch's metrics evaluate J afterwards, so a step needs only the gradients).
   */
  private update(withLoss: boolean): number {
    const net = this.net;
    const train = this.data.train;
    if (this.batchInEpoch === 0) this.beginEpoch();
    let loss: number;
    if (this.batchSize >= train.n) {
      // Full batch: the gradient is a sum over all samples, so their order does not matter.
      // The run's first update looks at J: a finite one spares checkStart its scan of every sample. The last
      // epoch's metrics may have left this very forward pass in the layers (nothing ran a pass since).
      const held = this.forwardHeld === net.forwards;
      loss = net.gradient(this.xb, train.targets, train.n, withLoss || !this.startChecked, held);
      this.checkStart(Number.isFinite(loss));
      this.optimizer.step();
    } else {
      const start = this.batchInEpoch * this.batchSize;
      const m = Math.min(this.batchSize, train.n - start);
      gatherRows(train.x, train.inputs, this.order, start, m, this.xb);
      gatherRows(train.targets, train.targetWidth, this.order, start, m, this.tb);
      loss = net.gradient(this.xb, this.tb, m, withLoss);
      this.checkStart(false);
      this.optimizer.step();
    }
    this.batchInEpoch++;
    if (this.batchInEpoch >= this.batchesPerEpoch) this.endEpochNow();
    return loss;
  }

  /**
   * Before the run's first update (the gradients are computed, the weights not yet changed): where the loss
   * at the starting weights is not finite, if it is not — so a NaN that no step caused is not blamed on the
   * learning rate. `finite`: the loss is known to be finite (a full batch's J); else all samples are scanned.
   */
  private checkStart(finite: boolean): void {
    if (this.startChecked) return;
    this.startChecked = true;
    if (finite) return;
    const train = this.data.train;
    this.startCause = findNonFinite(this.net, train.x, train.targets, train.n);
  }

  private beginEpoch(): void {
    const params = this.net.params();
    if (this.settings.stop.weightChangeBelow !== undefined) {
      this.before ??= params.map((p) => new Float64Array(p.value.length));
      params.forEach((p, k) => this.before![k].set(p.value));
    }
    if (this.batchSize < this.data.train.n && this.settings.shuffle) this.rng.shuffle(this.order);
  }

  private endEpochNow(): void {
    this.batchInEpoch = 0;
    this.epoch++;
    // The test set first: the training set's pass, evaluated last, stays in the layers for the next update.
    const test = this.data.test && this.data.test.n > 0 ? evaluate(this.net, this.data.test) : undefined;
    const train = this.data.train;
    const metrics: EpochMetrics = { epoch: this.epoch, ...evaluate(this.net, train) };
    this.forwardHeld = evaluatesInOnePass(this.net, train.n) ? this.net.forwards : -1;
    if (test) {
      metrics.testLoss = test.loss;
      if (test.accuracy !== undefined) metrics.testAccuracy = test.accuracy;
    }
    this.history.push(metrics);
  }

  private applyStopRules(metrics: EpochMetrics): void {
    const net = this.net;
    const before = this.before;
    const epoch = this.epoch;
    this.stopped = stopRuleAt(
      epoch,
      metrics,
      paramsFinite(net),
      () => (before ? maxChange(net, before) : undefined),
      this.settings.stop,
      this.settings.learningRate,
    );
    if (this.stopped?.reason === 'diverged' && this.startCause)
      this.stopped = { ...this.stopped, start: this.startCause };
    if (!this.done && epoch >= this.endEpoch)
      this.stopped = { reason: 'completed', epochs: epoch - this.runStartEpoch };
  }
}

/** Trains to the end (or until cancelled), calling onEpoch after every epoch. */
export function train(
  net: Network,
  data: TrainTestData,
  options?: { epochs?: number; onEpoch?: (m: EpochMetrics) => void; isCancelled?: () => boolean },
): TrainResult {
  const trainer = new Trainer(net, data, { epochs: options?.epochs });
  for (;;) {
    if (options?.isCancelled?.()) trainer.cancel();
    const m = trainer.step();
    if (!m) break;
    options?.onEpoch?.(m);
  }
  return trainer.result();
}

/** Whether `evaluate` runs n rows as one forward pass (else in chunks of the rows the buffers hold). */
function evaluatesInOnePass(net: Network, n: number): boolean {
  return n <= Math.max(net.capacity, evaluationRows(rowNumbers(net.layers)));
}

/**
 * Loss (with regularization) and, for class data, accuracy of the network on a whole data set, in
 * chunks of the network's buffer rows (at least one evaluation chunk): the loss's sum runs on from chunk
 * to chunk in sample order, and the last chunk is the data set's last `chunk` samples (it overlaps the
 * one before, whose samples are not counted twice), so every chunk takes the kernels' paths one pass over
 * all samples would, and the numbers equal that pass's.
 */
export function evaluate(net: Network, data: Dataset): { loss: number; accuracy?: number } {
  const n = data.n;
  const chunk = evaluatesInOnePass(net, n) ? n : Math.max(net.capacity, evaluationRows(rowNumbers(net.layers)));
  const out = net.output;
  const w = out.units;
  const d = data.inputs;
  let sum = 0;
  let correct = 0;
  for (let done = 0; done < n;) {
    const start = Math.min(done, n - chunk);
    net.forward(data.x.subarray(start * d, (start + chunk) * d), chunk);
    const skip = done - start;
    const rows = chunk - skip;
    sum = net.loss.sum(
      out.z.subarray(skip * w),
      out.a.subarray(skip * w),
      data.targets.subarray(done * w, (done + rows) * w),
      rows,
      w,
      sum,
    );
    if (data.labels) for (let r = skip; r < chunk; r++) if (net.predictedClass(r) === data.labels[start + r]) correct++;
    done += rows;
  }
  net.lastDataLoss = sum / net.loss.divisor(n, w);
  net.lastLoss = net.lastDataLoss + net.regularization();
  if (!data.labels || n === 0) return { loss: net.lastLoss };
  return { loss: net.lastLoss, accuracy: correct / n };
}

function paramsFinite(net: Network): boolean {
  for (const p of net.params()) {
    const v = p.value;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  }
  return true;
}

function maxChange(net: Network, before: Float64Array[]): number {
  let max = 0;
  net.params().forEach((p, k) => {
    const v = p.value,
      b = before[k];
    for (let i = 0; i < v.length; i++) {
      const d = Math.abs(v[i] - b[i]);
      if (d > max) max = d;
    }
  });
  return max;
}
