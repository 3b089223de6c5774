/**
 * Where a computational graph's parts go in the panel, left to right as the lecture draws them: inputs
 * in the first column, each gate one column right of its deepest operand (rows ordered by their
 * operands' rows, so wires cross little), the output's wire leaving the last gate to the right. Each
 * gate's label is its operation with its constant operands folded in, as cs231n writes them ("+1",
 * "1/x", "×2"). Pure (a summary in, coordinates out), so it is unit-tested in Node.
 */
import type { GraphSummary } from '../../src/engine/config';
import { formatInside, MINUS } from '../../src/text/numbers';

export const COLUMN = 120;
export const ROW = 86;
export const GATE_RADIUS = 19;
const MARGIN_X = 56;
const MARGIN_Y = 34;
const OUTPUT_WIRE = 84;

export interface LaidNode {
  name: string;
  kind: 'input' | 'gate';
  /** The gate's operation ('+', '*', 'exp', '@', …) or 'input'. */
  op: string;
  label: string;
  x: number;
  y: number;
  column: number;
}

/** A wire from `from` (a node) into the gate `to` as its operand `operand`. */
export interface LaidEdge {
  from: string;
  to: string;
  operand: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Where along the wire (0 … 1) its labels go: the middle unless another wire of the same pair is there. */
  along?: number;
}

/** About how wide a wire's value is drawn (12 px monospace; a long one is cut at 30 characters). */
const CHAR = 7.3;
export function labelWidth(shape: readonly number[]): number {
  const chars =
    shape.length === 0 ? 5 : shape.length === 1 ? 2 + 7 * shape[0] : 2 + shape[0] * (2 + 7 * shape[1]) + 2 * shape[0];
  return Math.min(30, chars) * CHAR;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** The output's wire, from the last gate to the right edge. */
  output: { name: string; x1: number; y1: number; x2: number; y2: number };
}

const SYMBOL: Readonly<Record<string, string>> = { '+': '+', '-': MINUS, '*': '×', '/': '÷', '^': '^', '@': '@' };

/** The gate's label: its operation, constants folded in ("+1", "1/x", "×2", "x²", "−x", "σ"). */
export function gateLabel(op: string, inputs: readonly (string | number)[]): string {
  const consts = inputs.map((i) => (typeof i === 'number' ? formatInside(i) : undefined));
  const [a, b] = consts;
  switch (op) {
    case 'neg':
      return `${MINUS}x`;
    case '=':
      return '=';
    case '/':
      if (a !== undefined) return `${a}/x`;
      if (b !== undefined) return `÷${b}`;
      return '÷';
    case '^':
      if (b === '2') return 'x²';
      return b !== undefined ? `x^${b}` : '^';
    case '+':
    case '-':
    case '*': {
      const sym = SYMBOL[op];
      if (b !== undefined) return `${sym}${b}`;
      if (a !== undefined) return op === '-' ? `${a}${sym}` : `${sym}${a}`;
      return sym;
    }
    case '@':
      return '@';
    case 'sigmoid':
      return 'σ';
    case 'transpose':
      return 'ᵀ';
    default:
      return op;
  }
}

