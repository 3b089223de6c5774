/**
 * The engine's plain configuration: what a network, its data, its training and its gradient check are
 * built from. The format layer (src/format/) produces it from .nnspec text; the engine never sees
 * text, editor positions or diagnostics. Plain data, no behaviour.
 */

export type ExprFunction =
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'min'
  | 'max'
  | 'sum'
  | 'mean'
  | 'transpose';

/**
 * An expression of the language (src/engine/expression/): a user-defined activation's f and df in the
 * variable x, or a graph node's value over the graph's names (`@` is the matrix product, graphs only).
 * Parsed by the project, never evaluated as JavaScript.
 */
export type Expr =
  | { type: 'num'; value: number }
  | { type: 'var'; name: string }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: '+' | '-' | '*' | '/' | '^' | '@'; left: Expr; right: Expr }
  | { type: 'call'; fn: ExprFunction; args: Expr[] };

export type BuiltinActivation =
  'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'elu' | 'softplus' | 'step' | 'linear' | 'softmax';

export type ActivationConfig =
  | { kind: 'sigmoid' | 'tanh' | 'relu' | 'softplus' | 'step' | 'linear' | 'softmax' }
  | { kind: 'leaky_relu'; alpha: number }
  | { kind: 'elu'; alpha: number }
  | { kind: 'custom'; name: string; f: Expr; df: Expr; fText: string; dfText: string };

export type InitConfig =
  | { kind: 'xavier' }
  | { kind: 'he' }
  | { kind: 'zeros' }
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; limit: number };

export type LayerType = 'dense' | 'maxout';

export interface LayerConfig {
  /** 1-based, as users and the lecture count layers. */
  index: number;
  type: LayerType;
  /** Units (outputs) of the layer. */
  units: number;
  /** Inputs of the layer (the previous layer's units, or the network input). */
  inputs: number;
  /** Affine pieces the maxout takes the max over; 1 for dense. */
  pieces: number;
  activation: ActivationConfig;
  bias: boolean;
  init: InitConfig;
  /** Explicit initial weights, flattened row-major as pieces × inputs × units (dense: inputs × units). */
  weights?: Float64Array;
  /** Explicit initial biases, flattened as pieces × units (dense: units). */
  biases?: Float64Array;
}

export type LossName = 'binary_cross_entropy' | 'cross_entropy' | 'mse' | 'hinge';

export type GeneratorKind = 'spiral' | 'gaussians' | 'xor' | 'circle' | 'moons';

export type DataSource =
  /** Inline samples; `y` is a class index (or 0/1), a one-hot vector, or a regression target vector. */
  | { kind: 'samples'; samples: { x: number[]; y: number | number[] }[] }
  /** `points` is the number of points per class (seed 003's N); `centers` and `std` are for gaussians. */
  | {
      kind: 'generate';
      generator: GeneratorKind;
      points: number;
      classes: number;
      noise: number;
      centers?: number[][];
      std: number;
    }
  /** `path` is relative to the spec file; `target` names the label column; class names are mapped to indices. */
  | { kind: 'csv'; path: string; features?: string[]; target: string }
  /** `target: setosa` makes a one-class-vs-rest binary problem (seed 000). */
  | { kind: 'builtin'; name: 'iris'; target?: string; features?: string[] };

export interface DataConfig {
  source: DataSource;
  normalize?: 'standard' | 'minmax';
  /** Fraction of samples held out as a test set (seeded split); 0 = none. */
  testSplit: number;
}

export type OptimizerConfig =
  | { kind: 'gd' }
  | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number }
  | { kind: 'nesterov'; momentum: number }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number };

export interface TrainConfig {
  optimizer: OptimizerConfig;
  learningRate: number;
  /** A number of samples per step, or 'full' for the whole training set (the default for gd). */
  batchSize: number | 'full';
  epochs: number;
  shuffle: boolean;
  stop: { lossBelow?: number; weightChangeBelow?: number };
}

