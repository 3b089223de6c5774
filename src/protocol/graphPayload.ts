/**
 * A graph's pass as it crosses to the panel: the engine's report (engine/graph/passes.ts) with every
 * Float64Array as a plain number array, since VS Code carries webview messages as JSON; and the guard
 * the panel checks it with before drawing (every array the right length for its shape).
 */
import type { GraphSummary } from '../engine/config';
import type { FlatCode } from '../engine/graph/flatCode';
import type { GatePattern } from '../engine/graph/gates';
import type { GraphPassReport } from '../engine/graph/passes';

export interface GraphNodePayload {
  name: string;
  /** The gate's operation ('+', '*', 'exp', '@', …) or 'input'. */
  op: string;
  inputs: (string | number)[];
  shape: number[];
  value: number[];
  grad?: number[];
  pattern?: GatePattern;
  uses: number;
  /** The named node it belongs to (its own name for inputs and named nodes). */
  node: string;
}

export interface GraphEdgePayload {
  from: string;
  to: string;
  operand: number;
  upstream: number[];
  local?: number[];
  product: number[];
  formula: string;
}

export interface GraphPassPayload {
  output: string;
  value: number;
  nodes: GraphNodePayload[];
  edges?: GraphEdgePayload[];
  code: FlatCode;
}

/** The report with plain arrays. */
export function graphPassPayload(r: GraphPassReport): GraphPassPayload {
  return {
    output: r.output,
    value: r.value,
    nodes: r.nodes.map((n) => ({
      name: n.name,
      op: n.op,
      inputs: [...n.inputs],
      shape: [...n.shape],
      value: Array.from(n.value),
      ...(n.grad ? { grad: Array.from(n.grad) } : {}),
      ...(n.pattern ? { pattern: n.pattern } : {}),
      uses: n.uses,
      node: n.node,
    })),
    ...(r.edges
      ? {
          edges: r.edges.map((e) => ({
            from: e.from,
            to: e.to,
            operand: e.operand,
            formula: e.formula,
            upstream: Array.from(e.upstream),
            product: Array.from(e.product),
            ...(e.local ? { local: Array.from(e.local) } : {}),
          })),
        }
      : {}),
    code: { forward: [...r.code.forward], backward: [...r.code.backward] },
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNums = (v: unknown, n?: number): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number') && (n === undefined || v.length === n);
const isShape = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length <= 2 && v.every((x) => Number.isInteger(x) && (x as number) > 0);
const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What every node of a summary and of a pass has: a name, an operation, what it reads and a shape. */
function isNodeHead(n: unknown): n is Record<string, unknown> & { name: string; shape: number[] } {
  return (
    isObj(n) &&
    typeof n.name === 'string' &&
    typeof n.op === 'string' &&
    isShape(n.shape) &&
    Array.isArray(n.inputs) &&
    n.inputs.every((i) => typeof i === 'string' || typeof i === 'number')
  );
}

/** A summary the panel can lay out: named nodes with operations, what they read and their shapes. */
export function isGraphSummary(v: unknown): v is GraphSummary {
  return (
    isObj(v) &&
    typeof v.output === 'string' &&
    Number.isInteger(v.gates) &&
    Array.isArray(v.nodes) &&
    v.nodes.every(isNodeHead)
  );
}

/** A pass the panel can draw: each value and gradient as long as its shape says, edges between known nodes. */
export function isGraphPassPayload(v: unknown): v is GraphPassPayload {
  if (!isObj(v) || typeof v.output !== 'string' || typeof v.value !== 'number' || !Array.isArray(v.nodes)) return false;
  if (!isObj(v.code) || !isStrings(v.code.forward) || !isStrings(v.code.backward)) return false;
  const sizes = new Map<string, number>();
  for (const n of v.nodes) {
    if (!isNodeHead(n)) return false;
    const k = size(n.shape);
    if (!isNums(n.value, k) || (n.grad !== undefined && !isNums(n.grad, k))) return false;
    if (typeof n.uses !== 'number' || typeof n.node !== 'string') return false;
    sizes.set(n.name, k);
  }
  if (v.edges === undefined) return true;
  return (
    Array.isArray(v.edges) &&
    v.edges.every(
      (e) =>
        isObj(e) &&
        typeof e.from === 'string' &&
        typeof e.to === 'string' &&
        sizes.has(e.from) &&
        sizes.has(e.to) &&
        isNums(e.upstream, sizes.get(e.to)) &&
        isNums(e.product, sizes.get(e.from)) &&
        (e.local === undefined || isNums(e.local)) &&
        typeof e.formula === 'string',
    )
  );
}