export function layoutGraph(summary: GraphSummary): GraphLayout {
  const column = new Map<string, number>();
  const row = new Map<string, number>();
  const byColumn: string[][] = [];
  const place = (name: string, c: number, rowKey: number): void => {
    column.set(name, c);
    (byColumn[c] ??= []).push(name);
    row.set(name, rowKey);
  };
  summary.nodes.forEach((n, i) => {
    const wires = n.inputs.filter((x): x is string => typeof x === 'string' && column.has(x));
    if (n.op === 'input') return place(n.name, 0, i);
    const c = 1 + Math.max(0, ...wires.map((w) => column.get(w)!));
    const key = wires.length ? wires.reduce((s, w) => s + row.get(w)!, 0) / wires.length : i;
    place(n.name, c, key);
  });
  // Rows: inputs as written; gates by their operands' mean row (ties in order), then renumbered.
  for (const names of byColumn) {
    if (!names) continue;
    names.sort((p, q) => row.get(p)! - row.get(q)!);
    names.forEach((name, r) => row.set(name, r));
  }
  const rows = Math.max(1, ...byColumn.map((c) => c?.length ?? 0));
  const height = 2 * MARGIN_Y + (rows - 1) * ROW + 2 * GATE_RADIUS;
  const y = (name: string): number => {
    const count = byColumn[column.get(name)!].length;
    return MARGIN_Y + GATE_RADIUS + ((rows - count) * ROW) / 2 + row.get(name)! * ROW;
  };
  // Each column's distance from the one before: room for the widest value on a wire into it.
  const shapeOf = new Map(summary.nodes.map((n) => [n.name, n.shape]));
  const gap = byColumn.map(() => COLUMN);
  for (const n of summary.nodes)
    for (const i of n.inputs)
      if (typeof i === 'string' && shapeOf.has(i)) {
        const c = column.get(n.name)!;
        gap[c] = Math.max(gap[c], 2 * labelWidth(shapeOf.get(i)!) + 2 * GATE_RADIUS);
      }
  const offset: number[] = [];
  gap.forEach((g, c) => (offset[c] = c === 0 ? 0 : offset[c - 1] + g));
  const x = (name: string): number => MARGIN_X + offset[column.get(name)!];
  const nodes: LaidNode[] = summary.nodes.map((n) => ({
    name: n.name,
    kind: n.op === 'input' ? 'input' : 'gate',
    op: n.op,
    label: n.op === 'input' ? n.name : gateLabel(n.op, n.inputs),
    x: x(n.name),
    y: y(n.name),
    column: column.get(n.name)!,
  }));
  const at = new Map(nodes.map((n) => [n.name, n]));
  const edges: LaidEdge[] = [];
  for (const n of summary.nodes)
    n.inputs.forEach((input, operand) => {
      if (typeof input !== 'string' || !at.has(input)) return;
      const a = at.get(input)!;
      const b = at.get(n.name)!;
      const spread = (operand - (n.inputs.length - 1) / 2) * 10;
      // The same value twice into one gate (x * x): the wires nearly coincide, so their labels take turns along them.
      const twins = n.inputs.flatMap((j, k) => (j === input ? [k] : []));
      // A wire over several columns has its labels in its first one, near its source, not among the wires it passes.
      const span = b.x - a.x;
      const first = gap[a.column + 1];
      const along =
        twins.length > 1
          ? 0.3 + (0.4 * twins.indexOf(operand)) / (twins.length - 1)
          : span > first + 1
            ? first / 2 / span
            : undefined;
      edges.push({
        ...(along !== undefined ? { along } : {}),
        from: input,
        to: n.name,
        operand,
        x1: a.x + (a.kind === 'gate' ? GATE_RADIUS : 6),
        y1: a.y,
        x2: b.x - GATE_RADIUS,
        y2: b.y + spread,
      });
    });
  const last = at.get(summary.output) ?? nodes[nodes.length - 1];
  const lastX = last.x + (last.kind === 'gate' ? GATE_RADIUS : 6);
  const columns = Math.max(...nodes.map((n) => n.column));
  const width = MARGIN_X + offset[columns] + GATE_RADIUS + OUTPUT_WIRE + 40;
  return {
    width,
    height,
    nodes,
    edges,
    output: { name: last.name, x1: lastX, y1: last.y, x2: lastX + OUTPUT_WIRE, y2: last.y },
  };
}

/** Where a text goes: its anchor point and which end of the text sits there (SVG text-anchor). */
export interface LabelSpot {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

/** Below this slope (|dy| / dx) a wire counts as level: its labels sit centred above and below it. */
const LEVEL = 0.2;

/**
 * Where a wire's value (above it) and gradient (below it) go, clear of the wire itself: centred above
 * and below a level wire; beside a slanted one, the value on its upper side and the gradient on its
 * lower side, each text starting or ending at the wire so a steep wire never runs through its numbers.
 * `baseline` is the font's height from baseline to cap (the gradient's text hangs below its anchor).
 */
export function wireLabelSpots(
  e: { x1: number; y1: number; x2: number; y2: number; along?: number },
  gap = 6,
  baseline = 9,
): { value: LabelSpot; grad: LabelSpot } {
  const t = e.along ?? 0.5;
  const mx = e.x1 + t * (e.x2 - e.x1);
  const my = e.y1 + t * (e.y2 - e.y1);
  const dx = e.x2 - e.x1;
  const dy = e.y2 - e.y1;
  if (dx <= 0 || Math.abs(dy) <= LEVEL * dx)
    return {
      value: { x: mx, y: my - gap, anchor: 'middle' },
      grad: { x: mx, y: my + gap + baseline, anchor: 'middle' },
    };
  // Falling wire (dy > 0): its upper side is to the right; rising: to the left.
  const falling = dy > 0;
  return {
    value: { x: mx + (falling ? gap : -gap), y: my - gap / 2, anchor: falling ? 'start' : 'end' },
    grad: { x: mx + (falling ? -gap : gap), y: my + gap / 2 + baseline, anchor: falling ? 'end' : 'start' },
  };
}
