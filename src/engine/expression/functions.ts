/**
 * The one table of the expression language: its operators and functions, each with its arity, its value
 * and its local derivatives side by side (as numbers, and as text for the flat code of a graph). The
 * parser checks calls against these arities, the compiler and the graph gates evaluate with these
 * values and derivatives, and the gradient checks read the corners here: a function is defined once.
 * Elementwise functions apply to numbers (and entry by entry to vectors and matrices in graphs);
 * tensor functions (sum, mean, transpose) exist only in graphs, whose gates implement them.
 */
import type { Expr, ExprFunction } from '../config';

/** An elementwise operation of one or two numbers. */
export interface ScalarOperation {
  readonly kind: 'elementwise';
  /** How many arguments it takes. */
  readonly arity: 1 | 2;
  /** Its value (b is ignored by one-argument operations). */
  apply(a: number, b: number): number;
  /**
   * ∂result/∂argument `i` at (a, b), where y is the result (some derivatives read best through it:
   * σ' = (1 − σ)·σ, exp' = exp).
   */
  partial(i: number, a: number, b: number, y: number): number;
  /** The same derivative as text, from the texts of the arguments and of the result (`(1 - L) * L`). */
  localText(i: number, a: string, b: string, y: string): string;
  /** True when the derivative jumps somewhere (a corner where finite differences may disagree). */
  readonly corner: boolean;
  /** Corners only: which side of its corner (a, b) is on, so a check can tell when a step crossed it. */
  branch?(a: number, b: number): number;
  /** One line for hovers and completion. */
  readonly summary: string;
}

/** A function of whole vectors and matrices (graphs only); its gate in engine/graph/gates.ts computes it. */
export interface TensorFunction {
  readonly kind: 'tensor';
  readonly arity: 1;
  readonly corner: false;
  readonly summary: string;
}

export type FunctionEntry = ScalarOperation | TensorFunction;

/** 1 / (1 + e^−v), without overflow for large |v|. */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

const sign = (a: number): number => (a > 0 ? 1 : a < 0 ? -1 : 0);

/** min and max send the whole gradient to the argument they return; at a tie that is the first, as they return it. */
const FUNCTION_TABLE = {
  exp: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.exp,
    partial: (_i, _a, _b, y) => y,
    localText: (_i, _a, _b, y) => y,
    corner: false,
    summary: 'exp(v) = eᵛ; its derivative is itself.',
  },
  log: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.log,
    partial: (_i, a) => 1 / a,
    localText: (_i, a) => `1 / ${a}`,
    corner: false,
    summary: 'log(v), the natural logarithm; derivative 1/v.',
  },
  sqrt: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.sqrt,
    partial: (_i, _a, _b, y) => 0.5 / y,
    localText: (_i, _a, _b, y) => `1 / (2 * ${y})`,
    corner: false,
    summary: 'sqrt(v) = √v; derivative 1/(2√v).',
  },
  abs: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.abs,
    partial: (_i, a) => sign(a),
    localText: (_i, a) => `sign(${a})`,
    corner: true,
    branch: sign,
    summary: '|v|; derivative the sign of v (a corner at 0).',
  },
  sin: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.sin,
    partial: (_i, a) => Math.cos(a),
    localText: (_i, a) => `cos(${a})`,
    corner: false,
    summary: 'sin(v); derivative cos(v).',
  },
  cos: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.cos,
    partial: (_i, a) => -Math.sin(a),
    localText: (_i, a) => `-sin(${a})`,
    corner: false,
    summary: 'cos(v); derivative −sin(v).',
  },
  tanh: {
    kind: 'elementwise',
    arity: 1,
    apply: Math.tanh,
    partial: (_i, _a, _b, y) => 1 - y * y,
    localText: (_i, _a, _b, y) => `(1 - ${y}^2)`,
    corner: false,
    summary: 'tanh(v); derivative 1 − tanh²(v).',
  },
  sigmoid: {
    kind: 'elementwise',
    arity: 1,
    apply: sigmoid,
    partial: (_i, _a, _b, y) => (1 - y) * y,
    localText: (_i, _a, _b, y) => `(1 - ${y}) * ${y}`,
    corner: false,
    summary: 'σ(v) = 1/(1 + e⁻ᵛ); derivative (1 − σ)·σ, so one gate can stand for four.',
  },
  relu: {
    kind: 'elementwise',
    arity: 1,
    apply: (a) => (a > 0 ? a : 0),
    partial: (_i, a) => (a > 0 ? 1 : 0),
    localText: (_i, a) => `(${a} > 0)`,
    corner: true,
    branch: (a) => (a > 0 ? 1 : 0),
    summary: 'relu(v) = max(0, v); derivative 1 where v > 0, else 0 (a corner at 0).',
  },
  min: {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => (b < a ? b : a),
    partial: (i, a, b) => (i === 0 ? (b < a ? 0 : 1) : b < a ? 1 : 0),
    localText: (i, a, b) => (i === 0 ? `(${a} <= ${b})` : `(${b} < ${a})`),
    corner: true,
    branch: (a, b) => (b < a ? 1 : 0),
    summary: 'min(a, b), the smaller of two values; the gradient goes to the smaller one (a router).',
  },
  max: {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => (b > a ? b : a),
    partial: (i, a, b) => (i === 0 ? (b > a ? 0 : 1) : b > a ? 1 : 0),
    localText: (i, a, b) => (i === 0 ? `(${a} >= ${b})` : `(${b} > ${a})`),
    corner: true,
    branch: (a, b) => (b > a ? 1 : 0),
    summary: 'max(a, b), the larger of two values; the gradient goes to the larger one (a router).',
  },
  sum: { kind: 'tensor', arity: 1, corner: false, summary: 'sum(v), the sum of all entries of a vector or matrix.' },
  mean: { kind: 'tensor', arity: 1, corner: false, summary: 'mean(v), the mean of all entries of a vector or matrix.' },
  transpose: {
    kind: 'tensor',
    arity: 1,
    corner: false,
    summary: 'transpose(M), the matrix M with rows and columns swapped.',
  },
} satisfies Record<ExprFunction, FunctionEntry>;

