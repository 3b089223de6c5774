/**
 * Plain-data results of the engine: what forward, backward, gradient check and training return.
 * These are the CLI's JSON, the hover's numbers and the webview's pictures, so they hold only
 * numbers, strings and arrays (no typed arrays, no classes) and survive JSON and postMessage.
 */

/** A loaded data set: n samples of `inputs` features, row-major. */
export interface Dataset {
  n: number;
  inputs: number;
  /** n × inputs features. */
  x: Float64Array;
  /** n × targetWidth targets: 0/1 for binary cross-entropy, one-hot rows for cross-entropy and hinge, values for mse. */
  targets: Float64Array;
  targetWidth: number;
  /** Class index per sample for classification losses (accuracy, hinge); absent for regression. */
  labels?: Int32Array;
  /** Number of classes for classification (2 for binary cross-entropy). */
  classes?: number;
  classNames?: string[];
  featureNames?: string[];
}

export interface TrainTestData {
  train: Dataset;
  test?: Dataset;
}

export interface ParamReport {
  /** [inputs, units] for dense W, [pieces, inputs, units] for maxout W, [units] / [pieces, units] for b. */
  shape: number[];
  value: number[] | number[][] | number[][][];
  /** ∂J/∂param, same shape; present after a backward pass. */
  grad?: number[] | number[][] | number[][][];
}

export interface LayerReport {
  index: number;
  type: 'dense' | 'maxout';
  activation: string;
  /** samples × units pre-activation (for maxout: the max over pieces). */
  z: number[][];
  /** samples × units activation. */
  a: number[][];
  /** samples × units ∂J/∂a; present after a backward pass. */
  dA?: number[][];
  params: { W: ParamReport; b?: ParamReport };
}

/** The result of `forward` (no dA / grads) or `backward` (with them): the CLI's JSON. */
export interface PassReport {
  loss: number;
  /** The loss without the regularization term (equal to loss when there is none). */
  dataLoss: number;
  /** Indices (into the training set) of the samples in the batch. */
  samples: number[];
  /** samples × inputs. */
  input: number[][];
  /** samples × targetWidth. */
  targets: number[][];
  layers: LayerReport[];
}

export type GradStatus = 'ok' | 'warn' | 'fail' | 'kink';

export interface GradcheckEntry {
  layer: number;
  param: 'W' | 'b';
  /** Index into the parameter's shape, e.g. [0, 1] for W[0][1]. */
  index: number[];
  analytic: number;
  numeric: number;
  /** Noise-aware relative error, see gradcheck.ts: 0 when |a − n| is within the finite differences' rounding noise. */
  relativeError: number;
  /** |analytic − numeric|, the raw difference (the size a relative error of 0 stands for). */
  absoluteError: number;
  status: GradStatus;
}

export interface GradcheckGroup {
  layer: number;
  param: 'W' | 'b';
  maxRelativeError: number;
  /** Largest |analytic − numeric| of the group's non-kink entries. */
  maxAbsoluteError: number;
  status: GradStatus;
  checked: number;
}

export interface GradcheckReport {
  passed: boolean;
  maxRelativeError: number;
  /** Largest |analytic − numeric| over the non-kink entries. */
  maxAbsoluteError: number;
  epsilon: number;
  groups: GradcheckGroup[];
  entries: GradcheckEntry[];
  /** Human sentence: which layer failed and the likely cause (e.g. the custom activation's df). */
  message: string;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
}

export type StopReason = 'completed' | 'loss_below' | 'weight_change_below' | 'cancelled' | 'diverged';

export interface TrainResult {
  reason: StopReason;
  /** Why it stopped, in words, e.g. "loss became NaN at epoch 37; the learning rate 10 is likely too large". */
  message: string;
  history: EpochMetrics[];
  final: EpochMetrics;
}

/** Predicted class (or output value) over a grid of the 2-D input plane, for the decision-boundary view. */
export interface DecisionGrid {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Cells per side. */
  resolution: number;
  /** resolution × resolution, row-major from (xMin, yMin): the predicted class per cell. */
  classes: number[];
  /** Confidence (probability of the predicted class) per cell, 0..1. */
  confidence: number[];
}
