/**
 * Reads the numbers the drawing needs out of a PassReport, as pure functions: a weight or its
 * gradient (or last update) per edge (all maxout pieces, and the one of largest magnitude to draw), per-unit node
 * values averaged over the batch, and a layer's whole matrix flattened for a heatmap.
 */
import type { LayerReport, ParamReport, PassReport } from '../../src/engine/types';

/** Which number of a parameter: its value, its gradient ∂J/∂w, or the last Step's update to it (new − old). */
export type ParamField = 'value' | 'grad' | 'update';

/** W or ∂J/∂W of one edge: one number per piece (one for dense). Undefined if absent. */
export function edgeValues(
  layer: LayerReport | undefined,
  which: ParamField,
  input: number,
  unit: number,
): number[] | undefined {
  const p = layer?.params.W;
  const data = p ? p[which] : undefined;
  if (!p || !data) return undefined;
  if (p.shape.length === 3) {
    const out: number[] = [];
    for (const piece of data as number[][][]) {
      const v = piece?.[input]?.[unit];
      if (typeof v !== 'number') return undefined;
      out.push(v);
    }
    return out;
  }
  const v = (data as number[][])[input]?.[unit];
  return typeof v === 'number' ? [v] : undefined;
}

/** The piece of largest magnitude (the one drawn); undefined for an empty list. */
export function dominant(values: readonly number[] | undefined): number | undefined {
  if (!values || values.length === 0) return undefined;
  let best = values[0];
  for (const v of values) if (Math.abs(v) > Math.abs(best)) best = v;
  return best;
}

/** The mean of each column of a samples × units matrix (the batch average per unit). */
export function columnMeans(m: readonly (readonly number[])[] | undefined): number[] | undefined {
  if (!m || m.length === 0) return undefined;
  const units = m[0].length;
  const out = new Array<number>(units).fill(0);
  for (const row of m) for (let j = 0; j < units; j++) out[j] += row[j];
  return out.map((v) => v / m.length);
}

/** b (or ∂J/∂b) of one unit; for maxout the piece of largest magnitude. */
export function biasValue(layer: LayerReport | undefined, which: ParamField, unit: number): number | undefined {
  const p = layer?.params.b;
  const data = p ? p[which] : undefined;
  if (!p || !data) return undefined;
  if (p.shape.length === 2) return dominant((data as number[][]).map((row) => row[unit]));
  const v = (data as number[])[unit];
  return typeof v === 'number' ? v : undefined;
}

/** Per-unit node values of a report for column `column` (0 = input): a, z or ∂J/∂a averaged over the batch. */
export function nodeValues(
  report: PassReport | undefined,
  column: number,
  which: 'a' | 'z' | 'dA',
): number[] | undefined {
  if (!report) return undefined;
  if (column === 0) return which === 'a' ? columnMeans(report.input) : undefined;
  const layer = report.layers[column - 1];
  return columnMeans(layer?.[which]);
}

/** A weight matrix (inputs × units, row-major) flattened for a heatmap; maxout shows the dominant piece. */
export function flatMatrix(
  p: ParamReport | undefined,
  which: ParamField,
): { rows: number; cols: number; values: Float64Array } | undefined {
  const data = p ? p[which] : undefined;
  if (!p || !data) return undefined;
  const pieces = p.shape.length === 3 ? (data as number[][][]) : [data as number[][]];
  const rows = pieces[0]?.length ?? 0;
  const cols = pieces[0]?.[0]?.length ?? 0;
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let best = 0;
      for (const piece of pieces) {
        const v = piece[i][j];
        if (Math.abs(v) > Math.abs(best) || Number.isNaN(v)) best = v;
      }
      values[i * cols + j] = best;
    }
  }
  return { rows, cols, values };
}

/** Every weight (or gradient) of the report, for a network-wide colour scale. */
export function allWeights(report: PassReport | undefined, which: ParamField): number[] {
  const out: number[] = [];
  for (const l of report?.layers ?? []) {
    const m = flatMatrix(l.params.W, which);
    if (m) for (const v of m.values) out.push(v);
  }
  return out;
}

/** Whether a report's layers have the shapes of a network with these layer sizes (stale reports are dropped). */
export function reportMatchesShape(report: PassReport, input: number, units: readonly number[]): boolean {
  if (report.layers.length !== units.length) return false;
  if (report.input.length > 0 && report.input[0].length !== input) return false;
  return report.layers.every((l, k) => {
    const s = l.params.W.shape;
    const [rows, cols] = s.length === 3 ? [s[1], s[2]] : [s[0], s[1]];
    return rows === (k === 0 ? input : units[k - 1]) && cols === units[k];
  });
}
