/**
 * Human-readable text of the engine's reports for the CLI and the Output channel — the lecture's
 * story told in numbers. Names follow the lecture: the output activation is y, hidden activations
 * are h (h¹, h², … when there are several), the weights are W (one layer), W and V (two layers, as in
 * seed 000) or W¹, W², … (more); biases follow the same pattern with b / c / b¹, b², ….
 * Large batches and matrices are elided (first rows and columns, then "…").
 */
import type { NetworkSummary } from './config';
import type { GradcheckReport, LayerReport, PassReport } from './types';

const MAX_SAMPLES = 5;
const MAX_ROWS = 8;
const MAX_COLS = 8;
const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

function sup(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
}

/** A number with 6 significant digits, without trailing zeros; exponent form for very small/large values. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(5).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(6)));
}

/** Names of a layer's activation, weights and biases in an L-layer network (see the module comment). */
export function layerNames(index: number, layers: number): { a: string; W: string; b: string } {
  const a = index === layers ? 'y' : layers === 2 ? 'h' : `h${sup(index)}`;
  if (layers === 1) return { a, W: 'W', b: 'b' };
  if (layers === 2) return index === 1 ? { a, W: 'W', b: 'b' } : { a, W: 'V', b: 'c' };
  return { a, W: `W${sup(index)}`, b: `b${sup(index)}` };
}

function vector(v: number[]): string {
  const shown = v.slice(0, MAX_COLS).map(formatNumber);
  return `(${shown.join(', ')}${v.length > MAX_COLS ? `, … ${v.length - MAX_COLS} more` : ''})`;
}

/** A matrix as aligned rows, elided beyond MAX_ROWS × MAX_COLS. */
function matrix(m: number[][], indent: string): string {
  const rows = m.slice(0, MAX_ROWS).map((r) => r.slice(0, MAX_COLS).map(formatNumber));
  const width = Math.max(1, ...rows.flat().map((s) => s.length));
  const lines = rows.map((r, i) => {
    const cells = r.map((s) => s.padStart(width)).join('  ');
    const more = m[i].length > MAX_COLS ? `  … ${m[i].length - MAX_COLS} more` : '';
    return `${indent}[ ${cells} ]${more}`;
  });
  if (m.length > MAX_ROWS) lines.push(`${indent}… ${m.length - MAX_ROWS} more rows`);
  return lines.join('\n');
}

/** A parameter value of any rank ([n], [r, c], [p, r, c]). */
function param(value: number[] | number[][] | number[][][], indent: string): string {
  if (value.length === 0) return `${indent}(empty)`;
  if (typeof value[0] === 'number') return `${indent}${vector(value as number[])}`;
  if (typeof (value as number[][])[0][0] === 'number') return matrix(value as number[][], indent);
  return (value as number[][][]).map((m, k) => `${indent}piece ${k + 1}:\n${matrix(m, indent + '  ')}`).join('\n');
}

function samplesLine(r: PassReport): string {
  const n = r.samples.length;
  return n === 1 ? `sample ${r.samples[0]}` : `${n} samples`;
}

/** Per-sample rows of a layer quantity, for at most MAX_SAMPLES samples. */
function perSample(r: PassReport, rows: number[][], label: string): string[] {
  const out: string[] = [];
  const n = Math.min(rows.length, MAX_SAMPLES);
  for (let i = 0; i < n; i++) {
    const tag = rows.length === 1 ? '' : `[sample ${r.samples[i]}] `;
    out.push(`  ${tag}${label} = ${vector(rows[i])}`);
  }
  if (rows.length > MAX_SAMPLES) out.push(`  … ${rows.length - MAX_SAMPLES} more samples`);
  return out;
}

function layerTitle(l: LayerReport): string {
  return `layer ${l.index} (${l.type}, ${l.activation})`;
}

/** The forward pass: input, each layer's z and activation (h, y), the loss. */
export function describeForward(r: PassReport): string {
  const L = r.layers.length;
  const lines = [`Forward pass · ${samplesLine(r)}`];
  lines.push(...perSample(r, r.input, 'x'));
  for (const l of r.layers) {
    const names = layerNames(l.index, L);
    lines.push(`${layerTitle(l)}: ${names.a} = ${l.activation}(z)`);
    lines.push(...perSample(r, l.z, 'z'));
    lines.push(...perSample(r, l.a, names.a));
  }
  lines.push(...perSample(r, r.targets, 'target'));
  lines.push(lossLine(r));
  return lines.join('\n');
}

