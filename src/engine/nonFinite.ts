/**
 * Where a NaN or an infinity first appears when the loss is not finite at the current weights, as facts
 * (src/text tells them): an input feature of the data, a parameter, a layer's pre-activation z (an
 * overflow of W·x + b), a layer's activation a (f gave NaN or ±∞ for a finite z, e.g. log of a negative),
 * the loss of one sample, or the regularization term. Scans the samples in chunks in order, layer by
 * layer, so it names the first sample and the first layer; samples count from 0 here.
 */
import type { ActivationConfig, LossName } from './config';
import { evaluationRows, rowNumbers } from './budget';
import type { Network } from './network';

export type NonFiniteCause =
  | { stage: 'data'; sample: number; feature: number; value: number }
  | { stage: 'parameter'; layer: number; param: 'W' | 'b' }
  | { stage: 'z'; layer: number; sample: number; unit: number; value: number }
  | {
      stage: 'activation';
      layer: number;
      activation: ActivationConfig;
      sample: number;
      unit: number;
      z: number;
      value: number;
    }
  | { stage: 'loss'; loss: LossName; sample: number }
  | { stage: 'regularization' };

const bad = (v: number): boolean => !Number.isFinite(v);

function firstBad(a: Float64Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bad(a[i])) return i;
  return -1;
}

/** The first place a non-finite number appears in the loss of the `n` rows of `x` (n × inputs) against `targets`. */
export function findNonFinite(
  net: Network,
  x: Float64Array,
  targets: Float64Array,
  n: number,
): NonFiniteCause | undefined {
  for (const l of net.layers) {
    if (firstBad(l.W, 0, l.W.length) >= 0) return { stage: 'parameter', layer: l.index, param: 'W' };
    if (firstBad(l.b, 0, l.b.length) >= 0) return { stage: 'parameter', layer: l.index, param: 'b' };
  }
  const d = net.inputs;
  const i = firstBad(x, 0, n * d);
  if (i >= 0) return { stage: 'data', sample: Math.floor(i / d), feature: i % d, value: x[i] };
  const w = net.outputs;
  const chunk = Math.max(1, Math.min(n, Math.max(net.capacity, evaluationRows(rowNumbers(net.layers)))));
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    net.forward(x.subarray(start * d, (start + rows) * d), rows);
    for (let r = 0; r < rows; r++)
      for (const l of net.layers) {
        const u = l.units;
        const zi = firstBad(l.z, r * u, (r + 1) * u);
        if (zi >= 0) return { stage: 'z', layer: l.index, sample: start + r, unit: zi - r * u, value: l.z[zi] };
        const ai = firstBad(l.a, r * u, (r + 1) * u);
        if (ai >= 0)
          return {
            stage: 'activation',
            layer: l.index,
            activation: l.activation.spec,
            sample: start + r,
            unit: ai - r * u,
            z: l.z[ai],
            value: l.a[ai],
          };
      }
    const out = net.output;
    for (let r = 0; r < rows; r++) {
      const t = targets.subarray((start + r) * w, (start + r + 1) * w);
      if (bad(net.loss.sum(out.z.subarray(r * w), out.a.subarray(r * w), t, 1, w, 0)))
        return { stage: 'loss', loss: net.loss.name, sample: start + r };
    }
  }
  return bad(net.regularization()) ? { stage: 'regularization' } : undefined;
}
