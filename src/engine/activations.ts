/**
 * Activation functions, each with its forward (a = f(z)) and backward (∂J/∂z from ∂J/∂a) side by side,
 * batched over rows × cols flat buffers.
 * Conventions at corners: relu, leaky_relu, elu and step use the z > 0 branch for the derivative
 * (so the derivative at exactly 0 is the left one); step's derivative is 0 everywhere.
 * Piecewise activations report a per-element `pattern` (which branch each z is on) so the gradient
 * check can tell a perturbation that crosses a corner (a "kink") from a wrong derivative.
 * softmax is row-wise with the row maximum subtracted; its backward is the full Jacobian-vector
 * product (the loss fuses it with cross-entropy, see losses.ts). Custom activations use the user's
 * own df: that is exactly what the gradient check is there to verify.
 */
import type { ActivationConfig } from './config';
import { compileExpr } from './expression/compile';
import { fastSigmoid, sigmoidInto } from './fastExp';
import { wasmSigmoid, wasmSigmoidGrad } from './wasmKernels';

export interface Activation {
  /** What the layer's spec asked for; src/text names it (activationName). */
  readonly spec: ActivationConfig;
  /** a = f(z) for rows × cols elements. */
  forward(z: Float64Array, a: Float64Array, rows: number, cols: number): void;
  /** dZ = ∂J/∂z given dA = ∂J/∂a (z and a from the forward pass). dZ may alias dA. */
  backward(z: Float64Array, a: Float64Array, dA: Float64Array, dZ: Float64Array, rows: number, cols: number): void;
  /** Piecewise activations: writes the branch of each z (0/1) into out[offset…]; absent when smooth. */
  pattern?(z: Float64Array, len: number, out: Uint8Array, offset: number): void;
}

/** log(1 + e^z) without overflow or loss of precision. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The branch pattern for activations with a corner at z = 0. */
function positivePattern(z: Float64Array, len: number, out: Uint8Array, offset: number): void {
  for (let i = 0; i < len; i++) out[offset + i] = z[i] > 0 ? 1 : 0;
}

function elementwise(
  spec: ActivationConfig,
  forward: Activation['forward'],
  backward: Activation['backward'],
  piecewise: boolean,
): Activation {
  return { spec, forward, backward, ...(piecewise ? { pattern: positivePattern } : {}) };
}

/** Builds the activation a layer's spec asks for. */
export function makeActivation(spec: ActivationConfig): Activation {
  switch (spec.kind) {
    case 'sigmoid':
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          if (n < 64 || !wasmSigmoid(z, a, n)) sigmoidInto(z, a, n);
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          if (n >= 64 && wasmSigmoidGrad(a, dA, dZ, n)) return;
          for (let i = 0; i < n; i++) {
            const y = a[i];
            dZ[i] = dA[i] * y * (1 - y);
          }
        },
        false,
      );
    case 'tanh':
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) {
            const y = a[i];
            dZ[i] = dA[i] * (1 - y * y);
          }
        },
        false,
      );
    case 'relu':
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) {
            const v = z[i];
            a[i] = v > 0 ? v : 0;
          }
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) dZ[i] = z[i] > 0 ? dA[i] : 0;
        },
        true,
      );
    case 'leaky_relu': {
      const al = spec.alpha;
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) {
            const v = z[i];
            a[i] = v > 0 ? v : al * v;
          }
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) dZ[i] = z[i] > 0 ? dA[i] : al * dA[i];
        },
        true,
      );
    }
    case 'elu': {
      const al = spec.alpha;
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) {
            const v = z[i];
            a[i] = v > 0 ? v : al * Math.expm1(v);
          }
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) dZ[i] = z[i] > 0 ? dA[i] : dA[i] * (a[i] + al);
        },
        true,
      );
    }
    case 'softplus':
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) a[i] = softplus(z[i]);
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) dZ[i] = dA[i] * fastSigmoid(z[i]);
        },
        false,
      );
    case 'step':
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? 1 : 0;
        },
        (z, a, dA, dZ, r, c) => {
          dZ.fill(0, 0, r * c);
        },
        true,
      );
    case 'linear':
      return elementwise(
        spec,
        (z, a, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) a[i] = z[i];
        },
        (z, a, dA, dZ, r, c) => {
          const n = r * c;
          for (let i = 0; i < n; i++) dZ[i] = dA[i];
        },
        false,
      );
    case 'softmax':
      return {
        spec,
        forward: softmaxForward,
        backward: softmaxBackward,
      };
    case 'custom': {
      const f = compileExpr(spec.f);
      const df = compileExpr(spec.df);
      return elementwise(
        spec,
        (z, a, r, c) => f.run(z, a, r * c),
        (z, a, dA, dZ, r, c) => df.run(z, dZ, r * c, dA),
        false,
      );
    }
  }
}

/** Row-wise softmax with the row maximum subtracted (no overflow). */
function softmaxForward(z: Float64Array, a: Float64Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[row + j] > max) max = z[row + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(z[row + j] - max);
      a[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) a[row + j] *= inv;
  }
}

/** ∂J/∂z_i = p_i (∂J/∂p_i − Σ_j p_j ∂J/∂p_j): the softmax Jacobian times ∂J/∂p, per row. */
function softmaxBackward(
  z: Float64Array,
  a: Float64Array,
  dA: Float64Array,
  dZ: Float64Array,
  rows: number,
  cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += a[row + j] * dA[row + j];
    for (let j = 0; j < cols; j++) dZ[row + j] = a[row + j] * (dA[row + j] - dot);
  }
}