/** The language's functions by name (`isFunctionName` tells whether a name is one). */
export const FUNCTIONS: Readonly<Record<ExprFunction, FunctionEntry>> = FUNCTION_TABLE;

/** The function names, in the table's order (for messages, completion and the README). */
export const FUNCTION_NAMES = Object.keys(FUNCTION_TABLE) as ExprFunction[];

/** The functions of one number (those an activation may use). */
export const ELEMENTWISE_NAMES = FUNCTION_NAMES.filter((f) => FUNCTIONS[f].kind === 'elementwise');

export function isFunctionName(name: string): name is ExprFunction {
  return Object.prototype.hasOwnProperty.call(FUNCTION_TABLE, name);
}

export type OperatorSymbol = '+' | '-' | '*' | '/' | '^' | 'neg';

const isNumberText = (t: string): boolean => /^-?[0-9.]+(e[-+]?[0-9]+)?$/i.test(t);

/** The arithmetic operators (neg is unary minus), with the same shape as the functions. */
export const OPERATORS: Readonly<Record<OperatorSymbol, ScalarOperation>> = {
  '+': {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => a + b,
    partial: () => 1,
    localText: () => '1',
    corner: false,
    summary: 'a + b',
  },
  '-': {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => a - b,
    partial: (i) => (i === 0 ? 1 : -1),
    localText: (i) => (i === 0 ? '1' : '-1'),
    corner: false,
    summary: 'a − b',
  },
  '*': {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => a * b,
    partial: (i, a, b) => (i === 0 ? b : a),
    localText: (i, a, b) => (i === 0 ? b : a),
    corner: false,
    summary: 'a · b',
  },
  '/': {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => a / b,
    partial: (i, a, b) => (i === 0 ? 1 / b : -a / (b * b)),
    localText: (i, a, b) => (i === 0 ? `1 / ${b}` : `-${a} / ${b}^2`),
    corner: false,
    summary: 'a / b',
  },
  '^': {
    kind: 'elementwise',
    arity: 2,
    apply: (a, b) => Math.pow(a, b),
    // ∂/∂b = aᵇ·log a, taken as 0 where aᵇ is 0 (0^b) so that 0·log 0 does not become NaN.
    partial: (i, a, b, y) => (i === 0 ? (b === 0 ? 0 : b * Math.pow(a, b - 1)) : y === 0 ? 0 : y * Math.log(a)),
    localText: (i, a, b, y) =>
      i === 1
        ? `${y} * log(${a})`
        : !isNumberText(b)
          ? `${b} * ${a}^(${b} - 1)`
          : Number(b) === 2
            ? `2 * ${a}`
            : `${b} * ${a}^${Number(b) - 1}`,
    corner: false,
    summary: 'a ^ b, a to the power b',
  },
  neg: {
    kind: 'elementwise',
    arity: 1,
    apply: (a) => -a,
    partial: () => -1,
    localText: () => '-1',
    corner: false,
    summary: '−a',
  },
};

/** True when the expression has corners (abs, min, max …) where its derivative jumps. */
export function hasCorners(expr: Expr): boolean {
  switch (expr.type) {
    case 'num':
    case 'var':
      return false;
    case 'neg':
      return hasCorners(expr.arg);
    case 'bin':
      return hasCorners(expr.left) || hasCorners(expr.right);
    case 'call':
      return FUNCTIONS[expr.fn].corner || expr.args.some(hasCorners);
  }
}
