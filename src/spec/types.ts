/**
 * The validated, typed form of a .nnspec document: what `analyze` (src/spec/analyze.ts) produces from
 * YAML text and what the engine builds a network from. Plain data, no behaviour.
 */

/** 0-based line and character, as VS Code and LSP count them (the CLI prints them 1-based). */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type Severity = 'error' | 'warning' | 'info';

export interface SpecDiagnostic {
  severity: Severity;
  /** Words a student understands, e.g. "layer 1: weights are 2×2 but the layer maps 2 inputs to 3 units, so they must be 2×3". */
  message: string;
  /** The exact place of the offending value (or key). */
  range: Range;
  /** Stable identifier of the kind of problem, e.g. 'unknown-activation', 'weights-shape'. */
  code: string;
  /** A replacement for the text at `range` when the fix is known (a misspelt name): the editor offers it as a quick fix. */
  fix?: { title: string; newText: string };
}

export type ExprFunction = 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'min' | 'max';

/** A user-defined activation's expression, parsed by the project (never evaluated as JavaScript). */
export type Expr =
  | { type: 'num'; value: number }
  | { type: 'x' }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr }
  | { type: 'call'; fn: ExprFunction; args: Expr[] };

export type BuiltinActivation =
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'elu' | 'softplus' | 'step' | 'linear' | 'softmax';

export type ActivationSpec =
  | { kind: 'sigmoid' | 'tanh' | 'relu' | 'softplus' | 'step' | 'linear' | 'softmax' }
  | { kind: 'leaky_relu'; alpha: number }
  | { kind: 'elu'; alpha: number }
  | { kind: 'custom'; name: string; f: Expr; df: Expr; fText: string; dfText: string };

export type InitSpec =
  | { kind: 'xavier' } | { kind: 'he' } | { kind: 'zeros' }
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; limit: number };

export type LayerType = 'dense' | 'maxout';

export interface LayerSpec {
  /** 1-based, as users and the lecture count layers. */
  index: number;
  type: LayerType;
  /** Units (outputs) of the layer. */
  units: number;
  /** Inputs of the layer (the previous layer's units, or the network input). */
  inputs: number;
  /** Affine pieces the maxout takes the max over; 1 for dense. */
  pieces: number;
  activation: ActivationSpec;
  bias: boolean;
  init: InitSpec;
  /** Explicit initial weights, flattened row-major as pieces × inputs × units (dense: inputs × units). */
  weights?: Float64Array;
  /** Explicit initial biases, flattened as pieces × units (dense: units). */
  biases?: Float64Array;
  /** The whole list item of the layer. */
  range: Range;
  /** The `dense` / `maxout` key of the layer. */
  keyRange: Range;
}

export type LossName = 'binary_cross_entropy' | 'cross_entropy' | 'mse' | 'hinge';

export type GeneratorKind = 'spiral' | 'gaussians' | 'xor' | 'circle' | 'moons';

export type DataSource =
  /** Inline samples; `y` is a class index (or 0/1), a one-hot vector, or a regression target vector. */
  | { kind: 'samples'; samples: { x: number[]; y: number | number[] }[] }
  /** `points` is the number of points per class (seed 003's N); `centers` and `std` are for gaussians. */
  | { kind: 'generate'; generator: GeneratorKind; points: number; classes: number; noise: number; centers?: number[][]; std: number }
  /** `path` is relative to the spec file; `target` names the label column; class names are mapped to indices. */
  | { kind: 'csv'; path: string; features?: string[]; target: string }
  /** `target: setosa` makes a one-class-vs-rest binary problem (seed 000). */
  | { kind: 'builtin'; name: 'iris'; target?: string; features?: string[] };

export interface DataSpec {
  source: DataSource;
  normalize?: 'standard' | 'minmax';
  /** Fraction of samples held out as a test set (seeded split); 0 = none. */
  testSplit: number;
  range: Range;
}

export type OptimizerSpec =
  | { kind: 'gd' } | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number }
  | { kind: 'nesterov'; momentum: number }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number };

export interface TrainSpec {
  optimizer: OptimizerSpec;
  learningRate: number;
  /** A number of samples per step, or 'full' for the whole training set (the default for gd). */
  batchSize: number | 'full';
  epochs: number;
  shuffle: boolean;
  stop: { lossBelow?: number; weightChangeBelow?: number };
}

export interface GradcheckSpec {
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

export interface NetworkSpec {
  name?: string;
  seed: number;
  /** Features per sample. */
  input: number;
  layers: LayerSpec[];
  loss: LossName;
  regularization: { l1: number; l2: number };
  /** User-defined activations by name. */
  activations: Record<string, { f: Expr; df: Expr; fText: string; dfText: string }>;
  data?: DataSpec;
  train: TrainSpec;
  gradcheck: GradcheckSpec;
}

/** A named place in the document, for hover, outline, CodeLens and completion — available even when the spec has errors. */
export interface SpecSymbol {
  kind: 'name' | 'input' | 'layer' | 'activation' | 'loss' | 'optimizer' | 'data' | 'train' | 'regularization' | 'gradcheck' | 'custom-activation';
  /** e.g. 'sigmoid' for an activation value, 'layer 1' for a layer. */
  name: string;
  range: Range;
  /** Range of the name/value token itself (selection range). */
  selectionRange: Range;
  /** For layers and the activations inside them: 1-based layer index. */
  layerIndex?: number;
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

export interface SpecSummary {
  name?: string;
  input: number;
  layers: LayerSummary[];
  totalParams: number;
}

export interface AnalyzeOptions {
  /** Reads a file named relative to the spec (for `csv:`); absent in places that cannot read files. */
  readFile?: (relativePath: string) => string;
  /** Largest number of parameters + data numbers a spec may ask for (default 20 million). */
  maxNumbers?: number;
}

export interface AnalyzeResult {
  /** Present only when there are no errors (warnings allowed). */
  spec?: NetworkSpec;
  diagnostics: SpecDiagnostic[];
  symbols: SpecSymbol[];
  /** Shapes as far as they could be inferred (present whenever input and layers are readable). */
  summary?: SpecSummary;
}