function lossLine(r: PassReport): string {
  const reg =
    r.loss !== r.dataLoss
      ? ` (data ${formatNumber(r.dataLoss)} + regularization ${formatNumber(r.loss - r.dataLoss)})`
      : '';
  return `loss J = ${formatNumber(r.loss)}${reg}`;
}

/** The backward pass, output to input: ∂J/∂y, ∂J/∂V, ∂J/∂h, ∂J/∂W, … */
export function describeBackward(r: PassReport): string {
  const L = r.layers.length;
  const lines = [`Backward pass · ${samplesLine(r)} · ${lossLine(r)}`];
  for (let i = L - 1; i >= 0; i--) {
    const l = r.layers[i];
    const names = layerNames(l.index, L);
    lines.push(`${layerTitle(l)}`);
    if (l.dA) lines.push(...perSample(r, l.dA, `∂J/∂${names.a}`));
    if (l.params.W.grad)
      lines.push(`  ∂J/∂${names.W} (${l.params.W.shape.join('×')}) =`, param(l.params.W.grad, '    '));
    if (l.params.b?.grad)
      lines.push(`  ∂J/∂${names.b} (${l.params.b.shape.join('×')}) =`, param(l.params.b.grad, '    '));
  }
  return lines.join('\n');
}

/** Columns padded to their widest cell. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((s, c) => s.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The gradient check: a table per layer × parameter with its verdict, the worst entries, the message. */
export function describeGradcheck(r: GradcheckReport): string {
  const err = (v: number): string => (v === 0 ? '0 (noise)' : v.toExponential(2));
  const diff = (v: number): string => (v === 0 ? '0' : v.toExponential(1));
  const rows = r.groups.map((g) => [
    `${g.layer}`,
    g.param,
    `${g.checked}`,
    err(g.maxRelativeError),
    diff(g.maxAbsoluteError),
    g.status,
  ]);
  const lines = [
    `Gradient check · central differences, ε = ${r.epsilon} · ${r.entries.length} parameters`,
    table(['layer', 'param', 'checked', 'max rel. error', 'max |a−n|', 'status'], rows),
  ];
  const bad = r.entries
    .filter((e) => e.status === 'fail' || e.status === 'warn')
    .sort((a, b) => b.relativeError - a.relativeError)
    .slice(0, 10);
  if (bad.length > 0) {
    lines.push('', 'worst entries:');
    lines.push(
      table(
        ['param', 'analytic', 'numeric', '|a−n|', 'rel. error', 'status'],
        bad.map((e) => [
          `layer ${e.layer} ${e.param}[${e.index.join(',')}]`,
          formatNumber(e.analytic),
          formatNumber(e.numeric),
          diff(e.absoluteError),
          err(e.relativeError),
          e.status,
        ]),
      ),
    );
  }
  lines.push('', `${r.passed ? '✔' : '✘'} ${r.message}`);
  return lines.join('\n');
}

/** Keras-style summary: layer, type, activation, input → output, parameter shapes and counts, total. */
export function describeSummary(s: NetworkSummary): string {
  const rows = s.layers.map((l) => [
    `${l.index}`,
    l.type === 'maxout' ? `maxout×${l.pieces ?? 1}` : l.type,
    l.activation,
    `${l.inputs} → ${l.units}`,
    [`W ${l.shapes.W.join('×')}`, ...(l.shapes.b ? [`b ${l.shapes.b.join('×')}`] : [])].join(', '),
    `${l.params}`,
  ]);
  const lines = [];
  if (s.name) lines.push(`Model: ${s.name}`);
  lines.push(`Input: ${s.input} features`);
  lines.push(table(['layer', 'type', 'activation', 'input → output', 'parameter shapes', 'params'], rows));
  lines.push(`Total params: ${s.totalParams}`);
  return lines.join('\n');
}
