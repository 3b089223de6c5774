/**
 * Plain-data results of the engine: what forward, backward, gradient check and training return.
 * They become the CLI's JSON, the hover's numbers and the webview's pictures, so they hold only
 * numbers, strings, arrays and plain objects (no typed arrays, no classes) and survive JSON and
 * postMessage. They hold facts, not sentences: src/text tells them in words and numbers.
 */
import type { NonFiniteCause } from './nonFinite';
import type { ActivationConfig } from './config';

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
  /** The last optimizer step's change of the parameter (new − old), same shape; present after a Step. */
  update?: number[] | number[][] | number[][][];
}

export interface LayerReport {
  index: number;
  type: 'dense' | 'maxout';
  activation: ActivationConfig;
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
  /** When the loss is not finite: where the first NaN or infinity appears. */
  nonFinite?: NonFiniteCause;
  /** 0-based indices (into the training set) of the samples in the batch (those the matrices below hold); surfaces show sample numbers from 1. */
  samples: number[];
  /**
   * Present when the matrices hold only the first samples of a larger batch: the batch's size. J, the
   * data loss and the gradients are over the whole batch.
   */
  batchSize?: number;
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
  /**
   * When the check failed and a custom activation sits at or below the deepest failing layer: the likely
   * culprit (a wrong derivative in layer L corrupts the gradients of layers ≤ L). src/text tells it in words.
   */
  suspect?: GradcheckSuspect;
  /** When J itself is not finite at these weights (so no gradient can be checked): where the NaN or infinity first appears. */
  nonFinite?: NonFiniteCause;
  /** When fewer entries or samples than asked were checked, to keep the check's work bounded (gradcheckPlan). */
  limited?: { entries: number; samples: number };
}

/** A custom activation whose df is the likely cause of a failed gradient check. */
export interface GradcheckSuspect {
  layer: number;
  activation: string;
  fText: string;
  dfText: string;
  /** f has corners (abs/min/max), where a mismatch can also be a kink. */
  fHasCorners: boolean;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
}

/** Why training stopped, as facts; src/text/training.ts tells them in words (stopMessage). */
export type TrainStop =
  /** The epoch budget is spent (`epochs` trained; 0 when there was nothing to train). */
  | { reason: 'completed'; epochs: number }
  /** train.stop.loss_below: the loss fell below the threshold. */
  | { reason: 'loss_below'; epoch: number; loss: number; threshold: number }
  /** train.stop.weight_change_below: no weight moved by more than `change` in the epoch (seed 000's convergence). */
  | { reason: 'weight_change_below'; epoch: number; change: number; threshold: number }
  /**
   * Stopped from outside after `epochs` epochs. `detail`: 'running' when the result was asked for before
   * training stopped; 'unanswered' when the worker was ended because it did not answer a stop in time.
   */
  | { reason: 'cancelled'; epochs: number; detail?: 'running' | 'unanswered' }
  /**
   * The loss became NaN ('nan-loss') or infinite ('infinite-loss'), or with a finite loss a weight became
   * NaN or infinite ('weights'). Words, not the number itself, since JSON (the webview's transport) has no NaN.
   */
  | {
      reason: 'diverged';
      epoch: number;
      cause: 'nan-loss' | 'infinite-loss' | 'weights';
      learningRate: number;
      /** The loss was already not finite at the weights the run started from (no step caused it): where it first is. */
      start?: NonFiniteCause;
    };

export type StopReason = TrainStop['reason'];

/** The outcome of a training run: why it stopped (the facts of TrainStop), its history and last metrics. */
export type TrainResult = TrainStop & {
  history: EpochMetrics[];
  final: EpochMetrics;
};

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
