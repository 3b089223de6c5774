/**
 * A network built from a validated spec: its layers, loss and regularization, with the batched
 * forward pass (z and a per layer), the backward pass (∂J/∂a per layer and the gradient of every
 * parameter) and the objective J = data loss + regularization.
 *
 * Initialisation (deterministic, from `new Rng(spec.seed)`): layer by layer in order, each layer
 * draws all of its W entries in row-major order (pieces × inputs × units) from its init —
 * xavier (default): uniform(−L, L), L = sqrt(6 / (inputs + units)); he: normal(0, sqrt(2 / inputs));
 * normal(STD); uniform(LIMIT); zeros: no draws. Draws happen even when the spec gives explicit
 * `weights` (which then replace them), so fixing one layer's weights does not change the others'.
 * Biases start at 0 unless the spec gives `biases`; they never consume random numbers.
 */
import type { NetworkConfig } from './config';
import { makeActivation } from './activations';
import { Layer } from './layers';
import { addRegularizationGradient, makeLoss, regularizationLoss, type Loss } from './losses';
import { Rng } from './random';

/** One parameter array of the network, as gradient check and optimizers see it. */
export interface ParamRef {
  /** 1-based layer index. */
  layer: number;
  name: 'W' | 'b';
  value: Float64Array;
  grad: Float64Array;
  shape: number[];
}

export class Network {
  readonly spec: NetworkConfig;
  readonly layers: Layer[];
  readonly loss: Loss;
  readonly l1: number;
  readonly l2: number;
  /** Counts forward passes, so a caller that ran one can tell whether the layers still hold its values. */
  forwards = 0;
  /** Total and data loss of the last `lossOf` / `gradient` call. */
  lastLoss = NaN;
  lastDataLoss = NaN;
  private readonly paramRefs: ParamRef[];

  private constructor(spec: NetworkConfig) {
    this.spec = spec;
    this.layers = spec.layers.map((l) => new Layer(l, makeActivation(l.activation)));
    if (this.layers.length === 0) throw new Error('a network needs at least one layer');
    this.loss = makeLoss(spec.loss, this.output.activation);
    this.l1 = spec.regularization?.l1 ?? 0;
    this.l2 = spec.regularization?.l2 ?? 0;
    this.paramRefs = [];
    for (const layer of this.layers) {
      const { W, b } = layer.shapes;
      this.paramRefs.push({ layer: layer.index, name: 'W', value: layer.W, grad: layer.dW, shape: W });
      if (b) this.paramRefs.push({ layer: layer.index, name: 'b', value: layer.b, grad: layer.db, shape: b });
    }
  }

  /** Allocates and initialises the parameters the spec describes. */
  static fromSpec(spec: NetworkConfig): Network {
    const net = new Network(spec);
    net.initialize();
    return net;
  }

  /** (Re)draws the initial parameters; see the module comment for the order. */
  initialize(): void {
    const rng = new Rng(this.spec.seed);
    this.spec.layers.forEach((ls, i) => {
      const layer = this.layers[i];
      const W = layer.W;
      const init = ls.init;
      switch (init.kind) {
        case 'xavier': {
          const lim = Math.sqrt(6 / (layer.inputs + layer.units));
          for (let j = 0; j < W.length; j++) W[j] = rng.uniform(-lim, lim);
          break;
        }
        case 'he': {
          const std = Math.sqrt(2 / layer.inputs);
          for (let j = 0; j < W.length; j++) W[j] = rng.normal(0, std);
          break;
        }
        case 'normal':
          for (let j = 0; j < W.length; j++) W[j] = rng.normal(0, init.std);
          break;
        case 'uniform':
          for (let j = 0; j < W.length; j++) W[j] = rng.uniform(-init.limit, init.limit);
          break;
        case 'zeros':
          W.fill(0);
          break;
      }
      if (ls.weights) {
        if (ls.weights.length !== W.length)
          throw new Error(`layer ${ls.index}: ${ls.weights.length} weights given, ${W.length} expected`);
        W.set(ls.weights);
      }
      layer.b.fill(0);
      if (ls.biases && layer.hasBias) {
        if (ls.biases.length !== layer.b.length)
          throw new Error(`layer ${ls.index}: ${ls.biases.length} biases given, ${layer.b.length} expected`);
        layer.b.set(ls.biases);
      }
    });
  }

