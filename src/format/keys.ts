/**
 * The vocabulary of the .nnspec format: the keys allowed in each section, layer kinds, activations,
 * losses, optimizers, initialisers, data set kinds and their defaults, each with a one-line doc (and
 * formulas for activations and losses). The defaults themselves and the iris table are the engine's
 * (engine/config.ts DEFAULTS, engine/data/iris.ts); the docs quote them. The analyzer validates against these tables; the extension's
 * completion and hover show them.
 */
import { DEFAULTS, type BuiltinActivation, type GeneratorKind, type LossName } from '../engine/config';
import { IRIS_CLASSES, IRIS_FEATURES, IRIS_ROWS } from '../engine/data/iris';

/** A default as the docs show it: 1e-5 rather than 0.00001. */
function shown(v: number): string {
  return v !== 0 && Math.abs(v) < 0.01 ? v.toExponential() : String(v);
}

/**
 * The entry of a table under a name the user wrote, or undefined: only the table's own keys count, so
 * a name such as `constructor` or `__proto__` never reaches Object.prototype.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

export interface KeyDoc {
  /** One line for completion lists and hovers. */
  summary: string;
  /** A value to insert on completion, e.g. "sigmoid" or "0.1". */
  example?: string;
  /** Must the key be present? */
  required?: boolean;
}

export const TOP_LEVEL_KEYS: Readonly<Record<string, KeyDoc>> = {
  name: { summary: 'An optional title for the network.', example: 'My network' },
  seed: {
    summary: `One seed for initialisation, data generation and shuffling (default ${DEFAULTS.seed}).`,
    example: '0',
  },
  input: { summary: 'Features per sample; may be left out when the data tells.', example: '2' },
  layers: {
    summary: 'The layers, first to last: `- dense: UNITS` or `- maxout: UNITS` with `pieces: K`.',
    required: true,
  },
  graph: {
    summary:
      'A computational graph instead of layers: `inputs` (numbers, vectors, matrices), `nodes` (NAME: EXPRESSION, in order) and `output`.',
  },
  loss: {
    summary: 'binary_cross_entropy, cross_entropy, mse or hinge, averaged over samples.',
    example: 'cross_entropy',
    required: true,
  },
  regularization: {
    summary: '`{ l2: λ }` adds 0.5·λ·ΣW², `{ l1: λ }` adds λ·Σ|W| (weights only, not biases); default none.',
    example: '{ l2: 0.001 }',
  },
  weights_file: {
    summary:
      "A weights file (path relative to the spec) the network starts from, as `nnspec train --save` writes it; it replaces the layers' initial weights.",
    example: 'xor.weights.json',
  },
  activations: { summary: 'User-defined activations: `NAME: { f: EXPR, df: EXPR }` in x.' },
  data: { summary: 'One of `samples`, `generate`, `csv` or `builtin`, plus optional `normalize` and `test_split`.' },
  train: { summary: 'optimizer, learning_rate, batch_size, epochs, shuffle and stop rules.' },
  gradcheck: { summary: 'Gradient check settings: epsilon, samples, max_params, tolerance, warn_tolerance.' },
};

export const LAYER_KINDS = ['dense', 'maxout'] as const;

export const LAYER_KEYS: Readonly<Record<string, KeyDoc>> = {
  dense: {
    summary: 'A fully connected layer with this many units: a = act(x·W + b), W is inputs × units.',
    example: '3',
  },
  maxout: {
    summary: 'A maxout layer with this many units: the max over `pieces` affine maps x·Wₖ + bₖ.',
    example: '3',
  },
  pieces: {
    summary: 'Maxout only: how many affine pieces each unit takes the max over (required for maxout).',
    example: '2',
  },
  activation: { summary: `The activation function (default ${DEFAULTS.activation}).`, example: 'sigmoid' },
  bias: { summary: `Whether the layer has a bias vector b (default ${DEFAULTS.bias}).`, example: 'true' },
  init: {
    summary: 'Initialisation of random weights: xavier (default), he, normal(STD), uniform(LIMIT), zeros.',
    example: 'xavier',
  },
  weights: {
    summary: 'Explicit initial weights, inputs × units (maxout: pieces × inputs × units).',
    example: '[[0.1], [0.5]]',
  },
  biases: { summary: 'Explicit initial biases, a list of units numbers (maxout: pieces × units).', example: '[0.0]' },
};

