/**
 * Turns the training history (EpochMetrics[]) into the loss chart's series, as a pure function:
 * train and test loss on the left axis, train and test accuracy on a right axis (classification
 * only). Non-finite values are dropped (a diverging run must not break the chart), non-positive
 * losses are dropped on a log scale, and very long runs are downsampled per bucket keeping each
 * bucket's minimum and maximum so spikes stay visible.
 */
import type { EpochMetrics } from '../../src/engine/types';
import { formatMetrics } from '../../src/text/training';

export interface Point {
  x: number;
  y: number;
}

export type SeriesId = 'loss' | 'testLoss' | 'accuracy' | 'testAccuracy';

export interface Series {
  id: SeriesId;
  label: string;
  /** Theme colour variable of the line. */
  colorVar: string;
  axis: 'loss' | 'accuracy';
  dashed: boolean;
  points: Point[];
}

export interface SeriesOptions {
  logScale: boolean;
  /** At most about this many points per series. */
  maxPoints: number;
}

const DEFS: readonly { id: SeriesId; label: string; colorVar: string; axis: 'loss' | 'accuracy'; dashed: boolean }[] = [
  { id: 'loss', label: 'train loss', colorVar: '--vscode-charts-blue', axis: 'loss', dashed: false },
  { id: 'testLoss', label: 'test loss', colorVar: '--vscode-charts-orange', axis: 'loss', dashed: false },
  { id: 'accuracy', label: 'train accuracy', colorVar: '--vscode-charts-green', axis: 'accuracy', dashed: true },
  { id: 'testAccuracy', label: 'test accuracy', colorVar: '--vscode-charts-purple', axis: 'accuracy', dashed: true },
];

/** The series present in `metrics` (a series with no finite value is left out). */
export function lossChartSeries(metrics: readonly EpochMetrics[], options: Partial<SeriesOptions> = {}): Series[] {
  const o: SeriesOptions = { logScale: false, maxPoints: 1000, ...options };
  const out: Series[] = [];
  for (const d of DEFS) {
    const pts: Point[] = [];
    for (const m of metrics) {
      const y = m[d.id];
      if (typeof y !== 'number' || !Number.isFinite(y) || !Number.isFinite(m.epoch)) continue;
      if (o.logScale && d.axis === 'loss' && y <= 0) continue;
      pts.push({ x: m.epoch, y });
    }
    if (pts.length === 0) continue;
    out.push({ ...d, points: downsample(pts, o.maxPoints) });
  }
  return out;
}

/**
 * At most about `maxPoints` points: the first and last point, and per bucket of consecutive points
 * its minimum and maximum (in x order). Unchanged when short enough.
 */
export function downsample(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints || maxPoints < 4) return points.slice();
  const inner = points.length - 2;
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const size = inner / buckets;
  const out: Point[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * size);
    const end = Math.min(points.length - 1, 1 + Math.floor((b + 1) * size));
    if (end <= start) continue;
    let lo = start,
      hi = start;
    for (let i = start; i < end; i++) {
      if (points[i].y < points[lo].y) lo = i;
      if (points[i].y > points[hi].y) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  out.push(points[points.length - 1]);
  return out;
}

/** A one-line summary of the latest epoch for the chart's caption, e.g. "epoch 120 · loss 0.0412 · accuracy 98.7%". */
export function latestCaption(metrics: readonly EpochMetrics[]): string {
  const m = metrics[metrics.length - 1];
  return m ? `epoch ${m.epoch} · ${formatMetrics(m)}` : 'No training yet — press Train.';
}
