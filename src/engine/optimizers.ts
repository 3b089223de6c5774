/**
 * Parameter update rules, applied in place to every parameter from its gradient, with state arrays
 * allocated once (no allocation per step):
 * - gd / sgd: θ ← θ − η·g (they differ only in the batch the trainer feeds: gd defaults to full batch)
 * - momentum: v ← μ·v − η·g; θ ← θ + v
 * - nesterov (the cs231n / Sutskever form): v' ← μ·v − η·g; θ ← θ − μ·v + (1 + μ)·v'
 * - adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η·m̂ / (√v̂ + ε) with bias-corrected m̂, v̂
 * An optimizer keeps its state (velocities, moments, adam's step count) across `configure`, which takes
 * a new learning rate and new knobs of the same kind: an edit of the training settings continues the
 * run; a different kind is a new optimizer with fresh state.
 */
import type { OptimizerConfig } from './config';
import type { ParamRef } from './network';
import { wasmStep } from './wasmKernels';
import { residentArray } from './wasmMemory';

export interface Optimizer {
  readonly name: OptimizerConfig['kind'];
  /** One update of every parameter from its current gradient. */
  step(): void;
  /** New settings of the same kind (the learning rate, momentum, β₁, β₂, ε); the state is kept. */
  configure(spec: OptimizerConfig, learningRate: number): void;
}

/** Refuses settings of another kind than the optimizer's own. */
function sameKind<K extends OptimizerConfig['kind']>(
  kind: K,
  spec: OptimizerConfig,
): Extract<OptimizerConfig, { kind: K }> {
  if (spec.kind !== kind) throw new Error(`a ${kind} optimizer cannot take ${spec.kind} settings`);
  return spec as Extract<OptimizerConfig, { kind: K }>;
}

/** What an optimizer updates: a parameter array and its gradient (a network's ParamRef, a graph's input wire). */
export type Updatable = Pick<ParamRef, 'value' | 'grad'>;

export function makeOptimizer(spec: OptimizerConfig, learningRate: number, params: readonly Updatable[]): Optimizer {
  let lr = learningRate;
  // State in the kernels' memory, so the updates of resident parameters run there (wasmStep).
  const zeros = (): Float64Array[] => params.map((p) => residentArray(p.value.length));
  switch (spec.kind) {
    case 'gd':
    case 'sgd': {
      const kind = spec.kind;
      return {
        name: kind,
        configure(next, rate) {
          sameKind(kind, next);
          lr = rate;
        },
        step() {
          for (const p of params) {
            const v = p.value,
              g = p.grad;
            for (let i = wasmStep(v, g, undefined, v.length, lr, 0); i < v.length; i++) v[i] -= lr * g[i];
          }
        },
      };
    }
    case 'momentum': {
      let mu = spec.momentum;
      const vel = zeros();
      return {
        name: 'momentum',
        configure(next, rate) {
          mu = sameKind('momentum', next).momentum;
          lr = rate;
        },
        step() {
          params.forEach((p, k) => {
            const w = p.value,
              g = p.grad,
              v = vel[k];
            for (let i = wasmStep(w, g, v, w.length, lr, mu); i < w.length; i++) {
              v[i] = mu * v[i] - lr * g[i];
              w[i] += v[i];
            }
          });
        },
      };
    }
    case 'nesterov': {
      let mu = spec.momentum;
      const vel = zeros();
      return {
        name: 'nesterov',
        configure(next, rate) {
          mu = sameKind('nesterov', next).momentum;
          lr = rate;
        },
        step() {
          params.forEach((p, k) => {
            const w = p.value,
              g = p.grad,
              v = vel[k];
            for (let i = 0; i < w.length; i++) {
              const prev = v[i];
              const next = mu * prev - lr * g[i];
              v[i] = next;
              w[i] += -mu * prev + (1 + mu) * next;
            }
          });
        },
      };
    }
    case 'adam': {
      let { beta1, beta2, epsilon } = spec;
      const m = zeros();
      const s = zeros();
      let t = 0;
      return {
        name: 'adam',
        configure(next, rate) {
          ({ beta1, beta2, epsilon } = sameKind('adam', next));
          lr = rate;
        },
        step() {
          t++;
          const c1 = 1 / (1 - Math.pow(beta1, t));
          const c2 = 1 / (1 - Math.pow(beta2, t));
          params.forEach((p, k) => {
            const w = p.value,
              g = p.grad,
              mk = m[k],
              sk = s[k];
            for (let i = 0; i < w.length; i++) {
              const gi = g[i];
              mk[i] = beta1 * mk[i] + (1 - beta1) * gi;
              sk[i] = beta2 * sk[i] + (1 - beta2) * gi * gi;
              w[i] -= (lr * mk[i] * c1) / (Math.sqrt(sk[i] * c2) + epsilon);
            }
          });
        },
      };
    }
  }
}
