/**
 * Gradient check of a graph: for every entry of every input (or a seeded sample of `maxParams` of
 * them), the backward pass's ∂output/∂v against the central difference (f(v+ε) − f(v−ε)) / 2ε, judged
 * as the layered networks' check judges (engine/gradcheck.ts: noise-aware relative error, ok / warn /
 * fail, and kink when the ±ε step moved a max, min, relu or abs across its corner). One group per input.
 * The report holds facts; src/text/graph.ts tells the verdict in words.
 */
import type { GradcheckConfig } from '../config';
import {
  finiteDifferenceNoise,
  judge,
  relativeError,
  samePattern,
  selectEntries,
  summarizeEntries,
  unflatten,
} from '../gradcheck';
import type { GradcheckEntry, GradcheckGroup } from '../types';
import type { Graph } from './graph';

/** A layered check's entry with `param` naming the input and `index` its element ([] for a number, [i], [row, col]). */
export type GraphGradcheckEntry = Omit<GradcheckEntry, 'layer' | 'param'> & { param: string };

/** One group per input. */
export type GraphGradcheckGroup = Omit<GradcheckGroup, 'layer' | 'param'> & { param: string };

export interface GraphGradcheckReport {
  passed: boolean;
  maxRelativeError: number;
  maxAbsoluteError: number;
  epsilon: number;
  groups: GraphGradcheckGroup[];
  entries: GraphGradcheckEntry[];
}

export function graphGradcheck(graph: Graph, options?: Partial<GradcheckConfig>): GraphGradcheckReport {
  const opts: GradcheckConfig = { ...graph.config.gradcheck, ...options };
  const eps = opts.epsilon;
  graph.forward();
  graph.backward();
  const inputs = graph.inputs;
  const analytic = inputs.map((w) => Float64Array.from(w.grad));
  const branches = graph.branches();
  const entries: GraphGradcheckEntry[] = [];
  for (const [k, i] of selectEntries(inputs, opts.maxParams, graph.config.seed)) {
    const w = inputs[k];
    const v = w.value[i];
    w.value[i] = v + eps;
    const fPlus = graph.forward();
    const crossedPlus = !samePattern(branches, graph.branches());
    w.value[i] = v - eps;
    const fMinus = graph.forward();
    const crossedMinus = !samePattern(branches, graph.branches());
    w.value[i] = v;
    const numeric = (fPlus - fMinus) / (2 * eps);
    const a = analytic[k][i];
    const err = relativeError(a, numeric, finiteDifferenceNoise(fPlus, fMinus, eps));
    entries.push({
      param: w.name,
      index: unflatten(i, [...w.shape]),
      analytic: a,
      numeric,
      relativeError: err,
      absoluteError: Math.abs(a - numeric),
      status: judge(err, crossedPlus || crossedMinus, opts),
    });
  }
  // Leave the graph as the check found it.
  graph.forward();
  graph.backward();
  const groups: GraphGradcheckGroup[] = inputs
    .map((w) => ({ param: w.name, ...summarizeEntries(entries.filter((e) => e.param === w.name)) }))
    .filter((g) => g.checked > 0);
  const passed = groups.every((g) => g.status !== 'fail');
  const maxRelativeError = groups.reduce((m, g) => Math.max(m, g.maxRelativeError), 0);
  const maxAbsoluteError = groups.reduce((m, g) => Math.max(m, g.maxAbsoluteError), 0);
  return { passed, maxRelativeError, maxAbsoluteError, epsilon: eps, groups, entries };
}
