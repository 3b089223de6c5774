/**
 * Colour scales of the panel, as pure functions: the sign of a value picks a VS Code theme colour
 * variable (never a literal colour), its magnitude picks an edge's stroke width or a node's fill
 * opacity. Scales are symmetric around zero and robust to outliers (a high percentile of |v|, not
 * the maximum), so one huge gradient does not make every other edge vanish.
 */

/** Theme colour of positive values (blue, as in TensorFlow Playground). */
export const POSITIVE_VAR = '--vscode-charts-blue';
/** Theme colour of negative values. */
export const NEGATIVE_VAR = '--vscode-charts-orange';
/** Theme colour of exact zeros and of values not known yet. */
export const NEUTRAL_VAR = '--vscode-disabledForeground';

/** The theme colour variable for a value's sign (NaN and 0: neutral). */
export function signColorVar(v: number): string {
  return v > 0 ? POSITIVE_VAR : v < 0 ? NEGATIVE_VAR : NEUTRAL_VAR;
}

/** Colours of classes 0, 1, 2, … (decision boundary, data points), cycling after the sixth. */
export const CLASS_VARS: readonly string[] = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];

export function classColorVar(label: number): string {
  const i = Number.isInteger(label) && label >= 0 ? label : 0;
  return CLASS_VARS[i % CLASS_VARS.length];
}

/** Beyond this many values the scale is estimated from an evenly strided sample (fast for 784×128 matrices). */
const MAX_SCALE_SAMPLE = 4096;

/**
 * The magnitude that maps to "full" width/opacity: the `quantile` of |v| over the finite non-zero
 * values (the maximum when there are fewer than `minForQuantile` of them). Always > 0.
 */
export function robustScale(values: ArrayLike<number>, quantile = 0.95, minForQuantile = 20): number {
  const stride = Math.max(1, Math.ceil(values.length / MAX_SCALE_SAMPLE));
  const mags = new Float64Array(Math.ceil(values.length / stride));
  let n = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i];
    if (Number.isFinite(v) && v !== 0) mags[n++] = Math.abs(v);
  }
  if (n === 0) return 1;
  const sorted = mags.subarray(0, n).sort();
  if (n < minForQuantile) return sorted[n - 1];
  const q = Math.min(1, Math.max(0, quantile));
  return sorted[Math.max(0, Math.min(n - 1, Math.ceil(q * n) - 1))];
}

/** |v| / scale clamped to [0, 1]; NaN and ±∞ count as full magnitude. */
export function normalizedMagnitude(v: number, scale: number): number {
  if (Number.isNaN(v) || !Number.isFinite(v)) return 1;
  if (!(scale > 0)) return 0;
  return Math.min(1, Math.abs(v) / scale);
}

export const MIN_STROKE = 0.6;
export const MAX_STROKE = 7;

/** Stroke width of an edge: monotone in |v| (square-root curve, so small values stay visible), MIN_STROKE..MAX_STROKE. */
export function strokeWidth(v: number, scale: number): number {
  return MIN_STROKE + (MAX_STROKE - MIN_STROKE) * Math.sqrt(normalizedMagnitude(v, scale));
}

/** Fill opacity of a node for value v: 0.08 (≈ zero) .. 0.9 (at or beyond the scale). */
export function fillOpacity(v: number, scale: number): number {
  return 0.08 + 0.82 * normalizedMagnitude(v, scale);
}

/** An sRGB colour with alpha 0..1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * Parses the colour strings themes and `getComputedStyle` produce: #rgb, #rgba, #rrggbb, #rrggbbaa,
 * rgb(r, g, b) and rgba(r, g, b, a) (commas or spaces). Undefined for anything else.
 */
export function parseCssColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (m) {
    let hex = m[1];
    if (hex.length <= 4)
      hex = hex
        .split('')
        .map((c) => c + c)
        .join('');
    const n = (i: number): number => parseInt(hex.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: hex.length === 8 ? n(6) / 255 : 1 };
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    let a = 1;
    if (m[4] !== undefined) a = m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    const c = (x: string): number => Math.max(0, Math.min(255, Math.round(parseFloat(x))));
    return { r: c(m[1]), g: c(m[2]), b: c(m[3]), a: Math.max(0, Math.min(1, a)) };
  }
  return undefined;
}

/** `rgba(r, g, b, a)` text for a colour with its alpha multiplied by `alpha`. */
export function rgbaText(c: Rgba, alpha = 1): string {
  const a = Math.round(c.a * alpha * 1000) / 1000;
  return `rgba(${c.r}, ${c.g}, ${c.b}, ${a})`;
}

/**
 * Fills an RGBA pixel buffer with a diverging heatmap of `values` (row-major): negative values in
 * `negative`, positive in `positive`, opacity by magnitude against a robust symmetric scale.
 */
export function heatmapPixels(
  values: ArrayLike<number>,
  positive: Rgba,
  negative: Rgba,
  scale: number,
  out: Uint8ClampedArray,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const c = v >= 0 ? positive : negative;
    const p = i * 4;
    out[p] = c.r;
    out[p + 1] = c.g;
    out[p + 2] = c.b;
    out[p + 3] = Math.round(255 * (Number.isNaN(v) ? 1 : normalizedMagnitude(v, scale)));
  }
}
