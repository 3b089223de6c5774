/**
 * Computational graphs told in words, in the notation of the other surfaces (numbers from numbers.ts,
 * element indices counted from 1: W[1,2]): the CLI's summary (every input and gate, its operation and
 * shape), forward (the value on every wire), backward (∂output/∂v for every value, each edge as
 * [upstream] × [local] = gradient with the gate's pattern, copies adding up, then the flat code with its
 * line numbers) and the gradient check's table and verdict.
 */
import type { GraphSummary } from '../engine/config';
import type { GatePattern } from '../engine/graph/gates';
import type { GraphGradcheckGroup, GraphGradcheckReport } from '../engine/graph/gradcheck';
import type { GraphEdgeReport, GraphNodeReport, GraphPassReport } from '../engine/graph/passes';
import { formatError, formatNumber } from './numbers';
import { plural } from './notation';
import { table } from './table';

const MAX_ENTRIES = 8;

/** cs231n's names of the patterns of gradient flow. */
export const PATTERN_WORDS: Readonly<Record<GatePattern, string>> = {
  distributes: 'add gate: distributes',
  swaps: 'mul gate: swaps',
  routes: 'max gate: routes',
  adds: 'copy gate: adds',
};

/** "2×2", "3" or "number". */
export function graphShapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'number' : shape.join('×');
}

/** A value by its shape: "−2", "(0.22, 0.26)", "[[0.1, 0.5], [−0.3, 0.8]]", elided beyond 8 entries a row. */
export function graphValueText(data: ArrayLike<number>, shape: readonly number[]): string {
  const row = (from: number, n: number): string => {
    const shown = Array.from({ length: Math.min(n, MAX_ENTRIES) }, (_, i) => formatNumber(data[from + i]));
    return shown.join(', ') + (n > MAX_ENTRIES ? `, … ${n - MAX_ENTRIES} more` : '');
  };
  if (shape.length === 0) return formatNumber(data[0]);
  if (shape.length === 1) return `(${row(0, shape[0])})`;
  const [rows, cols] = shape;
  const shown = Array.from({ length: Math.min(rows, MAX_ENTRIES) }, (_, r) => `[${row(r * cols, cols)}]`);
  return `[${shown.join(', ')}${rows > MAX_ENTRIES ? `, … ${rows - MAX_ENTRIES} more rows` : ''}]`;
}

/** An input's element, from its 0-based index: "w0" for a number, "x[2]", "W[1,2]". */
export function graphEntryName(param: string, index: readonly number[]): string {
  return index.length === 0 ? param : `${param}[${index.map((i) => i + 1).join(',')}]`;
}

/** "∂f/∂x". */
function partial(output: string, of: string): string {
  return `∂${output}/∂${of}`;
}

function inputsText(n: Pick<GraphNodeReport, 'inputs'>): string {
  return n.inputs.map((i) => (typeof i === 'number' ? formatNumber(i) : i)).join(', ');
}

/** Nodes, operations and shapes: one row per input and gate, in order. */
export function describeGraphSummary(s: GraphSummary): string {
  const rows = s.nodes.map((n) => [n.name, n.op, inputsText(n), graphShapeText(n.shape)]);
  const lines = [];
  if (s.name) lines.push(`Graph: ${s.name}`);
  lines.push(table(['node', 'op', 'inputs', 'shape'], rows));
  const inputs = s.nodes.filter((n) => n.op === 'input').length;
  lines.push(`${plural(inputs, 'input')} · ${plural(s.gates, 'gate')} · output ${s.output}`);
  return lines.join('\n');
}

function numbered(lines: readonly string[]): string[] {
  const width = String(lines.length).length;
  return lines.map((l, i) => `  ${String(i + 1).padStart(width)}  ${l}`);
}

function title(kind: string, r: GraphPassReport, name?: string): string {
  return `${kind}${name ? ` · ${name}` : ''} · output ${r.output} = ${formatNumber(r.value)}`;
}

/** A node's name, operation, inputs, shape and value: the first columns of the pass tables. */
function nodeCells(n: GraphNodeReport): string[] {
  return [n.name, n.op, inputsText(n), graphShapeText(n.shape), graphValueText(n.value, n.shape)];
}

/** The value on every wire, then the forward flat code. */
export function describeGraphForward(r: GraphPassReport, name?: string): string {
  const rows = r.nodes.map(nodeCells);
  return [
    title('Forward pass', r, name),
    table(['node', 'op', 'inputs', 'shape', 'value'], rows),
    '',
    'Flat code, forward:',
    ...numbered(r.code.forward),
  ].join('\n');
}

/** One edge: "q → x: [−4] × [1] = −4", or with its formula where the local gradient is a matrix. */
function edgeLine(e: GraphEdgeReport, node: GraphNodeReport, shapeOf: (name: string) => readonly number[]): string {
  const up = graphValueText(e.upstream, shapeOf(e.to));
  const product = graphValueText(e.product, node.shape);
  if (!e.local) return `  ${e.to} → ${e.from}: ${e.formula} = ${product}`;
  const local = graphValueText(e.local, e.local.length === e.product.length ? node.shape : shapeOf(e.to));
  return `  ${e.to} → ${e.from}: [${up}] × [${local}] = ${product}`;
}