export interface GradcheckConfig {
  epsilon: number;
  /** How many data samples the check uses (first N of the training set). */
  samples: number;
  /** Check at most this many parameters (a seeded sample of them beyond that). */
  maxParams: number;
  /** Relative error at or below which an entry is 'ok'. */
  tolerance: number;
  /** Relative error at or below which an entry is 'warn' (above: 'fail'). */
  warnTolerance: number;
}

export interface NetworkConfig {
  name?: string;
  seed: number;
  /** Features per sample. */
  input: number;
  layers: LayerConfig[];
  loss: LossName;
  regularization: { l1: number; l2: number };
  /** User-defined activations by name (a Map: user names never become object keys). */
  activations: ReadonlyMap<string, { f: Expr; df: Expr; fText: string; dfText: string }>;
  data?: DataConfig;
  train: TrainConfig;
  gradcheck: GradcheckConfig;
}

/** A value of a computational graph: a number (shape []), a vector ([n]) or a matrix ([rows, cols]), row-major. */
export interface GraphTensor {
  shape: number[];
  data: Float64Array;
}

/** A node of a graph: its name and the expression over inputs and earlier nodes that computes it. */
export interface GraphNodeConfig {
  name: string;
  expr: Expr;
  /** The expression as the user wrote it. */
  text: string;
}

/** `train:` of a graph spec: gradient descent on the output over the inputs named in `params`. */
export interface GraphTrainConfig {
  params: string[];
  optimizer: OptimizerConfig;
  learningRate: number;
  epochs: number;
  stop: { lossBelow?: number; weightChangeBelow?: number };
}

/** A computational graph (a spec with `graph:` instead of `layers:`), as seeds 001 and 004 draw them. */
export interface GraphConfig {
  name?: string;
  seed: number;
  /** The leaves, in the order written. */
  inputs: { name: string; value: GraphTensor }[];
  /** In order; each uses only inputs and earlier nodes. */
  nodes: GraphNodeConfig[];
  /** The node whose value is the graph's output (a number). */
  output: string;
  gradcheck: GradcheckConfig;
  train?: GraphTrainConfig;
}

/** One row of the Keras-style summary; also the JSON of `nnspec summary --json`. */
export interface LayerSummary {
  index: number;
  type: LayerType;
  activation: string;
  inputs: number;
  units: number;
  pieces?: number;
  params: number;
  shapes: { W: number[]; b?: number[] };
}

export interface NetworkSummary {
  name?: string;
  input: number;
  layers: LayerSummary[];
  totalParams: number;
}

/** Most epochs one run trains, whatever asks (a spec's train: epochs, the CLI's --epochs, a continued run). */
export const MAX_EPOCHS = 10_000_000;

/** Defaults of the configuration, one home for every surface (the format fills them in, the engine falls back on them). */
export const DEFAULTS = {
  seed: 0,
  activation: 'linear',
  bias: true,
  init: 'xavier',
  leakyReluAlpha: 0.01,
  eluAlpha: 1,
  testSplit: 0,
  shuffle: true,
  epochs: 100,
  learningRate: 0.1,
  optimizer: 'sgd',
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  adamEpsilon: 1e-8,
  batchSize: 32,
  points: 100,
  classes: 2,
  noise: 0.1,
  spiralNoise: 0.2,
  std: 1,
  gradcheck: { epsilon: 1e-5, samples: 8, maxParams: 500, tolerance: 1e-6, warnTolerance: 1e-3 },
  maxNumbers: 20_000_000,
} as const;

/** What `nnspec summary` shows of a graph (also its JSON): every input and gate in order, and the gate count. */
export interface GraphSummary {
  name?: string;
  output: string;
  nodes: { name: string; op: string; inputs: (string | number)[]; shape: number[] }[];
  /** How many gates (operations) the graph has. */
  gates: number;
}
