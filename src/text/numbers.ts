/**
 * The one number format of every surface — CLI, Output channel, hovers, messages and the panel — so the
 * same quantity shows the same digits everywhere: significant digits with trailing zeros dropped, a true
 * minus sign, exponent form below 1e−3 and from 1e6 up ("−3.4206e−6"), ∞ and NaN spelled out.
 * Values (inputs, z, a, weights, gradients) get VALUE_DIGITS, losses and metrics LOSS_DIGITS, the sizes of
 * gradient-check errors ERROR_DIGITS. The compact forms drawn on the network come from here too.
 */

/** Significant digits of a value: an activation, a weight, a gradient (the lecture prints h = 0.73106). */
export const VALUE_DIGITS = 5;
/** Significant digits of a loss or a metric (the lecture's loss 0.526992). */
export const LOSS_DIGITS = 6;
/** Significant digits of a gradient check's relative error and |analytic − numeric|. */
export const ERROR_DIGITS = 3;
/** Significant digits of the numbers drawn on the network's edges. */
export const COMPACT_DIGITS = 3;
/** Significant digits of the ends of a plotted axis (the decision boundary's x₁ and x₂ ranges). */
export const AXIS_DIGITS = 2;

export const MINUS = '\u2212';

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** `x` in `digits` significant digits: "0.52699", "−0.20134", "−3.4206e−6", "1.2e7", "0", "∞", "NaN". */
export function formatNumber(x: number, digits = VALUE_DIGITS): string {
  if (typeof x !== 'number' || Number.isNaN(x)) return 'NaN'; // null: a NaN after JSON (the webview's transport)
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  let text: string;
  if (abs < 1e-3 || abs >= 1e6) {
    const [mantissa, exponent] = abs.toExponential(Math.max(0, digits - 1)).split('e');
    text = `${trimZeros(mantissa)}e${exponent.replace('+', '').replace('-', MINUS)}`;
  } else {
    text = String(Number(abs.toPrecision(digits))); // Number() drops trailing zeros and toPrecision's exponents
  }
  return x < 0 ? MINUS + text : text;
}

/** A loss or a loss-like metric: "0.526992". */
export function formatLoss(x: number): string {
  return formatNumber(x, LOSS_DIGITS);
}

/** A fraction as a percentage with one decimal: 0.953 → "95.3%". */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : formatNumber(fraction);
}

/** A relative error or an absolute difference of the gradient check: "3.42e−11". */
export function formatError(x: number): string {
  return formatNumber(x, ERROR_DIGITS);
}

/** A number drawn on an edge or an axis of the panel: "−0.201". */
export function formatCompact(x: number): string {
  return formatNumber(x, COMPACT_DIGITS);
}

/** An end of a plotted axis: "−1.1". */
export function formatAxis(x: number): string {
  return formatNumber(x, AXIS_DIGITS);
}

/** At most about four characters, for a value written inside a small node: "0.77", "−0.5", "12", "3e4", "0". */
export function formatInside(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  const abs = Math.abs(x);
  if (abs < 0.005) return '0';
  let text: string;
  if (abs < 10) text = trimZeros(abs.toFixed(2));
  else if (abs < 1000) text = abs.toFixed(0);
  else text = abs.toExponential(0).replace('+', '');
  return x < 0 ? MINUS + text : text;
}

/** A count with thousands separators ("20,000,000"); exponent form beyond what is worth spelling out. */
export function formatCount(n: number): string {
  return Number.isFinite(n) && Math.abs(n) < 1e15 ? Math.round(n).toLocaleString('en-US') : formatNumber(n, 3);
}
