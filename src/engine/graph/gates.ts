/**
 * The gates of a computational graph, micrograd style: each operation's forward pass and backward pass
 * side by side. A gate reads its operands (wires, or constants folded into it) and writes its output
 * wire; its backward pass turns the upstream gradient (∂output/∂its output) into one product per
 * operand, upstream × local, summed to the operand's shape (a broadcast number collects the whole
 * sum). Elementwise gates take their values and local derivatives from the one table
 * (expression/functions.ts); `@`, sum, mean, transpose and the identity are written here. The
 * cs231n patterns are named: add distributes, mul swaps, max (and min) routes; a wire read by several
 * gates is a copy gate, whose gradients add (the builder sums them into the wire).
 */
import type { Expr, ExprFunction } from '../config';
import { FUNCTIONS, OPERATORS, type ScalarOperation } from '../expression/functions';
import { shapeSize, type Shape } from './shapes';

export type GateOp = '+' | '-' | '*' | '/' | '^' | '@' | 'neg' | '=' | ExprFunction;

/** The cs231n names of the gradient flow through a gate (copy: a wire with several readers). */
export type GatePattern = 'distributes' | 'swaps' | 'routes' | 'adds';

/** A value on the graph: an input, or a gate's output. */
export interface Wire {
  name: string;
  shape: Shape;
  value: Float64Array;
  /** ∂output/∂this value after a backward pass, summed over its readers. */
  grad: Float64Array;
  /** How many gate operands read it; more than one makes it a copy gate, whose gradients add. */
  uses: number;
  /** The gate that computes it; undefined for an input. */
  gate?: Gate;
}

/** What a gate reads: a wire, or a constant (a number of the expression, folded into the gate). */
export interface Operand {
  wire?: Wire;
  value: Float64Array;
  shape: Shape;
  /** The wire's name or the constant as written. */
  text: string;
}

export interface Gate {
  op: GateOp;
  operands: Operand[];
  output: Wire;
  /** The node whose expression this gate is part of, and the part it computes. */
  node: string;
  expr: Expr;
  /** Per operand: the local gradient ∂output/∂operand entry by entry (elementwise gates only). */
  local: (Float64Array | undefined)[];
  /** Per operand: upstream × local, summed to the operand's shape (what the operand's wire receives). */
  product: Float64Array[];
  /** Gates with corners: which side of its corner each output entry was on in the last forward pass. */
  branches?: Uint8Array;
}

export interface GateKind {
  forward(g: Gate): void;
  /** Fills g.local and g.product from g.output.grad (the upstream gradient). */
  backward(g: Gate): void;
  /**
   * The gradient flowing to operand `i` as a statement's right-hand side in the flat code, from the
   * operands' texts, the output's name and `up` (the name of the upstream gradient).
   */
  gradText(g: Gate, i: number, up: string): string;
}

/** True when the text has a binary + or − outside parentheses (binary operators are written with spaces). */
function hasTopLevelSum(t: string): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (ch === '+' || ch === '-') && i > 0 && t[i - 1] === ' ') return true;
  }
  return false;
}

/** `up * local`, simplified where the local gradient is 1, −1 or 1/b. */
function times(up: string, local: string): string {
  if (local === '1') return up;
  if (local === '-1') return `-${up}`;
  if (local.startsWith('1 / ')) return `${up} / ${local.slice(4)}`;
  return `${up} * ${local.startsWith('-') || hasTopLevelSum(local) ? `(${local})` : local}`;
}

function elementwise(op: ScalarOperation): GateKind {
  return {
    forward(g) {
      const a = g.operands[0].value;
      const b = (g.operands[1] ?? g.operands[0]).value;
      const y = g.output.value;
      const stepA = a.length > 1 ? 1 : 0;
      const stepB = b.length > 1 ? 1 : 0;
      const branch = op.branch;
      for (let i = 0; i < y.length; i++) {
        const ai = a[i * stepA];
        const bi = b[i * stepB];
        y[i] = op.apply(ai, bi);
        if (branch) g.branches![i] = branch(ai, bi);
      }
    },
    backward(g) {
      const a = g.operands[0].value;
      const b = (g.operands[1] ?? g.operands[0]).value;
      const y = g.output.value;
      const up = g.output.grad;
      const stepA = a.length > 1 ? 1 : 0;
      const stepB = b.length > 1 ? 1 : 0;
      g.operands.forEach((operand, k) => {
        if (!operand.wire) return;
        const local = g.local[k]!;
        const product = g.product[k];
        product.fill(0);
        const broadcast = product.length === 1 && y.length > 1;
        for (let i = 0; i < y.length; i++) {
          local[i] = op.partial(k, a[i * stepA], b[i * stepB], y[i]);
          if (broadcast) product[0] += up[i] * local[i];
          else product[i] = up[i] * local[i];
        }
      });
    },
    gradText(g, i, up) {
      const [a, b] = g.operands.map((o) => o.text);
      const text = times(up, op.localText(i, a, b ?? a, g.output.name));
      const broadcast = shapeSize(g.operands[i].shape) === 1 && shapeSize(g.output.shape) > 1;
      return broadcast ? `sum(${text})` : text;
    },
  };
}

