/**
 * Forward and backward passes as plain-data reports (PassReport): per layer z and a (and after a
 * backward pass ∂J/∂a and the parameters' gradients) as nested arrays, samples × units — the CLI's
 * JSON, the hover's numbers and the webview's pictures.
 */
import { makeBatch, type Batch } from './batch';
import { checkDataFits } from './data/load';
import type { Layer } from './layers';
import type { Network } from './network';
import type { Dataset, LayerReport, ParamReport, PassReport } from './types';

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

/** What a pass report holds: at most `rows` samples' per-sample values (J and the gradients are over all of them). */
export interface PassOptions {
  rows?: number;
}

/** Forward pass over the given samples of data (default: all, as one batch). */
export function forwardReport(net: Network, data: Dataset, samples?: number[], options?: PassOptions): PassReport {
  checkDataFits(data, net);
  const batch = makeBatch(data, samples);
  net.lossOf(batch.x, batch.targets, batch.n);
  return report(net, batch, false, options?.rows);
}

/** Forward and backward pass over the given samples of data (default: all, as one batch). */
export function backwardReport(net: Network, data: Dataset, samples?: number[], options?: PassOptions): PassReport {
  checkDataFits(data, net);
  const batch = makeBatch(data, samples);
  net.gradient(batch.x, batch.targets, batch.n);
  return report(net, batch, true, options?.rows);
}
