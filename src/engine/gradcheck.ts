/**
 * Gradient check: compares the backward pass's ∂J/∂θ with central differences
 * (J(θ+ε) − J(θ−ε)) / 2ε of the same objective J = data loss + regularization, on the first
 * `samples` training samples, for every parameter or a seeded sample of `maxParams` of them.
 *
 * Relative error = max(0, |a − n| − η) / max(|a|, |n|, FLOOR), FLOOR = 1e-7, where
 * η = 32·ε_machine·(|J(θ+ε)| + |J(θ−ε)|) / 2ε is the rounding noise of the central difference itself
 * (J is only known to a few ulps, and dividing by 2ε magnifies that: ≈ 4e-10 for J ≈ 0.5, ε = 1e-5).
 * A discrepancy rounding alone explains is therefore not an error — without this, tiny but correct
 * gradients (seed 000's ∂J/∂W₂₃ = 7.6e-7) would show relative errors of 1e-5 — and the floor keeps
 * the ratio of two near-zero numbers from blowing up.
 * Status per entry: 'ok' when error ≤ tolerance; otherwise 'kink' when the ±ε perturbation flipped
 * a piecewise decision anywhere in the batch (a ReLU/leaky/ELU/step corner, a maxout argmax, an
 * active hinge margin, or the sign of a weight under L1) so a mismatch is expected; otherwise 'warn'
 * when error ≤ warnTolerance, else 'fail'. Group (layer × W/b) status is the worst of its entries
 * (fail > warn > kink > ok); error maxima ignore kink entries. `passed` = no 'fail'. Each entry also
 * carries the raw |a − n| (absoluteError), so a relative error of 0 still shows how close the two were.
 * A failed check names the custom activation whose df is the likely cause (suspect); src/text/gradcheck.ts
 * tells the verdict in words.
 * Parameter sampling uses its own seeded stream, deriveSeed(spec.seed, SAMPLE_STREAM). A GradcheckRun
 * checks in parts (progress, a stop between parts); gradcheckEntryCost is what one parameter costs, and
 * gradcheckPlan keeps a check's samples and parameters within MAX_GRADCHECK_WORK.
 */
import { findNonFinite } from './nonFinite';
import { DEFAULTS } from './config';
import type { GradcheckConfig } from './config';
import { makeBatch, type Batch } from './batch';
import { deriveSeed } from './data/load';
import { hasCorners } from './expression/functions';
import type { Network } from './network';
import { Rng } from './random';
import type { Dataset, GradcheckEntry, GradcheckGroup, GradcheckReport, GradcheckSuspect, GradStatus } from './types';

export const GRADCHECK_FLOOR = 1e-7;

/** Most work one gradient check does, in multiply-adds (gradcheckEntryCost per checked parameter): a few seconds. */
export const MAX_GRADCHECK_WORK = 2e9;

/**
 * The samples and parameters a check of a network of `params` parameters uses: the requested ones,
 * fewer when their work would pass MAX_GRADCHECK_WORK (at least one of each). The format refuses a spec
 * whose own gradcheck: block asks for more; the engine keeps to it whatever it is given.
 */
export function gradcheckPlan(
  params: number,
  samples: number,
  maxParams: number,
): { samples: number; entries: number } {
  const p = Math.max(1, params);
  const s = Math.max(1, Math.min(samples, Math.floor(MAX_GRADCHECK_WORK / (4 * p))));
  const entries = Math.max(1, Math.min(maxParams, p, Math.floor(MAX_GRADCHECK_WORK / (2 * s * p))));
  return { samples: s, entries };
}
const SAMPLE_STREAM = 0x6c4ec;

/** max(0, |a − n| − noise) / max(|a|, |n|, GRADCHECK_FLOOR); see the module comment. */
export function relativeError(analytic: number, numeric: number, noise = 0): number {
  if (analytic === numeric) return 0;
  const d = Math.abs(analytic - numeric);
  if (!Number.isFinite(d)) return Infinity;
  return Math.max(0, d - noise) / Math.max(Math.abs(analytic), Math.abs(numeric), GRADCHECK_FLOOR);
}

/** Rounding noise of a central difference of J values jPlus, jMinus with step eps. */
export function finiteDifferenceNoise(jPlus: number, jMinus: number, eps: number): number {
  return (32 * Number.EPSILON * (Math.abs(jPlus) + Math.abs(jMinus))) / (2 * eps);
}

