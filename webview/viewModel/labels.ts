/**
 * The panel's words and numbers, as pure functions: number formatting (a true minus sign,
 * exponents for tiny values), parameter names in the lecture's notation (W¹[1,2], 1-based),
 * node names (x₁, h₂, y) and the tooltips of edges and nodes.
 */

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
export const MINUS = '\u2212';

export function superscript(n: number): string {
  return String(n)
    .split('')
    .map((c) => (c >= '0' && c <= '9' ? SUPERSCRIPT[+c] : c))
    .join('');
}

export function subscript(n: number): string {
  return String(n)
    .split('')
    .map((c) => (c >= '0' && c <= '9' ? SUBSCRIPT[+c] : c))
    .join('');
}

/**
 * `sig` significant digits, a real minus sign, exponent form ("−3.421e−6") below 1e−3 and from 1e5 up.
 * With `trim`, trailing zeros of the mantissa go ("5", "−0.41"), for labels on the drawing.
 */
export function formatNumber(v: number, sig = 4, trim = false): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const abs = Math.abs(v);
  let text: string;
  if (abs < 1e-3 || abs >= 1e5) {
    const [mant, exp] = abs.toExponential(Math.max(0, sig - 1)).split('e');
    text = `${trim ? trimZeros(mant) : mant}e${exp.replace('+', '').replace('-', MINUS)}`;
  } else {
    text = abs.toPrecision(sig);
    if (text.includes('e')) text = String(Number(text)); // toPrecision may use exponents for large integers
    if (trim) text = trimZeros(text);
  }
  return v < 0 ? MINUS + text : text;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** The usual panel precision for a parameter or gradient: "−1.000", "−0.2013", "−3.421e−6". */
export const fmt = (v: number): string => formatNumber(v, 4);

/** Compact form for text drawn on the graph: "5", "0.99998", "−0.2013". */
export const fmtShort = (v: number, sig = 5): string => formatNumber(v, sig, true);

/**
 * A parameter's name: layer is 1-based, index 0-based as in the reports. Dense W[i][j] → "W¹[i+1,j+1]",
 * maxout W[p][i][j] → "W¹[i+1,j+1] piece p+1", b[j] → "b¹[j+1]", maxout b[p][j] → "b¹[j+1] piece p+1".
 */
export function paramName(layer: number, param: 'W' | 'b', index: readonly number[]): string {
  const sup = superscript(layer);
  const one = index.map((i) => i + 1);
  if (param === 'W') {
    if (one.length === 3) return `W${sup}[${one[1]},${one[2]}] piece ${one[0]}`;
    return `W${sup}[${one.join(',')}]`;
  }
  if (one.length === 2) return `b${sup}[${one[1]}] piece ${one[0]}`;
  return `b${sup}[${one.join(',')}]`;
}

export type NodeRole = 'input' | 'hidden' | 'output';

/**
 * A unit's short name: inputs x₁…, the output y (y₁… when several), hidden units h₁… when there is one
 * hidden layer (the lecture's h) and h¹₁… when there are several. `unit` is 0-based.
 */
export function nodeName(role: NodeRole, layer: number, unit: number, units: number, hiddenLayers: number): string {
  if (role === 'input') return `x${subscript(unit + 1)}`;
  if (role === 'output') return units === 1 ? 'y' : `y${subscript(unit + 1)}`;
  return hiddenLayers <= 1 ? `h${subscript(unit + 1)}` : `h${superscript(layer)}${subscript(unit + 1)}`;
}

/** What an edge's tooltip needs; each of weight and grad is one number (dense) or one per maxout piece. */
export interface EdgeInfo {
  layer: number;
  /** 0-based input index and unit index. */
  input: number;
  unit: number;
  weight?: number | number[];
  grad?: number | number[];
}

