/**
 * Forward and backward passes as plain-data reports (PassReport): per layer z and a (and after a
 * backward pass ∂J/∂a and the parameters' gradients) as nested arrays, samples × units — the CLI's
 * JSON, the hover's numbers and the webview's pictures.
 *
 * Reports are bounded (every surface alike): a pass over "all" samples takes at most the first
 * MAX_PASS_SAMPLES of the training set as one batch, fewer when their values would pass
 * MAX_REPORT_NUMBERS; a network whose parameters (and gradients) alone pass it is refused
 * (ReportTooLarge) — the gradient check and training still run it.
 */
import { findNonFinite, type NonFiniteCause } from './nonFinite';
import { makeBatch, type Batch } from './batch';
import { checkDataFits } from './data/load';
import type { Layer } from './layers';
import type { Network } from './network';
import type { Dataset, LayerReport, ParamReport, PassReport } from './types';
import { rowNumbers } from './budget';

/** Most samples a pass over "all" samples takes (the first ones of the training set). */
export const MAX_PASS_SAMPLES = 1000;
/** Most numbers a pass holds in its report and its layers' buffers (a JSON report of about 80 MB). */
export const MAX_REPORT_NUMBERS = 4_000_000;

/** A pass whose report would pass MAX_REPORT_NUMBERS even for one sample; `layer` is the biggest layer. */
export class ReportTooLarge extends Error {
  constructor(
    message: string,
    readonly layer: number,
  ) {
    super(message);
    this.name = 'ReportTooLarge';
  }
}

/**
 * How many samples a pass report over `n` samples holds: at most MAX_PASS_SAMPLES, and no more than fit
 * MAX_REPORT_NUMBERS with the parameters (and gradients). Throws ReportTooLarge when not even one fits.
 */
export function passSampleCount(net: Network, n: number, withGradients: boolean): number {
  const copies = withGradients ? 2 : 1;
  const fixed = net.paramCount() * copies;
  const units = net.layers.reduce((s, l) => s + l.units, 0);
  const perSample = rowNumbers(net.layers) + units * (copies + 1) + net.inputs + net.outputs;
  const fit = Math.floor((MAX_REPORT_NUMBERS - fixed) / perSample);
  if (fit < 1) {
    const biggest = net.layers.reduce((a, l) => (l.paramCount() > a.paramCount() ? l : a));
    const what = withGradients ? 'parameters and their gradients' : 'parameters';
    throw new ReportTooLarge(
      `a ${withGradients ? 'backward' : 'forward'} report of this network would list ${(fixed + perSample).toLocaleString('en-US')} numbers (its ${what} and one sample's values); at most ${MAX_REPORT_NUMBERS.toLocaleString('en-US')} fit in a report: the gradient check and training still run it`,
      biggest.index,
    );
  }
  return Math.min(n, MAX_PASS_SAMPLES, fit);
}

/** rows × cols of a flat row-major buffer as nested arrays. */
export function toMatrix(buf: Float64Array, rows: number, cols: number, offset = 0): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(buf.subarray(offset + i * cols, offset + (i + 1) * cols)));
  return out;
}

/** A flat buffer nested by shape ([n], [r, c] or [p, r, c]). */
export function nest(buf: Float64Array, shape: number[]): number[] | number[][] | number[][][] {
  if (shape.length === 1) return Array.from(buf.subarray(0, shape[0]));
  if (shape.length === 2) return toMatrix(buf, shape[0], shape[1]);
  const [p, r, c] = shape;
  const out: number[][][] = [];
  for (let k = 0; k < p; k++) out.push(toMatrix(buf, r, c, k * r * c));
  return out;
}

/**
 * The report of the pass just run on `batch`; its per-sample matrices hold at most `rows` samples (the
 * first ones), while J and the gradients are over the whole batch.
 */
function report(net: Network, batch: Batch, withGradients: boolean, rows = Infinity): PassReport {
  const n = Math.min(batch.n, Math.max(1, Math.floor(rows)));
  const layers: LayerReport[] = net.layers.map((l: Layer) => {
    const param = (value: Float64Array, grad: Float64Array, shape: number[]): ParamReport =>
      withGradients
        ? { shape, value: nest(value, shape), grad: nest(grad, shape) }
        : { shape, value: nest(value, shape) };
    const lr: LayerReport = {
      index: l.index,
      type: l.type,
      activation: l.activation.spec,
      z: toMatrix(l.z, n, l.units),
      a: toMatrix(l.a, n, l.units),
      params: { W: param(l.W, l.dW, l.shapes.W) },
    };
    if (withGradients) lr.dA = toMatrix(l.dA, n, l.units);
    if (l.shapes.b) lr.params.b = param(l.b, l.db, l.shapes.b);
    return lr;
  });
  return {
    loss: net.lastLoss,
    dataLoss: net.lastDataLoss,
    samples: n < batch.n ? batch.samples.slice(0, n) : batch.samples,
    ...(n < batch.n ? { batchSize: batch.n } : {}),
    input: toMatrix(batch.x, n, net.inputs),
    targets: toMatrix(batch.targets, n, net.outputs),
    layers,
  };
}

/**
 * The report with each parameter's last update (new − old, flat per `net.params()` array as Model.step gives
 * them) nested beside its value, for the panel's Updates view. Returns the same report, changed in place.
 */
export function withUpdates(report: PassReport, net: Network, updates: readonly Float64Array[]): PassReport {
  net.params().forEach((p, k) => {
    const target = report.layers[p.layer - 1]?.params[p.name];
    if (target && updates[k]) target.update = nest(updates[k], p.shape);
  });
  return report;
}

/** What a pass report holds: at most `rows` samples' per-sample values (J and the gradients are over all of them). */
export interface PassOptions {
  rows?: number;
}

/** The report, told where its loss's first NaN or infinity comes from when it is not finite (after it was copied out). */
function withCause(net: Network, batch: Batch, r: PassReport): PassReport {
  if (Number.isFinite(r.loss)) return r;
  const cause = findNonFinite(net, batch.x, batch.targets, batch.n);
  if (!cause) return r;
  // Samples of the cause count within the batch: name them as the training set does.
  const sample = 'sample' in cause ? { sample: batch.samples[cause.sample] ?? cause.sample } : {};
  return { ...r, nonFinite: { ...cause, ...sample } as NonFiniteCause };
}

/** The given samples, or the first ones a pass over all of them takes (passSampleCount). */
function passSamples(net: Network, data: Dataset, samples: number[] | undefined, withGradients: boolean): number[] {
  const count = passSampleCount(net, data.n, withGradients);
  if (samples) return samples;
  return Array.from({ length: count }, (_, i) => i);
}

/** Forward pass over the given samples of data (default: all, as one batch, at most passSampleCount of them). */
export function forwardReport(net: Network, data: Dataset, samples?: number[], options?: PassOptions): PassReport {
  checkDataFits(data, net);
  const batch = makeBatch(data, passSamples(net, data, samples, false));
  net.lossOf(batch.x, batch.targets, batch.n);
  return withCause(net, batch, report(net, batch, false, options?.rows));
}

/** Forward and backward pass over the given samples of data (default: all, as one batch, at most passSampleCount of them). */
export function backwardReport(net: Network, data: Dataset, samples?: number[], options?: PassOptions): PassReport {
  checkDataFits(data, net);
  const batch = makeBatch(data, passSamples(net, data, samples, true));
  net.gradient(batch.x, batch.targets, batch.n);
  return withCause(net, batch, report(net, batch, true, options?.rows));
}
