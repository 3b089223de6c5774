/**
 * Expressions inside YAML values: parsed with the engine's one expression parser
 * (src/engine/expression/parse.ts); an unknown word gets a did-you-mean suggestion (and a quick fix),
 * and the error's character offset inside the value is mapped back to an exact document range.
 */
import { parseExpression as parse, type ExprError, type ParseOptions, type Span } from '../engine/expression/parse';
import type { Expr } from '../engine/config';
import { didYouMean, suggest } from './suggest';
import type { Ctx } from './readers';
import type { Range } from './types';
import { isScalar, type YNode } from './yamlSource';

export interface ExpressionProblem {
  message: string;
  offset: number;
  length: number;
  /** A replacement for the offending text when it is a misspelt name. */
  replacement?: string;
}

export type ParsedExpression =
  { expr: Expr; spans: Map<Expr, Span>; error?: undefined } | { expr?: undefined; error: ExpressionProblem };

/** The engine's error in a student's words: an unknown word gets the closest known name, if any. */
export function explainError(e: ExprError): ExpressionProblem {
  const s = e.unknown ? suggest(e.unknown.word, e.unknown.candidates) : undefined;
  return {
    message: `${e.message}${didYouMean(s)}`,
    offset: e.offset,
    length: e.length,
    ...(s ? { replacement: s } : {}),
  };
}

/** Parses an expression; on failure returns the first problem with its offset in `text`. Never throws. */
export function parseExpression(text: string, options: ParseOptions = {}): ParsedExpression {
  const r = parse(text, options);
  return r.error ? { error: explainError(r.error) } : r;
}

/** Maps an offset inside a YAML string value back to a document range (the whole value when the mapping is not exact). */
export function rangeInScalar(ctx: Ctx, node: YNode, value: string, offset: number, length: number): Range {
  const r = node.range;
  if (!r || !isScalar(node)) return ctx.src.nodeRange(node);
  offset = Math.min(offset, value.trimEnd().length);
  const raw = ctx.src.sourceText(node);
  let base = -1;
  if (node.type === 'PLAIN' && raw === value) base = r[0];
  else if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && raw.slice(1, -1) === value)
    base = r[0] + 1;
  else if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && !value.trim().includes('\n')) {
    const at = ctx.src.text.indexOf(value.trim(), r[0]);
    if (at >= 0 && at < r[1]) base = at - (value.length - value.trimStart().length);
  }
  if (base < 0) return ctx.src.nodeRange(node);
  return ctx.src.range(base + offset, base + offset + Math.max(length, 1));
}

/** Reports an expression problem at its exact place inside the YAML value `node`, prefixed by `where`. */
export function reportExpressionError(
  ctx: Ctx,
  node: YNode,
  text: string,
  problem: ExpressionProblem,
  where: string,
): void {
  ctx.diag.error(
    rangeInScalar(ctx, node, text, problem.offset, problem.length),
    'expression',
    `${where}${problem.message}`,
    problem.replacement ? { title: `Change to '${problem.replacement}'`, newText: problem.replacement } : undefined,
  );
}