/** Multi-dimensional index of a flat position in a row-major shape. */
export function unflatten(flat: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

export function samePattern(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const rank: Record<GradStatus, number> = { ok: 0, kink: 1, warn: 2, fail: 3 };

/** An entry's verdict from its relative error and whether the ±ε step crossed a corner (see the module comment). */
export function judge(err: number, crossedCorner: boolean, opts: GradcheckConfig): GradStatus {
  if (err <= opts.tolerance) return 'ok';
  if (Number.isFinite(err) && crossedCorner) return 'kink';
  return err <= opts.warnTolerance ? 'warn' : 'fail';
}

/** A group's verdict (the worst of its entries) and its largest errors, kink entries left out of the maxima. */
export function summarizeEntries(
  entries: readonly Pick<GradcheckEntry, 'status' | 'relativeError' | 'absoluteError'>[],
): { maxRelativeError: number; maxAbsoluteError: number; status: GradStatus; checked: number } {
  let status: GradStatus = 'ok';
  let maxRelativeError = 0;
  let maxAbsoluteError = 0;
  for (const e of entries) {
    if (rank[e.status] > rank[status]) status = e.status;
    if (e.status === 'kink') continue;
    if (e.relativeError > maxRelativeError) maxRelativeError = e.relativeError;
    if (e.absoluteError > maxAbsoluteError) maxAbsoluteError = e.absoluteError;
  }
  return { maxRelativeError, maxAbsoluteError, status, checked: entries.length };
}

/**
 * Which (param, flat index) pairs to check: all, or a seeded sample of maxParams in network order. The
 * shuffle runs over positions in one Int32Array (4 bytes a parameter, not a pair object each).
 */
export function selectEntries(
  params: readonly { value: ArrayLike<number> }[],
  maxParams: number,
  seed: number,
): [number, number][] {
  const starts: number[] = [];
  let total = 0;
  for (const p of params) {
    starts.push(total);
    total += p.value.length;
  }
  const pair = (flat: number): [number, number] => {
    let pi = starts.length - 1;
    while (starts[pi] > flat) pi--;
    return [pi, flat - starts[pi]];
  };
  if (total <= maxParams) return Array.from({ length: total }, (_, flat) => pair(flat));
  const all = new Int32Array(total);
  for (let flat = 0; flat < total; flat++) all[flat] = flat;
  new Rng(deriveSeed(seed, SAMPLE_STREAM)).shuffle(all);
  return Array.from(all.subarray(0, Math.max(1, maxParams)).sort(), pair);
}

/** Multiply-adds of checking one parameter: two forward passes over `samples` samples (for the time a check takes). */
export function gradcheckEntryCost(net: Network, samples: number): number {
  return 2 * Math.max(1, samples) * Math.max(1, net.paramCount());
}

/**
 * A gradient check in parts, so a caller can report progress and stop between them: the analytic
 * gradient once, then `advance(k)` checks k more parameters (restoring each), and `report()` finishes
 * with the groups and the verdict. `gradcheck()` runs one to the end.
 */
export class GradcheckRun {
  /** How many parameters the check compares. */
  readonly total: number;
  private readonly net: Network;
  private readonly opts: GradcheckConfig;
  private readonly batch: Batch;
  private readonly analytic: Float64Array[];
  private readonly selected: [number, number][];
  private readonly entries: GradcheckEntry[] = [];
  /** Fewer samples or parameters than asked, to keep within MAX_GRADCHECK_WORK. */
  private readonly limited: GradcheckReport['limited'];

  constructor(net: Network, data: Dataset, options?: Partial<GradcheckConfig>) {
    this.net = net;
    this.opts = { ...DEFAULTS.gradcheck, ...net.spec.gradcheck, ...options };
    const asked = Math.max(1, Math.min(this.opts.samples, data.n));
    const plan = gradcheckPlan(net.paramCount(), asked, this.opts.maxParams);
    if (plan.samples < asked || plan.entries < Math.min(this.opts.maxParams, net.paramCount()))
      this.limited = { entries: plan.entries, samples: plan.samples };
    const count = plan.samples;
    this.batch = makeBatch(
      data,
      Array.from({ length: count }, (_, i) => i),
    );
    const { x, targets, n } = this.batch;
    const params = net.params();
    net.gradient(x, targets, n);
    this.analytic = params.map((p) => Float64Array.from(p.grad));
    this.selected = selectEntries(params, plan.entries, net.spec.seed);
    this.total = this.selected.length;
  }

  /** Parameters checked so far. */
  get checked(): number {
    return this.entries.length;
  }

  /** Checks up to `count` more parameters; true once all are checked. */
  advance(count: number): boolean {
    const { net, opts, analytic } = this;
    const { x, targets, n } = this.batch;
    const eps = opts.epsilon;
    const params = net.params();
    const end = Math.min(this.total, this.entries.length + Math.max(0, count));
    for (let k = this.entries.length; k < end; k++) {
      const [pi, i] = this.selected[k];
      const p = params[pi];
      const v = p.value[i];
      p.value[i] = v + eps;
      const jPlus = net.lossOf(x, targets, n);
      const patPlus = net.pattern(targets, n);
      p.value[i] = v - eps;
      const jMinus = net.lossOf(x, targets, n);
      const patMinus = net.pattern(targets, n);
      p.value[i] = v;
      const numeric = (jPlus - jMinus) / (2 * eps);
      const a = analytic[pi][i];
      const err = relativeError(a, numeric, finiteDifferenceNoise(jPlus, jMinus, eps));
      const l1Corner = p.name === 'W' && net.l1 !== 0 && Math.abs(v) < eps;
      const status = judge(err, l1Corner || !samePattern(patPlus, patMinus), opts);
      this.entries.push({
        layer: p.layer,
        param: p.name,
        index: unflatten(i, p.shape),
        analytic: a,
        numeric,
        relativeError: err,
        absoluteError: Math.abs(a - numeric),
        status,
      });
    }
    return this.entries.length >= this.total;
  }

  /** The report over the parameters checked so far (all of them after `advance` returned true). */
  report(): GradcheckReport {
    const { net, entries } = this;
    const { x, targets, n } = this.batch;
    // J itself not finite: no difference can be judged; say where the NaN or infinity comes from.
    const nonFinite = Number.isFinite(net.lossOf(x, targets, n)) ? undefined : findNonFinite(net, x, targets, n);
    // Leave the network as the check found it: gradients of the unperturbed parameters.
    net.gradient(x, targets, n);
    const groups: GradcheckGroup[] = [];
    for (const p of net.params()) {
      const mine = entries.filter((e) => e.layer === p.layer && e.param === p.name);
      if (mine.length === 0) continue;
      groups.push({ layer: p.layer, param: p.name, ...summarizeEntries(mine) });
    }
    const passed = !nonFinite && groups.every((g) => g.status !== 'fail');
    const maxRelativeError = groups.reduce((m, g) => Math.max(m, g.maxRelativeError), 0);
    const maxAbsoluteError = groups.reduce((m, g) => Math.max(m, g.maxAbsoluteError), 0);
    const report: GradcheckReport = {
      passed,
      maxRelativeError,
      maxAbsoluteError,
      epsilon: this.opts.epsilon,
      groups,
      entries,
    };
    const suspect = passed || nonFinite ? undefined : suspectOf(net, groups);
    if (suspect) report.suspect = suspect;
    if (nonFinite) report.nonFinite = nonFinite;
    if (this.limited) report.limited = this.limited;
    return report;
  }
}

export function gradcheck(net: Network, data: Dataset, options?: Partial<GradcheckConfig>): GradcheckReport {
  const run = new GradcheckRun(net, data, options);
  run.advance(run.total);
  return run.report();
}

/**
 * The custom activation most likely behind a failed check: a wrong derivative in layer L corrupts the
 * gradients of layers ≤ L, so the culprit is at or above the deepest failing layer — that layer's
 * custom activation if it has one, else the first custom one from the shallowest failing layer on.
 */
function suspectOf(net: Network, groups: GradcheckGroup[]): GradcheckSuspect | undefined {
  const failing = groups.filter((g) => g.status === 'fail').map((g) => g.layer);
  if (failing.length === 0) return undefined;
  const deepest = Math.max(...failing);
  const custom = net.layers.filter((l) => l.index >= Math.min(...failing) && l.activation.spec.kind === 'custom');
  const layer = custom.find((l) => l.index === deepest) ?? custom[0];
  const s = layer?.activation.spec;
  if (!layer || s?.kind !== 'custom') return undefined;
  return { layer: layer.index, activation: s.name, fText: s.fText, dfText: s.dfText, fHasCorners: hasCorners(s.f) };
}