/** ∂output/∂v for every value, every edge as upstream × local (copies adding up), then the flat code. */
export function describeGraphBackward(r: GraphPassReport, name?: string): string {
  const byName = new Map(r.nodes.map((n) => [n.name, n]));
  const shapeOf = (n: string) => byName.get(n)!.shape;
  const rows = r.nodes.map((n) => [
    ...nodeCells(n),
    graphValueText(n.grad!, n.shape),
    n.pattern ? PATTERN_WORDS[n.pattern] : '',
  ]);
  const lines = [
    title('Backward pass', r, name),
    table(['node', 'op', 'inputs', 'shape', 'value', partial(r.output, '·'), 'pattern'], rows),
    '',
    'Edges, from the output back: [upstream gradient] × [local gradient] = gradient',
  ];
  const edges = [...(r.edges ?? [])].reverse();
  const remaining = new Map(r.nodes.map((n) => [n.name, n.uses]));
  const parts = new Map<string, string[]>();
  for (const e of edges) {
    const node = byName.get(e.from)!;
    lines.push(edgeLine(e, node, shapeOf));
    parts.set(e.from, [...(parts.get(e.from) ?? []), graphValueText(e.product, node.shape)]);
    const left = remaining.get(e.from)! - 1;
    remaining.set(e.from, left);
    if (left === 0 && node.uses > 1)
      lines.push(
        `  ${partial(r.output, e.from)} = ${parts.get(e.from)!.join(' + ')} = ${graphValueText(node.grad!, node.shape)} (copy gate: the gradients add)`,
      );
  }
  lines.push(
    '',
    'Flat code, forward:',
    ...numbered(r.code.forward),
    '',
    'Flat code, backward:',
    ...numbered(r.code.backward),
  );
  return lines.join('\n');
}

/** "1 input entry", "14 input entries". */
function entries(n: number): string {
  return `${n} input ${n === 1 ? 'entry' : 'entries'}`;
}

function groupNames(groups: readonly GraphGradcheckGroup[]): string {
  return groups.map((g) => g.param).join(', ');
}

/** The verdict: passed (with warnings) or failed, at which inputs, how large the differences, kinks. */
export function graphGradcheckMessage(r: GraphGradcheckReport): string {
  const kinks = r.entries.filter((e) => e.status === 'kink').length;
  const kinkNote =
    kinks > 0
      ? `; ${kinks} ${kinks === 1 ? 'entry' : 'entries'} crossed a corner (max/min/relu/abs kink) where a mismatch is expected`
      : '';
  const size =
    r.maxRelativeError === 0
      ? `every difference within the rounding noise of the finite differences (largest |analytic − numeric| ${formatError(r.maxAbsoluteError)})`
      : `max relative error ${formatError(r.maxRelativeError)}`;
  const failed = r.groups.filter((g) => g.status === 'fail');
  if (failed.length > 0)
    return `gradient check failed at ${groupNames(failed)}: the backward pass disagrees with finite differences (${size})${kinkNote}`;
  const warned = r.groups.filter((g) => g.status === 'warn');
  const head =
    warned.length > 0 ? `gradient check passed with warnings (${groupNames(warned)})` : 'gradient check passed';
  return `${head}: ${entries(r.entries.length)} checked, ${size}${kinkNote}`;
}

/** The CLI's gradient check of a graph: a row per input, the entries that are not ok, the verdict. */
export function describeGraphGradcheck(r: GraphGradcheckReport): string {
  const rel = (v: number): string => (v === 0 ? '0 (noise)' : formatError(v));
  const rows = r.groups.map((g) => [
    g.param,
    `${g.checked}`,
    rel(g.maxRelativeError),
    formatError(g.maxAbsoluteError),
    g.status,
  ]);
  const lines = [
    `Gradient check · central differences, ε = ${formatNumber(r.epsilon)} · ${entries(r.entries.length)}`,
    table(['input', 'checked', 'max rel. error', 'max |a−n|', 'status'], rows),
  ];
  const notable = r.entries.filter((e) => e.status !== 'ok').slice(0, 10);
  if (notable.length > 0)
    lines.push(
      '',
      table(
        ['entry', 'analytic', 'numeric', '|a−n|', 'rel. error', 'status'],
        notable.map((e) => [
          graphEntryName(e.param, e.index),
          formatNumber(e.analytic),
          formatNumber(e.numeric),
          formatError(e.absoluteError),
          rel(e.relativeError),
          e.status,
        ]),
      ),
    );
  lines.push('', `${r.passed ? '✔' : '✘'} ${graphGradcheckMessage(r)}`);
  return lines.join('\n');
}
