/**
 * Training a graph, a cost-function explorer: the output is the cost, and gradient descent (or any of
 * the optimizers) moves the inputs named in `train.params` against its gradient, one step per epoch.
 * An epoch's loss is the output after its step; the stop rules are the networks' (stopRules.ts), with
 * the largest change of a parameter in the step as the weight change; the result is the same facts.
 */
import type { GraphTrainConfig } from '../config';
import { makeOptimizer, type Optimizer } from '../optimizers';
import { stopRuleAt } from '../stopRules';
import type { EpochMetrics, TrainResult, TrainStop } from '../types';
import type { Wire } from './gates';
import type { Graph } from './graph';

export class GraphTrainer {
  readonly epochs: number;
  readonly history: EpochMetrics[] = [];
  private epoch = 0;
  private stopped: TrainStop | undefined;
  private readonly params: Wire[];
  private readonly optimizer: Optimizer;
  private readonly before: Float64Array[];

  constructor(
    readonly graph: Graph,
    readonly train: GraphTrainConfig,
    options?: { epochs?: number },
  ) {
    this.params = train.params.map((name) => {
      const w = graph.inputs.find((i) => i.name === name);
      if (!w) throw new Error(`train: params: ${name} is not an input of the graph`);
      return w;
    });
    this.epochs = Math.max(0, Math.floor(options?.epochs ?? train.epochs));
    this.optimizer = makeOptimizer(train.optimizer, train.learningRate, this.params);
    this.before = this.params.map((p) => new Float64Array(p.value.length));
    if (this.epochs === 0) this.stopped = { reason: 'completed', epochs: 0 };
  }

  /** True once training has stopped (budget reached, a stop rule, divergence or cancel). */
  get done(): boolean {
    return this.stopped !== undefined;
  }

  cancel(): void {
    if (!this.done) this.stopped = { reason: 'cancelled', epochs: this.epoch };
  }

  /** One gradient step; returns the epoch's metrics, or undefined when training is over. */
  step(): EpochMetrics | undefined {
    if (this.done) return undefined;
    this.params.forEach((p, k) => this.before[k].set(p.value));
    this.graph.forward();
    this.graph.backward();
    this.optimizer.step();
    this.epoch++;
    const metrics: EpochMetrics = { epoch: this.epoch, loss: this.graph.forward() };
    this.history.push(metrics);
    let change = 0;
    this.params.forEach((p, k) => {
      for (let i = 0; i < p.value.length; i++) change = Math.max(change, Math.abs(p.value[i] - this.before[k][i]));
    });
    const { stop, learningRate } = this.train;
    this.stopped = stopRuleAt(this.epoch, metrics, Number.isFinite(change), () => change, stop, learningRate);
    if (!this.done && this.epoch >= this.epochs) this.stopped = { reason: 'completed', epochs: this.epoch };
    return metrics;
  }

  /** The outcome so far: why it stopped (facts), the history and the last metrics. */
  result(): TrainResult {
    const final =
      this.history.length > 0 ? this.history[this.history.length - 1] : { epoch: 0, loss: this.graph.forward() };
    const stop: TrainStop = this.stopped ?? { reason: 'cancelled', epochs: this.epoch, detail: 'running' };
    return { ...stop, history: this.history.slice(), final };
  }
}
