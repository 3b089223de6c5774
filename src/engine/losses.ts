/**
 * Loss functions (all averaged over the n samples of the batch, the lecture's convention), each with
 * its value and gradient side by side, plus the L1/L2 weight penalties.
 *
 * - binary_cross_entropy (on a sigmoid output): J = −Σ [t log y + (1−t) log(1−y)] / n, computed from z
 *   (t·softplus(−z) + (1−t)·softplus(z), exact even when y rounds to 0 or 1), and ∂J/∂z = (y − t)/n
 *   directly; ∂J/∂y = (−t/y + (1−t)/(1−y))/n, y clamped to [1e−12, 1 − 1e−12], is still reported
 *   (seed 000: −1/y).
 * - cross_entropy (on a softmax output): J = −Σ t·log p / n through log-sum-exp, giving
 *   ∂J/∂z = (p·Σt − t)/n = (p − t)/n for one-hot t; ∂J/∂p = −t/p / n (p clamped at 1e−12) is reported.
 * - mse: J = Σ (y − t)² / (n·width), the mean over all output elements (PyTorch/Keras).
 * - hinge: multiclass SVM (seed 004), J = Σ_i Σ_{j≠y_i} max(0, s_j − s_{y_i} + 1) / n, the class
 *   y_i being the argmax of the one-hot target row; a margin of exactly 0 counts as inactive.
 * Each loss but mse belongs to one output activation (LOSS_OUTPUT); makeLoss refuses any other.
 * Regularization: l2 adds 0.5·λ·ΣW², l1 adds λ·Σ|W| (weights only; sign(0) = 0).
 */
import type { ActivationConfig, LossName } from './config';
import { softplus, type Activation } from './activations';

const CLAMP = 1e-12;

export interface Loss {
  readonly name: LossName;
  /** Data loss of the batch from the output layer's z and a (n × width) and the targets: `sum(…, 0) / divisor(n, width)`. */
  value(z: Float64Array, a: Float64Array, targets: Float64Array, n: number, width: number): number;
  /**
   * The loss's sum over the n rows, continued from `acc` in row order: summing a data set chunk by
   * chunk this way gives the very number one pass over all of it gives.
   */
  sum(z: Float64Array, a: Float64Array, targets: Float64Array, n: number, width: number, acc: number): number;
  /** What the sum over n samples is divided by (n; mse: n × width). */
  divisor(n: number, width: number): number;
  /**
   * Writes dA = ∂J/∂a (for the report) and dZ = ∂J/∂z of the output layer (fused where the output
   * activation allows, otherwise through the activation's backward). dA and dZ must not alias.
   */
  backward(
    z: Float64Array,
    a: Float64Array,
    targets: Float64Array,
    n: number,
    width: number,
    dA: Float64Array,
    dZ: Float64Array,
  ): void;
  /** Hinge: which margins are active (0/1 per element), for the gradient check's kink detection. */
  pattern?(a: Float64Array, targets: Float64Array, n: number, width: number, out: Uint8Array, offset: number): void;
}

/** The class of a one-hot (or score) target row: its argmax. */
export function rowArgmax(v: Float64Array, row: number, width: number): number {
  let best = 0;
  let bestV = v[row];
  for (let j = 1; j < width; j++)
    if (v[row + j] > bestV) {
      bestV = v[row + j];
      best = j;
    }
  return best;
}

function clampProb(p: number): number {
  return p < CLAMP ? CLAMP : p > 1 - CLAMP ? 1 - CLAMP : p;
}

/**
 * The output activation each loss is computed for (binary_cross_entropy and cross_entropy are fused
 * with theirs; hinge takes raw scores); mse takes any. The format reports a mismatch at the spec's
 * loss; makeLoss refuses one.
 */
export const LOSS_OUTPUT: Readonly<Partial<Record<LossName, ActivationConfig['kind']>>> = {
  binary_cross_entropy: 'sigmoid',
  cross_entropy: 'softmax',
  hinge: 'linear',
};

/** Builds the loss for a network whose last layer uses `output`. */
export function makeLoss(name: LossName, output: Activation): Loss {
  const parts = lossParts(name, output);
  return { ...parts, value: (z, a, t, n, w) => parts.sum(z, a, t, n, w, 0) / parts.divisor(n, w) };
}

