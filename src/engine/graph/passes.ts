/**
 * The forward and backward passes of a graph as reports: every input and every gate in order, with its
 * operation, the names it reads (constants as numbers), its shape and value, and after backward its
 * gradient ∂output/∂v; backward also reports every edge — the upstream gradient at the gate, the local
 * gradient (for gates that work entry by entry) and their product, what the edge carries back — and
 * both report the flat code. Reports hold copies, so later passes do not change them.
 */
import { flatCode, type FlatCode } from './flatCode';
import { gateKind, gatePattern, type GateOp, type GatePattern, type Wire } from './gates';
import type { GraphSummary } from '../config';
import type { Graph } from './graph';

export interface GraphNodeReport {
  name: string;
  op: GateOp | 'input';
  /** The wires it reads by name, constants as numbers (empty for an input). */
  inputs: (string | number)[];
  shape: number[];
  value: Float64Array;
  /** ∂output/∂this value (backward only). */
  grad?: Float64Array;
  /** The cs231n pattern of its gate; 'adds' for a wire read by several gates (a copy gate). */
  pattern?: GatePattern;
  /** How many gates read it. */
  uses: number;
  /** The node it belongs to: its own name for inputs and named nodes, the enclosing node for generated gates. */
  node: string;
}

export interface GraphEdgeReport {
  /** The wire the gradient flows back to, and the gate it flows from. */
  from: string;
  to: string;
  /** Which operand of the gate `from` is. */
  operand: number;
  /** ∂output/∂(the gate's output). */
  upstream: Float64Array;
  /** ∂(the gate's output)/∂from entry by entry; absent for @ and transpose, whose local gradient is a matrix. */
  local?: Float64Array;
  /** upstream × local summed to from's shape: this edge's share of ∂output/∂from. */
  product: Float64Array;
  /** How the product is computed, as in the flat code: `grad_q * z`, `outer(grad_q, x)`. */
  formula: string;
}

export interface GraphPassReport {
  output: string;
  value: number;
  nodes: GraphNodeReport[];
  /** Backward only. */
  edges?: GraphEdgeReport[];
  code: FlatCode;
}

function nodeReport(w: Wire, withGrad: boolean): GraphNodeReport {
  const g = w.gate;
  const pattern = w.uses > 1 ? 'adds' : g ? gatePattern(g.op) : undefined;
  return {
    name: w.name,
    op: g ? g.op : 'input',
    inputs: g ? g.operands.map((o) => (o.wire ? o.wire.name : o.value[0])) : [],
    shape: [...w.shape],
    value: Float64Array.from(w.value),
    ...(withGrad ? { grad: Float64Array.from(w.grad) } : {}),
    ...(pattern ? { pattern } : {}),
    uses: w.uses,
    node: g ? g.node : w.name,
  };
}

/** Runs the forward pass and reports every value. */
export function graphForward(graph: Graph): GraphPassReport {
  const value = graph.forward();
  const code = flatCode(graph);
  return {
    output: graph.output.name,
    value,
    nodes: graph.wires.map((w) => nodeReport(w, false)),
    code,
  };
}

/** Runs the forward and backward passes and reports every value, gradient and edge. */
export function graphBackward(graph: Graph): GraphPassReport {
  const value = graph.forward();
  graph.backward();
  const edges: GraphEdgeReport[] = [];
  for (const g of graph.gates)
    g.operands.forEach((o, i) => {
      if (!o.wire) return;
      const local = g.local[i];
      edges.push({
        from: o.wire.name,
        to: g.output.name,
        operand: i,
        upstream: Float64Array.from(g.output.grad),
        ...(local ? { local: Float64Array.from(local) } : {}),
        product: Float64Array.from(g.product[i]),
        formula: gateKind(g.op).gradText(g, i, `grad_${g.output.name}`),
      });
    });
  return {
    output: graph.output.name,
    value,
    nodes: graph.wires.map((w) => nodeReport(w, true)),
    edges,
    code: flatCode(graph),
  };
}

/** The graph's structure without values: every input and gate, its operation, what it reads and its shape. */
export function graphSummary(graph: Graph): GraphSummary {
  return {
    ...(graph.config.name !== undefined ? { name: graph.config.name } : {}),
    output: graph.output.name,
    nodes: graph.wires.map((w) => {
      const { name, op, inputs, shape } = nodeReport(w, false);
      return { name, op, inputs, shape };
    }),
    gates: graph.gates.length,
  };
}
