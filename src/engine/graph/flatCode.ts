/**
 * Seed 004's "flat" code of a graph: the forward pass as one straight-line statement per gate
 * (`s0 = w0 * x0`), and the backward pass from `grad_L = 1.0` back to the inputs, one statement per
 * gradient a gate sends (`grad_w0 = grad_s0 * x0`); a wire read by several gates (a copy gate) gets
 * its first gradient with `=` and the others with `+=`, so the gradients visibly add.
 */
import { gateKind, type Gate } from './gates';
import type { Graph } from './graph';

export interface FlatCode {
  forward: string[];
  backward: string[];
}

/** The gate's operation over its operands' names: `w0 * x0`, `-s3`, `sigmoid(s3)`. */
export function gateExpression(g: Gate): string {
  const [a, b] = g.operands.map((o) => o.text);
  switch (g.op) {
    case '=':
      return a;
    case 'neg':
      return `-${a}`;
    case '+':
    case '-':
    case '*':
    case '/':
    case '^':
    case '@':
      return `${a} ${g.op} ${b}`;
    default:
      return `${g.op}(${g.operands.map((o) => o.text).join(', ')})`;
  }
}

export function flatCode(graph: Graph): FlatCode {
  const forward = graph.gates.map((g) => `${g.output.name} = ${gateExpression(g)}`);
  const backward = [`grad_${graph.output.name} = 1.0`];
  const assigned = new Set<string>([graph.output.name]);
  for (let k = graph.gates.length - 1; k >= 0; k--) {
    const g = graph.gates[k];
    const kind = gateKind(g.op);
    g.operands.forEach((o, i) => {
      if (!o.wire) return;
      const first = !assigned.has(o.wire.name);
      assigned.add(o.wire.name);
      backward.push(`grad_${o.wire.name} ${first ? '=' : '+='} ${kind.gradText(g, i, `grad_${g.output.name}`)}`);
    });
  }
  return { forward, backward };
}
