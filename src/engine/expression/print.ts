/** An expression tree written back as text with minimal parentheses (for hovers, reports and messages). */
import type { Expr } from '../config';

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2, '@': 2, '^': 4 } as const;

function precedence(e: Expr): number {
  return e.type === 'bin' ? PRECEDENCE[e.op] : e.type === 'neg' ? 3 : 5;
}

export function formatExpr(expr: Expr): string {
  const wrap = (e: Expr, min: number): string => (precedence(e) < min ? `(${formatExpr(e)})` : formatExpr(e));
  switch (expr.type) {
    case 'num':
      return String(expr.value);
    case 'var':
      return expr.name;
    case 'neg':
      return `-${wrap(expr.arg, 3)}`;
    case 'call':
      return `${expr.fn}(${expr.args.map(formatExpr).join(', ')})`;
    case 'bin': {
      const p = precedence(expr);
      if (expr.op === '^') return `${wrap(expr.left, 5)}^${wrap(expr.right, 3)}`;
      return `${wrap(expr.left, p)} ${expr.op} ${wrap(expr.right, p + 1)}`;
    }
  }
}
