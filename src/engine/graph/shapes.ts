/**
 * The shape rule of a computational graph, and its words: a value is a number (shape []), a vector of
 * n entries ([n]) or a matrix ([rows, cols]). Elementwise operations need equal shapes, except that a
 * number broadcasts to any shape; `@` is the matrix product (matrix @ vector, matrix @ matrix,
 * vector @ matrix, and vector @ vector, the dot product); sum and mean give a number; transpose needs
 * a matrix. An undefined operation is a sentence naming both sides, e.g. "W is 2×2 and x has 3
 * entries, so W @ x is undefined". The graph builder and the format's checks both use this rule.
 */
import type { Expr } from '../config';
import { FUNCTIONS } from '../expression/functions';
import { formatExpr } from '../expression/print';

export type Shape = readonly number[];

export function shapeSize(s: Shape): number {
  let n = 1;
  for (const d of s) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** "a number", "a vector of 3 entries", "a 2×2 matrix". */
export function shapeName(s: Shape): string {
  if (s.length === 0) return 'a number';
  if (s.length === 1) return `a vector of ${s[0]} ${s[0] === 1 ? 'entry' : 'entries'}`;
  return `a ${s.join('×')} matrix`;
}

/** "c is a number", "x has 3 entries", "W is 2×2". */
export function shapeClause(text: string, s: Shape): string {
  if (s.length === 0) return `${text} is a number`;
  if (s.length === 1) return `${text} has ${s[0]} ${s[0] === 1 ? 'entry' : 'entries'}`;
  return `${text} is ${s.join('×')}`;
}

/** An operand as a message names it: compound operands in parentheses. */
function operandText(e: Expr): string {
  const t = formatExpr(e);
  return e.type === 'bin' || e.type === 'neg' ? `(${t})` : t;
}

/** Shape of an elementwise operation of a and b: equal shapes, or a number with anything. */
export function elementwiseShape(a: Shape, b: Shape): Shape | undefined {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return sameShape(a, b) ? a : undefined;
}

/** Shape of a @ b, or undefined when the inner dimensions differ or a side is a number. */
export function matmulShape(a: Shape, b: Shape): Shape | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const inner = a[a.length - 1];
  if (inner !== b[0]) return undefined;
  return [...a.slice(0, -1), ...b.slice(1)];
}

export interface ShapeError {
  /** The operation that is undefined. */
  expr: Expr;
  message: string;
}

export type ShapeResult = { shape: Shape; error?: undefined } | { shape?: undefined; error: ShapeError };

/**
 * The shape of `expr` given the shapes of its names (`shapeOf` returns undefined for an unknown name),
 * recording the shape of every operation in `shapes`; or the first undefined operation, innermost first.
 */
export function inferShape(
  expr: Expr,
  shapeOf: (name: string) => Shape | undefined,
  shapes = new Map<Expr, Shape>(),
): ShapeResult {
  const fail = (e: Expr, message: string): ShapeResult => ({ error: { expr: e, message } });
  const visit = (e: Expr): ShapeResult => {
    let out: ShapeResult;
    switch (e.type) {
      case 'num':
        out = { shape: [] };
        break;
      case 'var': {
        const s = shapeOf(e.name);
        out = s ? { shape: s } : fail(e, `unknown name '${e.name}'`);
        break;
      }
      case 'neg':
        out = visit(e.arg);
        break;
      case 'bin':
      case 'call': {
        const args = e.type === 'bin' ? [e.left, e.right] : e.args;
        const argShapes: Shape[] = [];
        for (const a of args) {
          const r = visit(a);
          if (r.error) return r;
          argShapes.push(r.shape);
        }
        out = operationShape(e, args, argShapes);
        break;
      }
    }
    if (out.shape) shapes.set(e, out.shape);
    return out;
  };
  return visit(expr);

  function operationShape(e: Expr, args: Expr[], s: Shape[]): ShapeResult {
    if (e.type === 'call' && args.length !== FUNCTIONS[e.fn].arity)
      return fail(e, `${e.fn} takes ${FUNCTIONS[e.fn].arity} argument(s), the tree gives ${args.length}`);
    const text = formatExpr(e);
    const both = () => `${shapeClause(operandText(args[0]), s[0])} and ${shapeClause(operandText(args[1]), s[1])}`;
    if (e.type === 'bin' && e.op === '@') {
      const scalar = s.findIndex((x) => x.length === 0);
      if (scalar >= 0)
        return fail(e, `${shapeClause(operandText(args[scalar]), [])}, so ${text} is undefined; use * to scale`);
      const shape = matmulShape(s[0], s[1]);
      return shape ? { shape } : fail(e, `${both()}, so ${text} is undefined`);
    }
    if (e.type === 'call' && (e.fn === 'sum' || e.fn === 'mean')) return { shape: [] };
    if (e.type === 'call' && e.fn === 'transpose') {
      if (s[0].length === 2) return { shape: [s[0][1], s[0][0]] };
      const hint =
        s[0].length === 1
          ? `; a vector has no orientation here: write it as a 1×${s[0][0]} or ${s[0][0]}×1 matrix ([[…]])`
          : '';
      return fail(e, `transpose needs a matrix, but ${shapeClause(operandText(args[0]), s[0])}${hint}`);
    }
    if (s.length === 1) return { shape: s[0] };
    const shape = elementwiseShape(s[0], s[1]);
    return shape
      ? { shape }
      : fail(e, `${both()}, so ${text} is undefined (entry by entry needs equal shapes, or a number)`);
  }
}
