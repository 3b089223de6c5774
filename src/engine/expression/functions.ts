/**
 * The one table of the expression language: its operators and functions, each with its arity, its value
 * and its local derivatives side by side. The parser checks calls against these arities, the compiler
 * evaluates with these values, and anything that needs a derivative (the graph gates, the gradient
 * check's kink detection) reads it here: a function is defined once.
 */
import type { Expr, ExprFunction } from '../config';

/** An elementwise operation of one or two numbers. */
export interface ScalarOperation {
  /** How many arguments it takes. */
  readonly arity: 1 | 2;
  /** Its value (b is ignored by one-argument operations). */
  apply(a: number, b: number): number;
  /**
   * ∂result/∂argument `i` at (a, b), where y is the result (some derivatives read best through it:
   * σ' = σ(1 − σ), exp' = exp).
   */
  partial(i: number, a: number, b: number, y: number): number;
  /** True when the derivative jumps somewhere (a corner where finite differences may disagree). */
  readonly corner: boolean;
  /** One line for hovers and completion. */
  readonly summary: string;
}

/** 1 / (1 + e^−v), without overflow for large |v|. */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Derivative of min/max at a tie goes to the first argument, as max(a, b) returns a when a ≥ b. */
const FUNCTION_TABLE = {
  exp: {
    arity: 1,
    apply: Math.exp,
    partial: (_i, _a, _b, y) => y,
    corner: false,
    summary: 'exp(v) = eᵛ; its derivative is itself.',
  },
  log: {
    arity: 1,
    apply: Math.log,
    partial: (_i, a) => 1 / a,
    corner: false,
    summary: 'log(v), the natural logarithm; derivative 1/v.',
  },
  sqrt: {
    arity: 1,
    apply: Math.sqrt,
    partial: (_i, _a, _b, y) => 0.5 / y,
    corner: false,
    summary: 'sqrt(v) = √v; derivative 1/(2√v).',
  },
  abs: {
    arity: 1,
    apply: Math.abs,
    partial: (_i, a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
    corner: true,
    summary: '|v|; derivative the sign of v (a corner at 0).',
  },
  sin: {
    arity: 1,
    apply: Math.sin,
    partial: (_i, a) => Math.cos(a),
    corner: false,
    summary: 'sin(v); derivative cos(v).',
  },
  cos: {
    arity: 1,
    apply: Math.cos,
    partial: (_i, a) => -Math.sin(a),
    corner: false,
    summary: 'cos(v); derivative −sin(v).',
  },
  tanh: {
    arity: 1,
    apply: Math.tanh,
    partial: (_i, _a, _b, y) => 1 - y * y,
    corner: false,
    summary: 'tanh(v); derivative 1 − tanh²(v).',
  },
  sigmoid: {
    arity: 1,
    apply: sigmoid,
    partial: (_i, _a, _b, y) => (1 - y) * y,
    corner: false,
    summary: 'σ(v) = 1/(1 + e⁻ᵛ); derivative (1 − σ)·σ.',
  },
  min: {
    arity: 2,
    apply: (a, b) => (b < a ? b : a),
    partial: (i, a, b) => (i === 0 ? (b < a ? 0 : 1) : b < a ? 1 : 0),
    corner: true,
    summary: 'min(a, b), the smaller of two values; the gradient goes to the smaller one.',
  },
  max: {
    arity: 2,
    apply: (a, b) => (b > a ? b : a),
    partial: (i, a, b) => (i === 0 ? (b > a ? 0 : 1) : b > a ? 1 : 0),
    corner: true,
    summary: 'max(a, b), the larger of two values; the gradient goes to the larger one (a router).',
  },
} satisfies Record<ExprFunction, ScalarOperation>;

/** The language's functions by name (`isFunctionName` tells whether a name is one). */
export const FUNCTIONS: Readonly<Record<ExprFunction, ScalarOperation>> = FUNCTION_TABLE;

/** The function names, in the table's order (for messages, completion and the README). */
export const FUNCTION_NAMES = Object.keys(FUNCTION_TABLE) as ExprFunction[];

export function isFunctionName(name: string): name is ExprFunction {
  return Object.prototype.hasOwnProperty.call(FUNCTION_TABLE, name);
}

export type OperatorSymbol = '+' | '-' | '*' | '/' | '^' | 'neg';

/** The arithmetic operators (neg is unary minus), with the same shape as the functions. */
export const OPERATORS: Readonly<Record<OperatorSymbol, ScalarOperation>> = {
  '+': { arity: 2, apply: (a, b) => a + b, partial: () => 1, corner: false, summary: 'a + b' },
  '-': { arity: 2, apply: (a, b) => a - b, partial: (i) => (i === 0 ? 1 : -1), corner: false, summary: 'a − b' },
  '*': { arity: 2, apply: (a, b) => a * b, partial: (i, a, b) => (i === 0 ? b : a), corner: false, summary: 'a · b' },
  '/': {
    arity: 2,
    apply: (a, b) => a / b,
    partial: (i, a, b) => (i === 0 ? 1 / b : -a / (b * b)),
    corner: false,
    summary: 'a / b',
  },
  '^': {
    arity: 2,
    apply: (a, b) => Math.pow(a, b),
    // ∂/∂b = aᵇ·log a, taken as 0 where aᵇ is 0 (0^b) so that 0·log 0 does not become NaN.
    partial: (i, a, b, y) => (i === 0 ? (b === 0 ? 0 : b * Math.pow(a, b - 1)) : y === 0 ? 0 : y * Math.log(a)),
    corner: false,
    summary: 'a ^ b, a to the power b',
  },
  neg: { arity: 1, apply: (a) => -a, partial: () => -1, corner: false, summary: '−a' },
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
