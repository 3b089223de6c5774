/**
 * The training loop: one epoch per `step()` — an optional seeded shuffle, mini-batches (or the full
 * batch), a forward/backward pass and an optimizer update per batch — then the epoch's metrics.
 *
 * Metrics: `loss` is the full training objective (data loss + regularization) over the whole training
 * set evaluated after the epoch's updates, so it is comparable between batch sizes and matches what
 * `forward` reports for the trained weights; `accuracy` is seed 002's classification rate (argmax,
 * or output > 0.5 for a single output) for class data; test figures likewise when there is a test set.
 * Stop rules: the epoch budget; `loss_below` (loss < X); `weight_change_below` (the largest |Δw| of
 * any parameter over the epoch < X — seed 000's convergence loop); NaN/Infinity in the loss or the
 * parameters ('diverged', with the epoch and the learning rate among its facts); `cancel()`. The result
 * says why training stopped as facts (TrainStop); src/text/training.ts tells them in words.
 * Shuffling uses its own seeded stream (deriveSeed(spec.seed, SHUFFLE_STREAM)), so it does not
 * disturb initialisation or data generation. Batch buffers are allocated once: no allocation per step.
 */
import { gatherRows } from './batch';
import { checkDataFits, deriveSeed } from './data/load';
import type { Network } from './network';
import { makeOptimizer, type Optimizer } from './optimizers';
import { Rng } from './random';
import type { Dataset, EpochMetrics, TrainResult, TrainStop, TrainTestData } from './types';

const SHUFFLE_STREAM = 0x5f1e;

export interface TrainerOptions {
  epochs?: number;
}

export class Trainer {
  readonly net: Network;
  readonly data: TrainTestData;
  readonly epochs: number;
  readonly history: EpochMetrics[] = [];
  private epoch = 0;
  private stopped: TrainStop | undefined;
  private readonly optimizer: Optimizer;
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private readonly batchSize: number;
  private readonly xb: Float64Array;
  private readonly tb: Float64Array;
  private readonly before: Float64Array[] | undefined;

  constructor(net: Network, data: TrainTestData, options?: TrainerOptions) {
    this.net = net;
    this.data = data;
    const spec = net.spec;
    const train = data.train;
    checkDataFits(train, net);
    this.epochs = Math.max(0, Math.floor(options?.epochs ?? spec.train.epochs));
    this.optimizer = makeOptimizer(spec.train.optimizer, spec.train.learningRate, net.params());
    this.rng = new Rng(deriveSeed(spec.seed, SHUFFLE_STREAM));
    this.order = Int32Array.from({ length: train.n }, (_, i) => i);
    const bs = spec.train.batchSize;
    this.batchSize = bs === 'full' ? train.n : Math.max(1, Math.min(Math.floor(bs), train.n));
    this.xb = new Float64Array(this.batchSize * train.inputs);
    this.tb = new Float64Array(this.batchSize * train.targetWidth);
    this.before =
      spec.train.stop.weightChangeBelow !== undefined
        ? net.params().map((p) => new Float64Array(p.value.length))
        : undefined;
    net.ensureCapacity(Math.max(train.n, data.test?.n ?? 0));
    if (this.epochs === 0) this.stopped = { reason: 'completed', epochs: 0 };
  }

  /** True once training has stopped (budget reached, a stop rule, divergence or cancel). */
  get done(): boolean {
    return this.stopped !== undefined;
  }

  /** Stops training; the next `step()` returns undefined. */
  cancel(): void {
    if (!this.done) this.stopped = { reason: 'cancelled', epochs: this.epoch };
  }

  /** Trains one epoch and returns its metrics, or undefined when training is over. */
  step(): EpochMetrics | undefined {
    if (this.done) return undefined;
    const net = this.net;
    const train = this.data.train;
    const spec = net.spec;
    if (this.before) net.params().forEach((p, k) => this.before![k].set(p.value));

    if (this.batchSize >= train.n) {
      // Full batch: the gradient is a sum over all samples, so their order does not matter.
      net.gradient(train.x, train.targets, train.n);
      this.optimizer.step();
    } else {
      if (spec.train.shuffle) this.rng.shuffle(this.order);
      for (let start = 0; start < train.n; start += this.batchSize) {
        const m = Math.min(this.batchSize, train.n - start);
        gatherRows(train.x, train.inputs, this.order, start, m, this.xb);
        gatherRows(train.targets, train.targetWidth, this.order, start, m, this.tb);
        net.gradient(this.xb, this.tb, m);
        this.optimizer.step();
      }
    }
    this.epoch++;

    const metrics: EpochMetrics = { epoch: this.epoch, ...evaluate(net, train) };
    if (this.data.test && this.data.test.n > 0) {
      const t = evaluate(net, this.data.test);
      metrics.testLoss = t.loss;
      if (t.accuracy !== undefined) metrics.testAccuracy = t.accuracy;
    }
    this.history.push(metrics);

    const rule = spec.train.stop;
    const epoch = this.epoch;
    if (!Number.isFinite(metrics.loss) || !paramsFinite(net)) {
      const cause = Number.isFinite(metrics.loss)
        ? 'weights'
        : Number.isNaN(metrics.loss)
          ? 'nan-loss'
          : 'infinite-loss';
      this.stopped = { reason: 'diverged', epoch, cause, learningRate: spec.train.learningRate };
    } else if (rule.lossBelow !== undefined && metrics.loss < rule.lossBelow) {
      this.stopped = { reason: 'loss_below', epoch, loss: metrics.loss, threshold: rule.lossBelow };
    } else if (this.before && rule.weightChangeBelow !== undefined) {
      const change = maxChange(net, this.before);
      if (change < rule.weightChangeBelow)
        this.stopped = { reason: 'weight_change_below', epoch, change, threshold: rule.weightChangeBelow };
    }
    if (!this.done && epoch >= this.epochs) this.stopped = { reason: 'completed', epochs: epoch };
    return metrics;
  }

  /** The outcome so far (final = the last epoch's metrics, or the untrained network's when none ran). */
  result(): TrainResult {
    const final =
      this.history.length > 0
        ? this.history[this.history.length - 1]
        : { epoch: 0, ...evaluate(this.net, this.data.train) };
    const stop: TrainStop = this.stopped ?? { reason: 'cancelled', epochs: this.epoch, detail: 'running' };
    return { ...stop, history: this.history.slice(), final };
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

/** Loss (with regularization) and, for class data, accuracy of the network on a whole data set. */
export function evaluate(net: Network, data: Dataset): { loss: number; accuracy?: number } {
  const loss = net.lossOf(data.x, data.targets, data.n);
  if (!data.labels || data.n === 0) return { loss };
  let correct = 0;
  for (let i = 0; i < data.n; i++) if (net.predictedClass(i) === data.labels[i]) correct++;
  return { loss, accuracy: correct / data.n };
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
