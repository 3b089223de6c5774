/**
 * Turns the training history (EpochMetrics[]) into the loss chart's series, as a pure function:
 * train and test loss on the left axis, train and test accuracy on a right axis (classification
 * only), and the train loss of each earlier run the user shows, faint, named by its number and what
 * changed in the spec. Non-finite values are dropped (a diverging run must not break the chart),
 * non-positive losses are dropped on a log scale, and very long runs are downsampled per bucket
 * keeping each bucket's minimum and maximum so spikes stay visible.
 */
import type { EpochMetrics } from '../../src/engine/types';
import { formatMetrics } from '../../src/text/training';
import type { EarlierRun } from '../../src/protocol/messages';

export interface Point {
  x: number;
  y: number;
}

export type SeriesId = 'loss' | 'testLoss' | 'accuracy' | 'testAccuracy';

export interface Series {
  /** A SeriesId, or `run-RUNID` for an earlier run. */
  id: SeriesId | `run-${number}`;
  label: string;
  /** Theme colour variable of the line. */
  colorVar: string;
  axis: 'loss' | 'accuracy';
  dashed: boolean;
  points: Point[];
  /** An earlier run: drawn thin and faint, and named in the run list instead of the legend. */
  faint?: boolean;
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
    const pts = pointsOf(metrics, d.id, d.axis, o);
    if (pts.length > 0) out.push({ ...d, points: pts });
  }
  return out;
}

/**
 * Colours of the earlier runs, by run number (a run keeps its colour while newer runs come and go):
 * one for each earlier run kept, none of them a solid loss line's colour (blue, orange).
 */
export const EARLIER_RUN_COLORS: readonly string[] = [
  '--vscode-charts-yellow',
  '--vscode-charts-red',
  '--vscode-charts-purple',
  '--vscode-charts-foreground',
  '--vscode-charts-green',
];

/** The colour variable of the run numbered `ordinal` (from 1). */
export function earlierRunColor(ordinal: number): string {
  const n = EARLIER_RUN_COLORS.length;
  return EARLIER_RUN_COLORS[(((Math.trunc(ordinal) - 1) % n) + n) % n];
}

/** How a run is named on the chart: "run 2 · learning_rate 0.1 → 1". */
export function runName(ordinal: number | undefined, label: string | undefined): string {
  const name = ordinal !== undefined ? `run ${ordinal}` : 'this run';
  return label ? `${name} · ${label}` : name;
}

/** The train loss of each earlier run not in `hidden`, oldest first, faint; a run with no finite loss is left out. */
export function earlierRunSeries(
  runs: readonly EarlierRun[],
  hidden: readonly number[],
  options: Partial<SeriesOptions> = {},
): Series[] {
  const o: SeriesOptions = { logScale: false, maxPoints: 1000, ...options };
  const out: Series[] = [];
  for (const run of runs) {
    if (hidden.includes(run.runId)) continue;
    const points = pointsOf(run.history, 'loss', 'loss', o);
    if (points.length === 0) continue;
    out.push({
      id: `run-${run.runId}`,
      label: runName(run.ordinal, run.label),
      colorVar: earlierRunColor(run.ordinal),
      axis: 'loss',
      dashed: false,
      points,
      faint: true,
    });
  }
  return out;
}

/** The finite values of one metric as points (positive ones only for a loss on a log scale), downsampled. */
function pointsOf(
  metrics: readonly EpochMetrics[],
  id: SeriesId,
  axis: 'loss' | 'accuracy',
  o: SeriesOptions,
): Point[] {
  const pts: Point[] = [];
  for (const m of metrics) {
    const y = m[id];
    if (typeof y !== 'number' || !Number.isFinite(y) || !Number.isFinite(m.epoch)) continue;
    if (o.logScale && axis === 'loss' && y <= 0) continue;
    pts.push({ x: m.epoch, y });
  }
  return downsample(pts, o.maxPoints);
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
export function latestCaption(metrics: readonly EpochMetrics[], lossName?: string): string {
  const m = metrics[metrics.length - 1];
  return m ? `epoch ${m.epoch} · ${formatMetrics(m, lossName)}` : 'No training yet — press Train.';
}
