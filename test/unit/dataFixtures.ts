/**
 * A minimal validated `NetworkSpec` for the data tests: a chosen loss, input width, output width and
 * data section, without going through the YAML analyzer.
 */
import type { DataSource, LayerSpec, LossName, NetworkSpec } from '../../src/spec/types';

const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function dataSpec(options: {
  source: DataSource;
  loss?: LossName;
  input?: number;
  outputs?: number;
  normalize?: 'standard' | 'minmax';
  testSplit?: number;
  seed?: number;
}): NetworkSpec {
  const input = options.input ?? 2;
  const units = options.outputs ?? 1;
  const layer: LayerSpec = {
    index: 1, type: 'dense', units, inputs: input, pieces: 1,
    activation: { kind: options.loss === 'cross_entropy' ? 'softmax' : 'sigmoid' },
    bias: true, init: { kind: 'xavier' }, range: NOWHERE, keyRange: NOWHERE,
  };
  return {
    seed: options.seed ?? 0,
    input,
    layers: [layer],
    loss: options.loss ?? 'binary_cross_entropy',
    regularization: { l1: 0, l2: 0 },
    activations: {},
    data: { source: options.source, normalize: options.normalize, testSplit: options.testSplit ?? 0, range: NOWHERE },
    train: { optimizer: { kind: 'gd' }, learningRate: 0.1, batchSize: 'full', epochs: 1, shuffle: false, stop: {} },
    gradcheck: { epsilon: 1e-5, samples: 4, maxParams: 100, tolerance: 1e-6, warnTolerance: 1e-4 },
  };
}