function lossParts(name: LossName, output: Activation): Omit<Loss, 'value'> {
  const needs = LOSS_OUTPUT[name];
  if (needs && output.spec.kind !== needs)
    throw new Error(`${name} needs a ${needs} output layer, not ${output.spec.kind}`);
  switch (name) {
    case 'binary_cross_entropy':
      return {
        name,
        sum(z, a, t, n, w, acc) {
          const len = n * w;
          let s = acc;
          for (let i = 0; i < len; i++) s += t[i] * softplus(-z[i]) + (1 - t[i]) * softplus(z[i]);
          return s;
        },
        divisor: (n) => n,
        backward(z, a, t, n, w, dA, dZ) {
          const len = n * w;
          const inv = 1 / n;
          for (let i = 0; i < len; i++) {
            const y = clampProb(a[i]);
            dA[i] = (-t[i] / y + (1 - t[i]) / (1 - y)) * inv;
            dZ[i] = (a[i] - t[i]) * inv;
          }
        },
      };
    case 'cross_entropy':
      return {
        name,
        sum(z, a, t, n, w, acc) {
          let s = acc;
          for (let i = 0; i < n; i++) {
            const row = i * w;
            let max = -Infinity;
            for (let j = 0; j < w; j++) if (z[row + j] > max) max = z[row + j];
            let sum = 0;
            for (let j = 0; j < w; j++) sum += Math.exp(z[row + j] - max);
            const lse = max + Math.log(sum);
            for (let j = 0; j < w; j++) {
              const tj = t[row + j];
              if (tj !== 0) s += tj * (lse - z[row + j]);
            }
          }
          return s;
        },
        divisor: (n) => n,
        backward(z, a, t, n, w, dA, dZ) {
          const inv = 1 / n;
          for (let i = 0; i < n; i++) {
            const row = i * w;
            let tsum = 0;
            for (let j = 0; j < w; j++) {
              const tj = t[row + j];
              tsum += tj;
              dA[row + j] = tj === 0 ? 0 : (-tj / Math.max(a[row + j], CLAMP)) * inv;
            }
            for (let j = 0; j < w; j++) dZ[row + j] = (a[row + j] * tsum - t[row + j]) * inv;
          }
        },
      };
    case 'mse':
      return {
        name,
        sum(z, a, t, n, w, acc) {
          const len = n * w;
          let s = acc;
          for (let i = 0; i < len; i++) {
            const d = a[i] - t[i];
            s += d * d;
          }
          return s;
        },
        divisor: (n, w) => n * w,
        backward(z, a, t, n, w, dA, dZ) {
          const len = n * w;
          const k = 2 / len;
          for (let i = 0; i < len; i++) dA[i] = k * (a[i] - t[i]);
          output.backward(z, a, dA, dZ, n, w);
        },
      };
    case 'hinge':
      return {
        name,
        sum(z, a, t, n, w, acc) {
          let s = acc;
          for (let i = 0; i < n; i++) {
            const row = i * w;
            const y = rowArgmax(t, row, w);
            const sy = a[row + y];
            for (let j = 0; j < w; j++) {
              if (j === y) continue;
              const m = a[row + j] - sy + 1;
              if (m > 0) s += m;
            }
          }
          return s;
        },
        divisor: (n) => n,
        backward(z, a, t, n, w, dA, dZ) {
          const inv = 1 / n;
          for (let i = 0; i < n; i++) {
            const row = i * w;
            const y = rowArgmax(t, row, w);
            const sy = a[row + y];
            let active = 0;
            for (let j = 0; j < w; j++) {
              if (j === y) continue;
              const on = a[row + j] - sy + 1 > 0;
              dA[row + j] = on ? inv : 0;
              if (on) active++;
            }
            dA[row + y] = -active * inv;
          }
          output.backward(z, a, dA, dZ, n, w);
        },
        pattern(a, t, n, w, out, offset) {
          for (let i = 0; i < n; i++) {
            const row = i * w;
            const y = rowArgmax(t, row, w);
            const sy = a[row + y];
            for (let j = 0; j < w; j++) out[offset + row + j] = j !== y && a[row + j] - sy + 1 > 0 ? 1 : 0;
          }
        },
      };
  }
}

/** The penalty 0.5·l2·ΣW² + l1·Σ|W| of one weight array. */
export function regularizationLoss(W: Float64Array, l1: number, l2: number): number {
  if (l1 === 0 && l2 === 0) return 0;
  let sq = 0,
    abs = 0;
  for (let i = 0; i < W.length; i++) {
    const v = W[i];
    sq += v * v;
    abs += Math.abs(v);
  }
  return 0.5 * l2 * sq + l1 * abs;
}

/** dW += l2·W + l1·sign(W). */
export function addRegularizationGradient(W: Float64Array, dW: Float64Array, l1: number, l2: number): void {
  if (l1 === 0 && l2 === 0) return;
  for (let i = 0; i < W.length; i++) {
    const v = W[i];
    dW[i] += l2 * v + (v > 0 ? l1 : v < 0 ? -l1 : 0);
  }
}
