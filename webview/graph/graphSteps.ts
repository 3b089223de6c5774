/**
 * Stepping through a graph's pass gate by gate, as the lecture does on the board. Forward: step k has
 * computed the first k gates (the inputs are known at step 0), and says how: "s0 = w0 * x0 = 2 × −1 = −2".
 * Backward: every value is known; step 0 puts ∂f/∂f = 1 on the output, and step k sends the gradient
 * back through the k-th gate from the output, saying for each operand "[upstream] × [local] = gradient"
 * and naming the gate's pattern (add distributes, mul swaps, max routes; a copied value's gradients add).
 * Also: which lines of the flat code a step is, and each wire's hover text. Pure.
 */
import { gatePattern, type GateOp } from '../../src/engine/graph/gates';
import type { GraphEdgePayload, GraphNodePayload, GraphPassPayload } from '../../src/protocol/graphPayload';
import { PATTERN_WORDS } from '../../src/text/graph';
import { formatCompact, MINUS } from '../../src/text/numbers';

/** What the drawing shows at a step. */
export interface StepView {
  /** Nodes whose value is known. */
  values: Set<string>;
  /** Edges (edgeKey) whose gradient has flowed back; `output` when ∂f/∂f = 1 is on the output wire. */
  grads: Set<string>;
  /** The gate this step works on. */
  gate?: string;
  /** What the step does, one line per statement. */
  caption: string[];
  /** The flat-code lines (1-based) this step is: forward lines or backward lines. */
  code: { pass: 'forward' | 'backward'; lines: number[] };
}

export function edgeKey(e: Pick<GraphEdgePayload, 'from' | 'to' | 'operand'>): string {
  return `${e.from}→${e.to}#${e.operand}`;
}

/** A value as the panel writes it on a wire: compact numbers, in the shape's brackets, cut short when long. */
export function wireValue(data: readonly number[], shape: readonly number[]): string {
  if (shape.length === 0) return formatCompact(data[0]);
  const row = (from: number, n: number): string =>
    data
      .slice(from, from + n)
      .map(formatCompact)
      .join(', ');
  const text =
    shape.length === 1
      ? `(${row(0, shape[0])})`
      : `[${Array.from({ length: shape[0] }, (_, r) => `[${row(r * shape[1], shape[1])}]`).join(', ')}]`;
  return text.length > 30 ? `${shape.join('×')} ${text.slice(0, 22)}…` : text;
}

function gates(p: GraphPassPayload): GraphNodePayload[] {
  return p.nodes.filter((n) => n.op !== 'input');
}

/** How many steps a pass has: one per gate. */
export function stepCount(p: GraphPassPayload): number {
  return gates(p).length;
}

const OPERATOR: Readonly<Record<string, string>> = { '+': '+', '-': MINUS, '*': '×', '/': '/', '^': '^', '@': '@' };

/** The gate's operation on its operands' values: "2 × −1", "exp(−1)", "−(1)". */
function applied(g: GraphNodePayload, byName: Map<string, GraphNodePayload>): string {
  const vals = g.inputs.map((i) => {
    if (typeof i === 'number') return formatCompact(i);
    const n = byName.get(i);
    return n ? wireValue(n.value, n.shape) : i;
  });
  if (g.op in OPERATOR) return `${vals[0]} ${OPERATOR[g.op]} ${vals[1]}`;
  if (g.op === 'neg') return `${MINUS}(${vals[0]})`;
  if (g.op === '=') return vals[0];
  return `${g.op}(${vals.join(', ')})`;
}

/** ∂f/∂v's upstream × local for one edge: "[0.197] × [−1] = −0.197", or its formula for @ and transpose. */
export function edgeText(e: GraphEdgePayload, byName: Map<string, GraphNodePayload>): string {
  const from = byName.get(e.from)!;
  const to = byName.get(e.to)!;
  const product = wireValue(e.product, from.shape);
  if (!e.local) return `${e.formula} = ${product}`;
  const localShape = e.local.length === e.product.length ? from.shape : to.shape;
  return `[${wireValue(e.upstream, to.shape)}] × [${wireValue(e.local, localShape)}] = ${product}`;
}

