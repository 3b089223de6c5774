/**
 * Predictions over the input plane for the decision-boundary view: for a classifier with 2 inputs,
 * the predicted class and its confidence at the centre of every cell of a resolution × resolution
 * grid spanning the data's range padded by 10% on each side.
 * Confidence: the softmax probability of the winning class (softmax output), max(p, 1 − p) for a
 * single sigmoid-like output (clamped to [0, 1]), and the softmax of the scores for other outputs
 * (linear / hinge), so it is always in [0, 1].
 */
import { evaluationRows, rowNumbers } from './budget';
import type { Network } from './network';
import type { Dataset, DecisionGrid } from './types';

export function decisionGrid(net: Network, data: Dataset, resolution = 50): DecisionGrid | undefined {
  if (data.inputs !== 2 || net.inputs !== 2 || !data.labels || data.n === 0) return undefined;
  const res = Math.max(2, Math.floor(resolution));
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < data.n; i++) {
    const u = data.x[2 * i],
      v = data.x[2 * i + 1];
    if (u < x0) x0 = u;
    if (u > x1) x1 = u;
    if (v < y0) y0 = v;
    if (v > y1) y1 = v;
  }
  const padX = x1 > x0 ? 0.1 * (x1 - x0) : 1;
  const padY = y1 > y0 ? 0.1 * (y1 - y0) : 1;
  const grid: DecisionGrid = {
    xMin: x0 - padX,
    xMax: x1 + padX,
    yMin: y0 - padY,
    yMax: y1 + padY,
    resolution: res,
    classes: new Array<number>(res * res),
    confidence: new Array<number>(res * res),
  };
  const dx = (grid.xMax - grid.xMin) / res;
  const dy = (grid.yMax - grid.yMin) / res;
  const cells = res * res;
  // Rows forwarded at once: what the network's buffers hold (at least an evaluation chunk), so a fine grid allocates nothing more.
  const CHUNK = Math.min(cells, Math.max(net.capacity, evaluationRows(rowNumbers(net.layers))));
  const buf = new Float64Array(CHUNK * 2);
  const w = net.outputs;
  const softmaxOut = net.output.activation.spec.kind === 'softmax';
  for (let start = 0; start < cells; start += CHUNK) {
    const m = Math.min(CHUNK, cells - start);
    for (let r = 0; r < m; r++) {
      const c = start + r;
      buf[2 * r] = grid.xMin + ((c % res) + 0.5) * dx;
      buf[2 * r + 1] = grid.yMin + (Math.floor(c / res) + 0.5) * dy;
    }
    const a = net.forward(buf, m);
    for (let r = 0; r < m; r++) {
      const cls = net.predictedClass(r);
      let conf: number;
      if (w === 1) {
        const p = Math.min(1, Math.max(0, a[r]));
        conf = Math.max(p, 1 - p);
      } else if (softmaxOut) {
        conf = a[r * w + cls];
      } else {
        let sum = 0;
        const top = a[r * w + cls];
        for (let j = 0; j < w; j++) sum += Math.exp(a[r * w + j] - top);
        conf = 1 / sum;
      }
      grid.classes[start + r] = cls;
      grid.confidence[start + r] = conf;
    }
  }
  return grid;
}
