/**
 * A computational graph built from its configuration: one wire per input and per gate output, one gate
 * per operation of the node expressions, in order (a named node labels its top gate's output; the
 * other gates get the generated names s0, s1, … of seed 004's flat code), with constant parts of an
 * expression folded into the gate that reads them. `forward()` computes every wire; `backward()` seeds
 * ∂output/∂output = 1 and runs the gates in reverse, adding each gate's products into its operands'
 * wires, so a wire read by several gates (a copy gate) collects the sum of their gradients.
 */
import type { Expr, GraphConfig } from '../config';
import { compileExpr } from '../expression/compile';
import { FUNCTIONS } from '../expression/functions';
import { gateKind, hasBranches, type Gate, type GateOp, type Operand, type Wire } from './gates';
import { inferShape, shapeSize, type Shape } from './shapes';

/** True when `e` has no names and only elementwise operations: a number, computed once. */
function isConstant(e: Expr): boolean {
  switch (e.type) {
    case 'num':
      return true;
    case 'var':
      return false;
    case 'neg':
      return isConstant(e.arg);
    case 'bin':
      return e.op !== '@' && isConstant(e.left) && isConstant(e.right);
    case 'call':
      return FUNCTIONS[e.fn].kind === 'elementwise' && e.args.every(isConstant);
  }
}

function newWire(name: string, shape: Shape): Wire {
  const n = shapeSize(shape);
  return { name, shape, value: new Float64Array(n), grad: new Float64Array(n), uses: 0 };
}

export class Graph {
  readonly config: GraphConfig;
  /** The leaves, in the order written. */
  readonly inputs: Wire[];
  /** In forward order. */
  readonly gates: Gate[] = [];
  readonly output: Wire;
  private readonly byName = new Map<string, Wire>();

  constructor(config: GraphConfig) {
    this.config = config;
    this.inputs = config.inputs.map(({ name, value }) => {
      const w = newWire(name, value.shape);
      w.value.set(value.data);
      this.byName.set(name, w);
      return w;
    });
    const taken = new Set([...config.inputs.map((i) => i.name), ...config.nodes.map((n) => n.name)]);
    let counter = 0;
    const fresh = (): string => {
      while (taken.has(`s${counter}`)) counter++;
      return `s${counter++}`;
    };
    for (const node of config.nodes) {
      const shapes = new Map<Expr, Shape>();
      const r = inferShape(node.expr, (n) => this.byName.get(n)?.shape, shapes);
      if (r.error) throw new Error(`node ${node.name}: ${r.error.message}`);
      const gate = (op: GateOp, operands: Operand[], e: Expr, name: string): Operand => {
        const output = newWire(name, shapes.get(e)!);
        const size = output.value.length;
        const perEntry = op !== '@' && op !== 'transpose';
        const g: Gate = {
          op,
          operands,
          output,
          node: node.name,
          expr: e,
          local: operands.map((o) =>
            o.wire && perEntry
              ? new Float64Array(op === 'sum' || op === 'mean' || op === '=' ? o.value.length : size)
              : undefined,
          ),
          product: operands.map((o) => new Float64Array(o.value.length)),
          ...(hasBranches(op) ? { branches: new Uint8Array(size) } : {}),
        };
        output.gate = g;
        for (const o of operands) if (o.wire) o.wire.uses++;
        this.gates.push(g);
        this.byName.set(name, output);
        return { wire: output, value: output.value, shape: output.shape, text: name };
      };
      const operand = (e: Expr, name?: string): Operand => {
        if (isConstant(e)) {
          const v = compileExpr(e).at(0);
          return { value: Float64Array.of(v), shape: [], text: String(v) };
        }
        switch (e.type) {
          case 'var': {
            const w = this.byName.get(e.name)!;
            return { wire: w, value: w.value, shape: w.shape, text: w.name };
          }
          case 'neg':
            return gate('neg', [operand(e.arg)], e, name ?? fresh());
          case 'bin':
            return gate(e.op, [operand(e.left), operand(e.right)], e, name ?? fresh());
          case 'call':
            if (e.args.length !== FUNCTIONS[e.fn].arity)
              throw new Error(`${e.fn} takes ${FUNCTIONS[e.fn].arity} argument(s), the tree gives ${e.args.length}`);
            return gate(
              e.fn,
              e.args.map((a) => operand(a)),
              e,
              name ?? fresh(),
            );
          default:
            throw new Error('unreachable');
        }
      };
      const top = operand(node.expr, node.name);
      if (top.text !== node.name || !top.wire?.gate) gate('=', [top], node.expr, node.name);
    }
    const output = this.byName.get(config.output);
    if (!output || output.value.length !== 1 || output.shape.length !== 0)
      throw new Error(`the output ${config.output} must be a node whose value is a number`);
    this.output = output;
  }

  /** The wire called `name` (an input, a node or a generated gate output). */
  wire(name: string): Wire | undefined {
    return this.byName.get(name);
  }

  /** Every value, inputs first then the gates' outputs in order. */
  get wires(): Wire[] {
    return [...this.inputs, ...this.gates.map((g) => g.output)];
  }

  /** Computes every wire from the inputs; returns the output. */
  forward(): number {
    for (const g of this.gates) gateKind(g.op).forward(g);
    return this.output.value[0];
  }

  /** After `forward()`: ∂output/∂v for every wire v, and every gate's local gradients and products. */
  backward(): void {
    for (const w of this.inputs) w.grad.fill(0);
    for (const g of this.gates) g.output.grad.fill(0);
    this.output.grad[0] = 1;
    for (let k = this.gates.length - 1; k >= 0; k--) {
      const g = this.gates[k];
      gateKind(g.op).backward(g);
      g.operands.forEach((o, i) => {
        if (!o.wire) return;
        const grad = o.wire.grad;
        const product = g.product[i];
        for (let j = 0; j < grad.length; j++) grad[j] += product[j];
      });
    }
  }

  /** The branches of every gate with corners, one after another (the gradient check's kink test). */
  branches(): Uint8Array {
    const parts = this.gates.filter((g) => g.branches).map((g) => g.branches!);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