/** A wire's hover: its value, and after Backward "upstream 0.2 × local −1 = −0.2". */
export function wireHover(e: GraphEdgePayload | undefined, from: GraphNodePayload): string {
  const value = `${from.name} = ${wireValue(from.value, from.shape)}`;
  if (!e) return value;
  if (!e.local) return `${value}\n${e.formula} = ${wireValue(e.product, from.shape)}`;
  const upstream =
    e.upstream.length === 1 ? formatCompact(e.upstream[0]) : `[${e.upstream.map(formatCompact).join(', ')}]`;
  const local = e.local.length === 1 ? formatCompact(e.local[0]) : `[${e.local.map(formatCompact).join(', ')}]`;
  return `${value}\nupstream ${upstream} × local ${local} = ${wireValue(e.product, from.shape)}`;
}

/** The pattern the gate's backward step shows: cs231n's name for how its gradient flows. */
function patternText(g: GraphNodePayload): string | undefined {
  const own = gatePattern(g.op as GateOp);
  return own ? PATTERN_WORDS[own] : undefined;
}

/** The view at `step` (0 … stepCount) of the pass `p`. */
export function stepView(p: GraphPassPayload, kind: 'forward' | 'backward', step: number): StepView {
  const byName = new Map(p.nodes.map((n) => [n.name, n]));
  const gs = gates(p);
  const k = Math.max(0, Math.min(step, gs.length));
  if (kind === 'forward') {
    const values = new Set(p.nodes.filter((n) => n.op === 'input').map((n) => n.name));
    for (const g of gs.slice(0, k)) values.add(g.name);
    if (k === 0)
      return {
        values,
        grads: new Set(),
        caption: ['The inputs are set; step to compute each gate in turn.'],
        code: { pass: 'forward', lines: [] },
      };
    const g = gs[k - 1];
    const line = p.code.forward[k - 1] ?? `${g.name} = …`;
    return {
      values,
      grads: new Set(),
      gate: g.name,
      caption: [`${line} = ${applied(g, byName)} = ${wireValue(g.value, g.shape)}`],
      code: { pass: 'forward', lines: [k] },
    };
  }
  const values = new Set(p.nodes.map((n) => n.name));
  const grads = new Set<string>(['output']);
  const edges = p.edges ?? [];
  const reversed = [...gs].reverse();
  let line = 1;
  for (const g of reversed.slice(0, Math.max(0, k - 1))) {
    for (const e of edges) if (e.to === g.name) grads.add(edgeKey(e));
    line += edges.filter((e) => e.to === g.name).length;
  }
  if (k === 0)
    return {
      values,
      grads,
      caption: [`∂${p.output}/∂${p.output} = 1 on the output; step to send it back gate by gate.`],
      code: { pass: 'backward', lines: [1] },
    };
  const g = reversed[k - 1];
  const own = edges.filter((e) => e.to === g.name);
  for (const e of own) grads.add(edgeKey(e));
  const pattern = patternText(g);
  const caption = own.map((e) => `∂${p.output}/∂${e.from} ← ${edgeText(e, byName)}`);
  if (pattern) caption.push(`(${pattern})`);
  for (const e of own) {
    const from = byName.get(e.from)!;
    const into = edges.filter((x) => x.from === e.from);
    if (from.uses > 1 && into.every((x) => grads.has(edgeKey(x))) && from.grad)
      caption.push(
        `${from.name} is copied to ${from.uses} gates: its gradients add up to ${wireValue(from.grad, from.shape)} (copy gate: adds)`,
      );
  }
  return {
    values,
    grads,
    gate: g.name,
    caption,
    code: { pass: 'backward', lines: own.map((_, i) => line + 1 + i) },
  };
}
