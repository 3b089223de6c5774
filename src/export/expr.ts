/**
 * What the exporters need to know about a user-defined activation's expression (config.ts `Expr`)
 * beyond its shape: whether a subtree depends on x, and the value of one that does not — computed
 * by the engine's own evaluator, so a folded constant is exactly the number nnspec uses.
 */
import type { Expr } from '../engine/config';
import { evaluateExpr } from '../engine/expression/compile';

/** True when the expression mentions its variable (x: an activation has only that one). */
export function usesX(e: Expr): boolean {
  switch (e.type) {
    case 'num':
      return false;
    case 'var':
      return true;
    case 'neg':
      return usesX(e.arg);
    case 'bin':
      return usesX(e.left) || usesX(e.right);
    case 'call':
      return e.args.some(usesX);
  }
}

/** The value of an expression without x (NaN and ±Infinity included), or undefined when it depends on x. */
export function constantValue(e: Expr): number | undefined {
  return usesX(e) ? undefined : evaluateExpr(e, 0);
}
