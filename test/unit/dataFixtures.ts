/**
 * A minimal validated `NetworkConfig` for the data tests: a chosen loss, input width, output width and
 * data section, without going through the YAML analyzer.
 */
import type { DataSource, LossName } from '../../src/engine/config';
import type { LayerConfig, NetworkConfig } from '../../src/engine/config';


export function dataSpec(options: {
  source: DataSource;
  loss?: LossName;
  input?: number;
  outputs?: number;
  normalize?: 'standard' | 'minmax';
  testSplit?: number;
  seed?: number;
}): NetworkConfig {
  const input = options.input ?? 2;
  const units = options.outputs ?? 1;
  const layer: LayerConfig = {
    index: 1, type: 'dense', units, inputs: input, pieces: 1,
    activation: { kind: options.loss === 'cross_entropy' ? 'softmax' : 'sigmoid' },
    bias: true, init: { kind: 'xavier' },
  };
  return {
    seed: options.seed ?? 0,
    input,
    layers: [layer],
    loss: options.loss ?? 'binary_cross_entropy',
    regularization: { l1: 0, l2: 0 },
    activations: {},
    data: { source: options.source, normalize: options.normalize, testSplit: options.testSplit ?? 0 },
    train: { optimizer: { kind: 'gd' }, learningRate: 0.1, batchSize: 'full', epochs: 1, shuffle: false, stop: {} },
    gradcheck: { epsilon: 1e-5, samples: 4, maxParams: 100, tolerance: 1e-6, warnTolerance: 1e-4 },
  };
}
