/**
 * The two benchmark workloads: shapes, data and the .nnspec text the project's engine is built from.
 * A's data is the project's own seed-003 spiral (`generate: spiral` through loadData); B's is
 * MNIST-shaped noise from a seeded Rng. The initial weights are the ones the engine draws from the
 * spec (`init:` and `seed:`); the tfjs side is given copies of them, so both start from the same numbers.
 */
import { loadData } from '../../src/engine/data/load';
import { Rng } from '../../src/engine/random';
import type { Dataset } from '../../src/engine/types';
import { analyze } from '../../src/format/analyze';
import type { NetworkConfig } from '../../src/engine/config';

export interface LayerDef {
  units: number;
  activation: 'sigmoid' | 'relu' | 'softmax';
  /** The layer's `init:` in .nnspec syntax. */
  init: string;
}

/** Initial W (inputs × units, row-major) and b of one layer. */
export interface LayerWeights {
  W: Float64Array;
  b: Float64Array;
}

/** One engine set up on one workload. */
export interface Runner {
  /**
   * One forward + backward + update on the workload's batch; returns the loss of that forward pass (before the
   * update), or NaN where the step does not need it (the engine's: its gradients need no J; the checks read loss()).
   */
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
  /** The spec's `data:` entry when the engine generates the data (A); B's data is made here. */
  dataEntry?: string;
  /** One step trains on this whole data set (the batch). */
  data: Dataset;
}

/** A workload without its data: all the .nnspec text needs. */
export type NetworkDef = Omit<Workload, 'data'>;

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

/** Workload A: seed 003's 2-100-3 spiral network, sigmoid hidden layer, softmax + L2 1e-3, lr 1, full batch of 300. */
export function workloadA(): Workload {
  // Seed 003: W = 0.01 * np.random.randn(D, h), b = zeros; 100 points per arm, angle noise 0.2.
  const layers: LayerDef[] = [
    { units: 100, activation: 'sigmoid', init: 'normal(0.01)' },
    { units: 3, activation: 'softmax', init: 'normal(0.01)' },
  ];
  const net: NetworkDef = {
    id: 'A',
    title: 'spiral 2-100-3, batch 300',
    input: 2,
    layers,
    l2: 1e-3,
    learningRate: 1,
    dataEntry: '{ generate: { kind: spiral, points: 100, classes: 3, noise: 0.2 } }',
  };
  return { ...net, data: loadData(workloadSpec(net)).train };
}

/** Workload B: a 784-128-10 ReLU MLP, softmax cross-entropy, batch 64 of synthetic data, He initialisation. */
export function workloadB(seed = 784): Workload {
  const data = noiseData(new Rng(seed), 64, 784, 10);
  const layers: LayerDef[] = [
    { units: 128, activation: 'relu', init: 'he' },
    { units: 10, activation: 'softmax', init: 'he' },
  ];
  return { id: 'B', title: 'MLP 784-128-10, batch 64', input: 784, layers, l2: 0, learningRate: 0.01, data };
}

/** The .nnspec text of a workload: its layers and their initialisation, the loss, L2 and plain full-batch gradient descent. */
export function specText(w: NetworkDef, epochs: number, seed = 1): string {
  const lines = [`name: benchmark ${w.id} (${w.title})`, `seed: ${seed}`, `input: ${w.input}`, 'layers:'];
  for (const l of w.layers)
    lines.push(`  - dense: ${l.units}`, `    activation: ${l.activation}`, `    init: ${l.init}`);
  lines.push('loss: cross_entropy');
  if (w.dataEntry) lines.push(`data: ${w.dataEntry}`);
  if (w.l2 > 0) lines.push(`regularization: { l2: ${w.l2} }`);
  lines.push(
    'train:',
    '  optimizer: gd',
    `  learning_rate: ${w.learningRate}`,
    '  batch_size: full',
    `  epochs: ${epochs}`,
    '  shuffle: false',
  );
  return lines.join('\n') + '\n';
}

/** The validated spec of a workload; throws with the diagnostics if the text does not validate. */
export function workloadSpec(w: NetworkDef, epochs = 1): NetworkConfig {
  const result = analyze(specText(w, epochs));
  if (!result.spec) {
    const errors = result.diagnostics.map(
      (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`,
    );
    throw new Error(`the benchmark spec of workload ${w.id} does not validate:\n${errors.join('\n')}`);
  }
  return result.spec;
}