  get inputs(): number {
    return this.spec.input;
  }
  get output(): Layer {
    return this.layers[this.layers.length - 1];
  }
  get outputs(): number {
    return this.output.units;
  }

  /** The parameter arrays (live views: writing value changes the network). */
  params(): ParamRef[] {
    return this.paramRefs;
  }

  paramCount(): number {
    let s = 0;
    for (const l of this.layers) s += l.paramCount();
    return s;
  }

  /** Rows the layers' per-sample buffers hold (they grow to the largest batch asked for; engine/budget.ts says how many a run needs). */
  get capacity(): number {
    return this.layers[0].capacity;
  }

  ensureCapacity(n: number): void {
    for (const l of this.layers) l.ensureCapacity(n);
  }

  /** Forward pass of the first n rows of x (n × inputs); returns the output layer's a (first n rows valid). */
  forward(x: Float64Array, n: number): Float64Array {
    this.forwards++;
    this.ensureCapacity(n);
    let input = x;
    for (const l of this.layers) {
      l.forward(input, n);
      input = l.a;
    }
    return input;
  }

  /** The regularization term over all weights (not biases). */
  regularization(): number {
    if (this.l1 === 0 && this.l2 === 0) return 0;
    let s = 0;
    for (const l of this.layers) s += regularizationLoss(l.W, this.l1, this.l2);
    return s;
  }

  /** Data loss of the current forward state against targets (n × outputs). */
  dataLoss(targets: Float64Array, n: number): number {
    const out = this.output;
    return this.loss.value(out.z, out.a, targets, n, out.units);
  }

  /** J(θ) = data loss + regularization for the batch (forward pass included). */
  lossOf(x: Float64Array, targets: Float64Array, n: number): number {
    this.forward(x, n);
    return this.objective(targets, n);
  }

  /** J of the current forward state (data loss + regularization), kept as lastLoss and lastDataLoss. */
  private objective(targets: Float64Array, n: number): number {
    this.lastDataLoss = this.dataLoss(targets, n);
    this.lastLoss = this.lastDataLoss + this.regularization();
    return this.lastLoss;
  }

  /**
   * Forward and backward pass: fills every layer's z, a, dA (∂J/∂a) and every parameter's grad with
   * ∂J/∂θ of J = data loss + regularization. Returns J — or, with `withLoss` false, NaN without computing it
   * (the gradients do not need J's value; a training step that nobody reads J of skips its logs and sums).
   * `forwardDone`: the layers already hold the forward pass of exactly these n rows at these weights (the
   * Trainer's full-batch epoch metrics just ran it), so it is not run again — the same numbers either way.
   */
  gradient(x: Float64Array, targets: Float64Array, n: number, withLoss = true, forwardDone = false): number {
    let loss = NaN;
    if (!forwardDone) this.forward(x, n);
    if (withLoss) loss = this.objective(targets, n);
    else this.lastLoss = this.lastDataLoss = NaN;
    const layers = this.layers;
    const out = this.output;
    this.loss.backward(out.z, out.a, targets, n, out.units, out.dA, out.dZ);
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      if (i < layers.length - 1) l.backwardActivation(n);
      l.backward(i === 0 ? x : layers[i - 1].a, n, i === 0 ? undefined : layers[i - 1].dA);
      addRegularizationGradient(l.W, l.dW, this.l1, this.l2);
    }
    return loss;
  }

  /**
   * The branch every piecewise part is on for the current forward state (activation corners, maxout
   * argmax, active hinge margins), or undefined when the network is smooth. Two equal patterns mean
   * no corner lies between two parameter settings.
   */
  pattern(targets: Float64Array, n: number): Uint8Array | undefined {
    let size = 0;
    for (const l of this.layers) size += l.patternSize(n);
    const out = this.output;
    if (this.loss.pattern) size += n * out.units;
    if (size === 0) return undefined;
    const p = new Uint8Array(size);
    let off = 0;
    for (const l of this.layers) off = l.pattern(n, p, off);
    if (this.loss.pattern) this.loss.pattern(out.a, targets, n, out.units, p, off);
    return p;
  }

  /** Predicted class of a row of the current output: the argmax, or for a single output whether it exceeds 0.5. */
  predictedClass(row: number): number {
    const out = this.output;
    const w = out.units;
    const a = out.a;
    if (w === 1) return a[row] > 0.5 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < w; j++) if (a[row * w + j] > a[row * w + best]) best = j;
    return best;
  }
}