export interface ActivationDoc {
  formula: string;
  derivative: string;
  summary: string;
  parameter?: { name: string; default: number };
}

export const ACTIVATION_DOCS: Readonly<Record<BuiltinActivation, ActivationDoc>> = {
  sigmoid: {
    formula: 'σ(z) = 1 / (1 + e^(−z))',
    derivative: 'σ′(z) = σ(z)·(1 − σ(z))',
    summary: 'Squashes to (0, 1); the classic neuron and the binary classifier output.',
  },
  tanh: {
    formula: 'tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))',
    derivative: 'tanh′(z) = 1 − tanh²(z)',
    summary: 'Squashes to (−1, 1), zero-centred.',
  },
  relu: {
    formula: 'relu(z) = max(0, z)',
    derivative: 'relu′(z) = 1 if z > 0 else 0',
    summary: 'Rectified linear unit; has a kink at 0.',
  },
  leaky_relu: {
    formula: 'leaky_relu(z) = z if z > 0 else α·z',
    derivative: '1 if z > 0 else α',
    summary: `ReLU with a small slope α for negative inputs: leaky_relu(ALPHA), default ${DEFAULTS.leakyReluAlpha}.`,
    parameter: { name: 'alpha', default: DEFAULTS.leakyReluAlpha },
  },
  elu: {
    formula: 'elu(z) = z if z > 0 else α·(e^z − 1)',
    derivative: '1 if z > 0 else α·e^z',
    summary: `Exponential linear unit: elu(ALPHA), default ${DEFAULTS.eluAlpha}.`,
    parameter: { name: 'alpha', default: DEFAULTS.eluAlpha },
  },
  softplus: { formula: 'softplus(z) = log(1 + e^z)', derivative: 'softplus′(z) = σ(z)', summary: 'A smooth ReLU.' },
  step: {
    formula: 'step(z) = 1 if z > 0 else 0',
    derivative: '0 (undefined at 0)',
    summary: "The perceptron's threshold; it has no useful gradient.",
  },
  linear: { formula: 'linear(z) = z', derivative: '1', summary: 'No activation (the default).' },
  softmax: {
    formula: 'softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)',
    derivative: '∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)',
    summary: 'Turns scores into class probabilities; last layer only, with cross_entropy.',
  },
};

export const ACTIVATION_NAMES = Object.keys(ACTIVATION_DOCS) as BuiltinActivation[];

export interface LossDoc {
  formula: string;
  summary: string;
  fits: string;
}

export const LOSS_DOCS: Readonly<Record<LossName, LossDoc>> = {
  binary_cross_entropy: {
    formula: 'J = −(1/n)·Σ [y·log ŷ + (1 − y)·log(1 − ŷ)]',
    summary: 'Two-class loss on a probability ŷ; labels 0 or 1.',
    fits: 'a last layer of 1 sigmoid unit',
  },
  cross_entropy: {
    formula: 'J = −(1/n)·Σ log ŷ[label]',
    summary: 'Multiclass loss on softmax probabilities; labels are class indices or one-hot rows.',
    fits: 'a softmax last layer with one unit per class',
  },
  mse: {
    formula: 'J = (1/(n·k))·Σ (ŷ − y)²',
    summary: 'Mean squared error over all output elements (as PyTorch and Keras).',
    fits: 'any last layer',
  },
  hinge: {
    formula: 'J = (1/n)·Σᵢ Σ_{j≠yᵢ} max(0, sⱼ − s_yᵢ + 1)',
    summary: 'Multiclass SVM loss on raw scores (cs231n); labels are class indices.',
    fits: 'a linear last layer with one unit per class',
  },
};

export const LOSS_NAMES = Object.keys(LOSS_DOCS) as LossName[];

export const REGULARIZATION_KEYS: Readonly<Record<string, KeyDoc>> = {
  l2: { summary: 'Adds 0.5·λ·ΣW² to the loss (weights only).', example: '0.001' },
  l1: { summary: 'Adds λ·Σ|W| to the loss (weights only).', example: '0.001' },
};

export const INIT_DOCS: Readonly<Record<string, KeyDoc>> = {
  xavier: { summary: 'Glorot uniform: U(−√(6/(inputs + units)), +√(6/(inputs + units))) (the default).' },
  he: { summary: 'He normal: N(0, 2/inputs), for ReLU layers.' },
  zeros: { summary: 'All zeros (every unit then learns the same thing).' },
  normal: { summary: 'normal(STD): N(0, STD²), e.g. normal(0.01) as in seed 003.', example: 'normal(0.01)' },
  uniform: { summary: 'uniform(LIMIT): U(−LIMIT, +LIMIT).', example: 'uniform(0.1)' },
};