/** "W¹[1,2] = −1.000 · ∂J/∂w = −0.2013" (one line per piece for maxout). */
export function edgeTooltip(e: EdgeInfo): string {
  const ws = e.weight === undefined ? undefined : Array.isArray(e.weight) ? e.weight : [e.weight];
  const gs = e.grad === undefined ? undefined : Array.isArray(e.grad) ? e.grad : [e.grad];
  const pieces = Math.max(ws?.length ?? 0, gs?.length ?? 0, 1);
  const multi = Array.isArray(e.weight) || Array.isArray(e.grad);
  const lines: string[] = [];
  for (let p = 0; p < pieces; p++) {
    const name = paramName(e.layer, 'W', multi ? [p, e.input, e.unit] : [e.input, e.unit]);
    let line = ws && ws[p] !== undefined ? `${name} = ${fmt(ws[p])}` : name;
    if (gs && gs[p] !== undefined) line += ` · ∂J/∂w = ${fmt(gs[p])}`;
    lines.push(line);
  }
  return lines.join('\n');
}

/** What a node's tooltip needs; values absent until the pass that computes them. */
export interface NodeInfo {
  name: string;
  /** e.g. "layer 1, unit 2 · sigmoid" or "input 1". */
  description: string;
  z?: number;
  a?: number;
  dA?: number;
  bias?: number;
  biasGrad?: number;
  /** 1-based layer index for the bias name; absent for inputs. */
  layer?: number;
  unit: number;
  /** Number of samples the values are averaged over (1 = one sample). */
  samples: number;
}

/** Multi-line node tooltip: name and place, then z, a, ∂J/∂a, bias and ∂J/∂b as far as known. */
export function nodeTooltip(n: NodeInfo): string {
  const lines = [`${n.name} — ${n.description}`];
  if (n.samples > 1) lines.push(`mean over ${n.samples} samples`);
  if (n.z !== undefined) lines.push(`z = ${fmt(n.z)}`);
  if (n.a !== undefined) lines.push(`a = ${fmtShort(n.a, 6)}`);
  if (n.dA !== undefined) lines.push(`∂J/∂a = ${fmt(n.dA)}`);
  if (n.layer !== undefined) {
    const bname = paramName(n.layer, 'b', [n.unit]);
    if (n.bias !== undefined)
      lines.push(`bias ${bname} = ${fmt(n.bias)}${n.biasGrad !== undefined ? ` · ∂J/∂b = ${fmt(n.biasGrad)}` : ''}`);
    else lines.push('no bias');
  }
  return lines.join('\n');
}

/** Column heading: "Input · 2", "Layer 1 · sigmoid · 3", "Output · softmax · 10", maxout with its pieces. */
export function columnTitle(
  role: NodeRole,
  layer: number,
  units: number,
  activation?: string,
  pieces?: number,
): string {
  if (role === 'input') return `Input · ${units}`;
  const act = pieces && pieces > 1 ? `maxout×${pieces}` : (activation ?? '');
  const head = role === 'output' ? 'Output' : `Layer ${layer}`;
  return [head, act, String(units)].filter((s) => s !== '').join(' · ');
}

/** At most about four characters, for a value written inside a small node: "0.77", "−0.5", "12", "3e4", "0". */
export function fmtInside(v: number): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  const abs = Math.abs(v);
  let text: string;
  if (abs < 0.005) return '0';
  if (abs < 10) text = abs.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  else if (abs < 1000) text = abs.toFixed(0);
  else text = abs.toExponential(0).replace('+', '');
  return v < 0 ? MINUS + text : text;
}

/** The target of one sample: "ŷ = 1", "ŷ = class 3" for a one-hot row, "ŷ = (0.5, 2)" for a short vector, else its width. */
export function targetText(t: readonly number[]): string {
  if (t.length === 1) return `ŷ = ${fmtShort(t[0], 4)}`;
  const ones = t.filter((v) => v === 1).length,
    zeros = t.filter((v) => v === 0).length;
  if (ones === 1 && zeros === t.length - 1) return `ŷ = class ${t.indexOf(1) + 1} of ${t.length}`;
  if (t.length <= 3) return `ŷ = (${t.map((v) => fmtShort(v, 4)).join(', ')})`;
  return `ŷ: ${t.length} values`;
}
