/**
 * Test fixtures for the engine tests: NetworkConfig objects built directly (as `analyze` would
 * produce them), small datasets, and a finite-difference helper.
 */
import type { LossName } from '../../src/engine/config';
import type { ActivationConfig, InitConfig, NetworkConfig, OptimizerConfig } from '../../src/engine/config';
import type { Dataset } from '../../src/engine/types';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface LayerOpts {
  units: number;
  type?: 'dense' | 'maxout';
  pieces?: number;
  activation?: ActivationConfig;
  bias?: boolean;
  init?: InitConfig;
  weights?: number[];
  biases?: number[];
}

export function makeSpec(opts: {
  input: number;
  layers: LayerOpts[];
  loss: LossName;
  seed?: number;
  l1?: number;
  l2?: number;
  optimizer?: OptimizerConfig;
  learningRate?: number;
  batchSize?: number | 'full';
  epochs?: number;
  shuffle?: boolean;
  stop?: { lossBelow?: number; weightChangeBelow?: number };
}): NetworkConfig {
  let inputs = opts.input;
  const layers = opts.layers.map((l, i) => {
    const spec = {
      index: i + 1,
      type: l.type ?? 'dense',
      units: l.units,
      inputs,
      pieces: l.type === 'maxout' ? (l.pieces ?? 2) : 1,
      activation: l.activation ?? { kind: 'linear' as const },
      bias: l.bias ?? true,
      init: l.init ?? { kind: 'xavier' as const },
      weights: l.weights ? Float64Array.from(l.weights) : undefined,
      biases: l.biases ? Float64Array.from(l.biases) : undefined,
      range: R,
      keyRange: R,
    };
    inputs = l.units;
    return spec;
  });
  return {
    seed: opts.seed ?? 0,
    input: opts.input,
    layers,
    loss: opts.loss,
    regularization: { l1: opts.l1 ?? 0, l2: opts.l2 ?? 0 },
    activations: {},
    train: {
      optimizer: opts.optimizer ?? { kind: 'sgd' },
      learningRate: opts.learningRate ?? 0.1,
      batchSize: opts.batchSize ?? 'full',
      epochs: opts.epochs ?? 10,
      shuffle: opts.shuffle ?? false,
      stop: opts.stop ?? {},
    },
    gradcheck: { epsilon: 1e-5, samples: 10, maxParams: 500, tolerance: 1e-6, warnTolerance: 1e-4 },
  };
}

/** A dataset from rows of x and rows of targets; labels are the argmax (or the 0/1 value) of each target row. */
export function makeData(x: number[][], targets: number[][], classes?: number): Dataset {
  const n = x.length;
  const width = targets[0].length;
  const labels = new Int32Array(n);
  targets.forEach((t, i) => {
    if (width === 1) labels[i] = t[0] > 0.5 ? 1 : 0;
    else labels[i] = t.indexOf(Math.max(...t));
  });
  return {
    n,
    inputs: x[0].length,
    x: Float64Array.from(x.flat()),
    targets: Float64Array.from(targets.flat()),
    targetWidth: width,
    labels,
    classes: classes ?? (width === 1 ? 2 : width),
  };
}

/** One-hot rows for class indices. */
export function oneHot(labels: number[], classes: number): number[][] {
  return labels.map((c) => Array.from({ length: classes }, (_, j) => (j === c ? 1 : 0)));
}

/** Relative difference with a floor, for comparing gradients in tests. */
export function relDiff(a: number, b: number, floor = 1e-12): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** The lecture's worked example (seed 000, "backpropagation by hand"). */
export function workedExample(): { spec: NetworkConfig; data: Dataset } {
  const spec = makeSpec({
    input: 2,
    layers: [
      { units: 3, activation: { kind: 'sigmoid' }, bias: false, weights: [1.0, -1.0, 3.0, 2.0, 2.0, -1.0] },
      { units: 1, activation: { kind: 'sigmoid' }, bias: false, weights: [0.1, 0.5, -0.1] },
    ],
    loss: 'binary_cross_entropy',
    learningRate: 0.1,
    epochs: 100,
  });
  return { spec, data: makeData([[5.0, 3.0]], [[1]]) };
}