export const OPTIMIZER_DOCS: Readonly<Record<string, KeyDoc & { knobs: string[] }>> = {
  gd: { summary: 'Plain gradient descent on the full batch: θ ← θ − η·∇J.', knobs: [] },
  sgd: { summary: 'Stochastic (mini-batch) gradient descent: θ ← θ − η·∇J_batch.', knobs: [] },
  momentum: { summary: `v ← μ·v − η·∇J; θ ← θ + v (momentum μ, default ${DEFAULTS.momentum}).`, knobs: ['momentum'] },
  nesterov: {
    summary: `Nesterov momentum: the gradient is taken at the look-ahead point (momentum μ, default ${DEFAULTS.momentum}).`,
    knobs: ['momentum'],
  },
  adam: {
    summary: `Adam: bias-corrected moment estimates (beta1 ${DEFAULTS.beta1}, beta2 ${DEFAULTS.beta2}, epsilon ${shown(DEFAULTS.adamEpsilon)}).`,
    knobs: ['beta1', 'beta2', 'epsilon'],
  },
};

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZER_DOCS);

export const TRAIN_KEYS: Readonly<Record<string, KeyDoc>> = {
  optimizer: { summary: 'gd, sgd (default), momentum, nesterov or adam.', example: 'sgd' },
  learning_rate: { summary: `Step size η (default ${DEFAULTS.learningRate}).`, example: '0.1' },
  batch_size: {
    summary: `Samples per step, or \`full\` (default full for gd, ${DEFAULTS.batchSize} otherwise).`,
    example: '32',
  },
  epochs: { summary: `Passes over the training set (default ${DEFAULTS.epochs}).`, example: '100' },
  shuffle: { summary: `Shuffle the training set every epoch (seeded; default ${DEFAULTS.shuffle}).`, example: 'true' },
  stop: { summary: 'Stop early: `{ loss_below: X }` and/or `{ weight_change_below: X }`.' },
  momentum: { summary: `Momentum μ for momentum and nesterov (default ${DEFAULTS.momentum}).`, example: '0.9' },
  beta1: { summary: `Adam: decay of the first moment (default ${DEFAULTS.beta1}).`, example: '0.9' },
  beta2: { summary: `Adam: decay of the second moment (default ${DEFAULTS.beta2}).`, example: '0.999' },
  epsilon: { summary: `Adam: added to the denominator (default ${shown(DEFAULTS.adamEpsilon)}).`, example: '1e-8' },
};

export const GRAPH_KEYS: Readonly<Record<string, KeyDoc>> = {
  inputs: {
    summary: 'The leaves: NAME: a number, a vector [..] or a matrix [[..], [..]], e.g. `{ x: -2, y: 5, z: -4 }`.',
    required: true,
  },
  nodes: {
    summary:
      'In order, NAME: EXPRESSION over the inputs and the nodes above (+ - * / ^, @, exp log sqrt abs sin cos tanh sigmoid relu min max, sum mean transpose).',
    required: true,
  },
  output: { summary: 'The node whose value is the output, a number (default: the last node).', example: 'f' },
};

/** The keys of `train:` in a graph spec: no data, so no batches or shuffling; `params` names what to change. */
export const GRAPH_TRAIN_KEYS: Readonly<Record<string, KeyDoc>> = {
  params: {
    summary: 'The inputs gradient descent changes to make the output smaller, e.g. [w0, w1].',
    example: '[w0, w1]',
    required: true,
  },
  ...Object.fromEntries(Object.entries(TRAIN_KEYS).filter(([k]) => k !== 'batch_size' && k !== 'shuffle')),
};

export const STOP_KEYS: Readonly<Record<string, KeyDoc>> = {
  loss_below: { summary: 'Stop when the training loss falls below this value.', example: '0.01' },
  weight_change_below: {
    summary: "Stop when the largest weight change of an epoch falls below this value (seed 000's convergence test).",
    example: '1e-6',
  },
};

