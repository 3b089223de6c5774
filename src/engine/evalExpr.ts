/**
 * Turns a user-defined activation's expression tree (`Expr`, parsed by src/format/expression.ts)
 * into a fast closure `(x) => number` by composing closures recursively — never by generating
 * JavaScript (no eval, no Function): a spec can never run code.
 */
import type { Expr } from './config';

export type ScalarFn = (x: number) => number;

function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

const unary: Record<string, (v: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
};

/** Compiles `expr` into a closure of x. Throws only for a malformed tree (the parser never produces one). */
export function compileExpr(expr: Expr): ScalarFn {
  switch (expr.type) {
    case 'num': {
      const v = expr.value;
      return () => v;
    }
    case 'x':
      return (x) => x;
    case 'neg': {
      const f = compileExpr(expr.arg);
      return (x) => -f(x);
    }
    case 'bin': {
      const l = compileExpr(expr.left);
      const r = compileExpr(expr.right);
      switch (expr.op) {
        case '+':
          return (x) => l(x) + r(x);
        case '-':
          return (x) => l(x) - r(x);
        case '*':
          return (x) => l(x) * r(x);
        case '/':
          return (x) => l(x) / r(x);
        case '^': {
          // Small integer constant powers are common (x^2, x^3): multiply instead of Math.pow.
          if (expr.right.type === 'num' && expr.right.value === 2)
            return (x) => {
              const v = l(x);
              return v * v;
            };
          if (expr.right.type === 'num' && expr.right.value === 3)
            return (x) => {
              const v = l(x);
              return v * v * v;
            };
          return (x) => Math.pow(l(x), r(x));
        }
      }
      break;
    }
    case 'call': {
      const args = expr.args.map(compileExpr);
      if (expr.fn === 'min' || expr.fn === 'max') {
        if (args.length === 0) throw new Error(`${expr.fn} needs at least one argument`);
        const pick = expr.fn === 'min' ? Math.min : Math.max;
        if (args.length === 1) return args[0];
        if (args.length === 2) {
          const [a, b] = args;
          return (x) => pick(a(x), b(x));
        }
        return (x) => {
          let v = args[0](x);
          for (let i = 1; i < args.length; i++) v = pick(v, args[i](x));
          return v;
        };
      }
      const fn = unary[expr.fn];
      if (!fn || args.length !== 1) throw new Error(`${expr.fn} takes one argument`);
      const a = args[0];
      return (x) => fn(a(x));
    }
  }
  throw new Error(`unknown expression node ${(expr as { type: string }).type}`);
}

/** True when the expression has corners (abs, min, max) where its derivative jumps. */
export function exprHasCorners(expr: Expr): boolean {
  switch (expr.type) {
    case 'num':
    case 'x':
      return false;
    case 'neg':
      return exprHasCorners(expr.arg);
    case 'bin':
      return exprHasCorners(expr.left) || exprHasCorners(expr.right);
    case 'call':
      return expr.fn === 'abs' || expr.fn === 'min' || expr.fn === 'max' || expr.args.some(exprHasCorners);
  }
}