/** C = A @ B with vectors read as a 1×n row (left) or an n×1 column (right). */
function matmulDims(g: Gate): { m: number; c: number; k: number } {
  const [A, B] = g.operands.map((o) => o.shape);
  const m = A.length === 2 ? A[0] : 1;
  const c = A[A.length - 1];
  const k = B.length === 2 ? B[1] : 1;
  return { m, c, k };
}

const matmul: GateKind = {
  forward(g) {
    const A = g.operands[0].value;
    const B = g.operands[1].value;
    const C = g.output.value;
    const { m, c, k } = matmulDims(g);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < c; t++) s += A[i * c + t] * B[t * k + j];
        C[i * k + j] = s;
      }
  },
  backward(g) {
    const A = g.operands[0].value;
    const B = g.operands[1].value;
    const dC = g.output.grad;
    const { m, c, k } = matmulDims(g);
    if (g.operands[0].wire) {
      const dA = g.product[0]; // dA = dC @ Bᵀ
      for (let i = 0; i < m; i++)
        for (let t = 0; t < c; t++) {
          let s = 0;
          for (let j = 0; j < k; j++) s += dC[i * k + j] * B[t * k + j];
          dA[i * c + t] = s;
        }
    }
    if (g.operands[1].wire) {
      const dB = g.product[1]; // dB = Aᵀ @ dC
      for (let t = 0; t < c; t++)
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += A[i * c + t] * dC[i * k + j];
          dB[t * k + j] = s;
        }
    }
  },
  gradText(g, i, up) {
    const [a, b] = g.operands.map((o) => o.text);
    const [A, B] = g.operands.map((o) => o.shape.length);
    if (A === 1 && B === 1) return `${up} * ${i === 0 ? b : a}`;
    if (i === 0) return B === 1 ? `outer(${up}, ${b})` : A === 1 ? `${b} @ ${up}` : `${up} @ transpose(${b})`;
    return A === 1 ? `outer(${a}, ${up})` : `transpose(${a}) @ ${up}`;
  },
};

/** sum and mean: every entry gets the upstream gradient (times 1/n for the mean). */
function reduction(mean: boolean): GateKind {
  return {
    forward(g) {
      const a = g.operands[0].value;
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i];
      g.output.value[0] = mean ? s / a.length : s;
    },
    backward(g) {
      const n = g.operands[0].value.length;
      const local = mean ? 1 / n : 1;
      g.local[0]?.fill(local);
      g.product[0].fill(g.output.grad[0] * local);
    },
    gradText(g, _i, up) {
      return mean ? `${up} / ${g.operands[0].value.length}` : up;
    },
  };
}

const transpose: GateKind = {
  forward(g) {
    const [r, c] = g.operands[0].shape;
    const a = g.operands[0].value;
    const y = g.output.value;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) y[j * r + i] = a[i * c + j];
  },
  backward(g) {
    const [r, c] = g.operands[0].shape;
    const up = g.output.grad;
    const d = g.product[0];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) d[i * c + j] = up[j * r + i];
  },
  gradText: (_g, _i, up) => `transpose(${up})`,
};

/** A node that is just another name or a number: its value passes through unchanged. */
const identity: GateKind = {
  forward(g) {
    g.output.value.set(g.operands[0].value);
  },
  backward(g) {
    g.local[0]?.fill(1);
    g.product[0].set(g.output.grad);
  },
  gradText: (_g, _i, up) => up,
};

/** The cs231n pattern of each gate that has one. */
const PATTERNS: Partial<Record<GateOp, GatePattern>> = {
  '+': 'distributes',
  sum: 'distributes',
  '*': 'swaps',
  min: 'routes',
  max: 'routes',
};

const SPECIAL: Partial<Record<GateOp, GateKind>> = {
  '@': matmul,
  '=': identity,
  sum: reduction(false),
  mean: reduction(true),
  transpose,
};

/** The elementwise operation of the table behind `op`, if it is one. */
function scalarOperation(op: GateOp): ScalarOperation | undefined {
  const entry = Object.prototype.hasOwnProperty.call(OPERATORS, op)
    ? OPERATORS[op as keyof typeof OPERATORS]
    : FUNCTIONS[op as ExprFunction];
  return entry?.kind === 'elementwise' ? entry : undefined;
}

const KINDS = new Map<GateOp, GateKind>();

export function gateKind(op: GateOp): GateKind {
  let kind = KINDS.get(op);
  if (!kind) {
    const scalar = scalarOperation(op);
    kind = SPECIAL[op] ?? (scalar && elementwise(scalar));
    if (!kind) throw new Error(`no gate for the operation ${op}`);
    KINDS.set(op, kind);
  }
  return kind;
}

/** The cs231n pattern of a gate, if it has one. */
export function gatePattern(op: GateOp): GatePattern | undefined {
  return PATTERNS[op];
}

/** True when the gate has corners (relu, abs, min, max), so it records branches for the gradient check. */
export function hasBranches(op: GateOp): boolean {
  return scalarOperation(op)?.branch !== undefined;
}