export const GRADCHECK_KEYS: Readonly<Record<string, KeyDoc>> = {
  epsilon: {
    summary: `Perturbation ε of the central difference (J(θ+ε) − J(θ−ε)) / 2ε (default ${shown(DEFAULTS.gradcheck.epsilon)}).`,
    example: '1e-5',
  },
  samples: {
    summary: `How many training samples the check uses (default ${DEFAULTS.gradcheck.samples}, capped by the data).`,
    example: '8',
  },
  max_params: {
    summary: `Check at most this many parameters, a seeded sample beyond that (default ${DEFAULTS.gradcheck.maxParams}).`,
    example: '500',
  },
  tolerance: {
    summary: `Relative error up to which an entry is 'ok' (default ${shown(DEFAULTS.gradcheck.tolerance)}).`,
    example: '1e-6',
  },
  warn_tolerance: {
    summary: `Relative error up to which an entry is 'warn'; above it 'fail' (default ${shown(DEFAULTS.gradcheck.warnTolerance)}).`,
    example: '1e-3',
  },
};

export const DATA_SOURCE_KEYS = ['samples', 'generate', 'csv', 'builtin'] as const;

export const DATA_KEYS: Readonly<Record<string, KeyDoc>> = {
  samples: { summary: 'Inline samples: a list of `{ x: [...], y: LABEL }`.' },
  generate: {
    summary: 'A generated data set: `{ kind: spiral | gaussians | xor | circle | moons, points, classes, noise }`.',
  },
  csv: { summary: 'A CSV file relative to the spec, with `features` and `target` columns.', example: 'data.csv' },
  builtin: {
    summary: `A data set shipped with nnspec: \`iris\` (${IRIS_ROWS.length} flowers, ${IRIS_FEATURES.length} features, ${IRIS_CLASSES.length} species).`,
    example: 'iris',
  },
  features: { summary: 'csv / builtin: the feature columns (default: all but the target).' },
  target: {
    summary: 'csv: the label column. builtin iris: a species to make a one-vs-rest 0/1 problem (e.g. setosa).',
  },
  normalize: {
    summary: 'standard (zero mean, unit variance) or minmax (to [0, 1]), per feature.',
    example: 'standard',
  },
  test_split: {
    summary: `Fraction of samples held out as a test set, in [0, 1) (seeded; default ${DEFAULTS.testSplit}).`,
    example: '0.2',
  },
};

export const SAMPLE_KEYS: Readonly<Record<string, KeyDoc>> = {
  x: { summary: 'The features of the sample, a list of input numbers.', required: true },
  y: {
    summary: 'The label: a class index (0/1 for binary), a one-hot list, or target values for mse.',
    required: true,
  },
};

export const GENERATE_KEYS: Readonly<Record<string, KeyDoc>> = {
  kind: { summary: 'spiral, gaussians, xor, circle or moons.', example: 'spiral', required: true },
  points: { summary: `Points per class (default ${DEFAULTS.points}).`, example: '100' },
  classes: { summary: `Number of classes (default ${DEFAULTS.classes}; xor, circle and moons have 2).`, example: '3' },
  noise: {
    summary: `Noise added to the points (default ${DEFAULTS.spiralNoise} for spiral, ${DEFAULTS.noise} otherwise).`,
    example: '0.1',
  },
  centers: {
    summary:
      'gaussians: the class centres, one point per class; their length is the number of features ([x, y], [x, y, z], …).',
    example: '[[0, 0], [3, 3], [0, 4]]',
  },
  std: { summary: `gaussians: the standard deviation of each cluster (default ${DEFAULTS.std}).`, example: '1' },
};

export const GENERATOR_DOCS: Readonly<Record<GeneratorKind, string>> = {
  spiral: "Seed 003's interleaved spiral arms, one per class (CS231n).",
  gaussians: "Seed 002's Gaussian clusters, one per class, around `centers`.",
  xor: 'Four quadrant clusters labelled like XOR (2 classes).',
  circle: 'A disc inside a ring (2 classes).',
  moons: 'Two interleaving half circles (2 classes).',
};

export const GENERATOR_KINDS = Object.keys(GENERATOR_DOCS) as GeneratorKind[];

/** Generators whose data always have two classes. */
export const TWO_CLASS_GENERATORS: readonly GeneratorKind[] = ['xor', 'circle', 'moons'];

export const BUILTIN_DATASETS = ['iris'] as const;

export const NORMALIZE_KINDS = ['standard', 'minmax'] as const;
