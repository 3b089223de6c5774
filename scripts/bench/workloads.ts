/**
 * The two benchmark workloads, built identically for both engines from one seeded Rng: shapes,
 * data (seed 003's spiral for A, synthetic MNIST-shaped noise for B), initial weights, and the
 * .nnspec text the project's engine is built from.
 */
import { Rng } from '../../src/engine/random';
import type { Dataset } from '../../src/engine/types';

export interface LayerDef {
  units: number;
  activation: 'sigmoid' | 'relu' | 'softmax';
}

/** One engine set up on one workload. */
export interface Runner {
  /** One forward + backward + update on the workload's batch; returns the loss of that forward pass (before the update). */
  step(): number;
  /** The loss on the current weights, without training. */
  loss(): number;
  dispose(): void;
}

export interface Workload {
  id: 'A' | 'B';
  title: string;
  input: number;
  layers: LayerDef[];
  /** L2 strength λ of 0.5·λ·ΣW² (0 = none). */
  l2: number;
  learningRate: number;
  /** One step trains on this whole data set (the batch). */
  data: Dataset;
  /** Initial W (inputs × units, row-major) and b per layer. */
  weights: { W: Float64Array; b: Float64Array }[];
}

/** Seed 003's spiral: `points` per class on `classes` arms, angle noise 0.2, one-hot targets. */
export function spiralData(rng: Rng, points: number, classes: number): Dataset {
  const n = points * classes;
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < points; i++) {
      const k = j * points + i;
      const r = points > 1 ? i / (points - 1) : 0;
      const t = j * 4 + (points > 1 ? (4 * i) / (points - 1) : 0) + rng.normal() * 0.2;
      x[2 * k] = r * Math.sin(t);
      x[2 * k + 1] = r * Math.cos(t);
      labels[k] = j;
    }
  }
  return classification(n, 2, x, labels, classes);
}

/** n samples of `inputs` uniform features in [0, 1) with uniformly random class labels. */
export function noiseData(rng: Rng, n: number, inputs: number, classes: number): Dataset {
  const x = new Float64Array(n * inputs);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(classes);
  return classification(n, inputs, x, labels, classes);
}

function classification(n: number, inputs: number, x: Float64Array, labels: Int32Array, classes: number): Dataset {
  const targets = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) targets[i * classes + labels[i]] = 1;
  return { n, inputs, x, targets, targetWidth: classes, labels, classes };
}

/**
 * Gaussian weights of standard deviation `std` per layer and zero biases, rounded to 6 significant
 * digits so that the .nnspec text of B's 100 480 weights stays within the analyzer's size limit
 * (both engines get the same rounded values).
 */
function gaussianWeights(rng: Rng, input: number, layers: LayerDef[], std: (fanIn: number) => number) {
  let fanIn = input;
  return layers.map((l) => {
    const W = new Float64Array(fanIn * l.units);
    const s = std(fanIn);
    for (let i = 0; i < W.length; i++) W[i] = Number(rng.normal(0, s).toPrecision(6));
    const b = new Float64Array(l.units);
    fanIn = l.units;
    return { W, b };
  });
}

/** Workload A: seed 003's 2-100-3 spiral network, sigmoid hidden layer, softmax + L2 1e-3, lr 1, full batch of 300. */
export function workloadA(seed = 3): Workload {
  const rng = new Rng(seed);
  const data = spiralData(rng, 100, 3);
  const layers: LayerDef[] = [{ units: 100, activation: 'sigmoid' }, { units: 3, activation: 'softmax' }];
  // Seed 003: W = 0.01 * np.random.randn(D, h), b = zeros.
  const weights = gaussianWeights(rng, 2, layers, () => 0.01);
  return { id: 'A', title: 'spiral 2-100-3, batch 300', input: 2, layers, l2: 1e-3, learningRate: 1, data, weights };
}

/** Workload B: a 784-128-10 ReLU MLP, softmax cross-entropy, batch 64 of synthetic data, He initialisation. */
export function workloadB(seed = 784): Workload {
  const rng = new Rng(seed);
  const data = noiseData(rng, 64, 784, 10);
  const layers: LayerDef[] = [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }];
  const weights = gaussianWeights(rng, 784, layers, (fanIn) => Math.sqrt(2 / fanIn));
  return { id: 'B', title: 'MLP 784-128-10, batch 64', input: 784, layers, l2: 0, learningRate: 0.01, data, weights };
}

function matrix(values: Float64Array, rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push('[' + Array.from(values.subarray(r * cols, (r + 1) * cols), String).join(', ') + ']');
  return '[' + out.join(', ') + ']';
}

/** The .nnspec text of a workload: its layers with their explicit initial weights, the loss, L2 and plain full-batch gradient descent. */
export function specText(w: Workload, epochs: number): string {
  const lines = [`name: benchmark ${w.id} (${w.title})`, 'seed: 0', `input: ${w.input}`, 'layers:'];
  let fanIn = w.input;
  w.layers.forEach((l, i) => {
    lines.push(`  - dense: ${l.units}`, `    activation: ${l.activation}`);
    lines.push(`    weights: ${matrix(w.weights[i].W, fanIn, l.units)}`);
    lines.push(`    biases: [${Array.from(w.weights[i].b, String).join(', ')}]`);
    fanIn = l.units;
  });
  lines.push('loss: cross_entropy');
  if (w.l2 > 0) lines.push(`regularization: { l2: ${w.l2} }`);
  lines.push('train:', '  optimizer: gd', `  learning_rate: ${w.learningRate}`, '  batch_size: full', `  epochs: ${epochs}`, '  shuffle: false');
  return lines.join('\n') + '\n';
}
