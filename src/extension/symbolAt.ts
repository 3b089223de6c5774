/**
 * Finds the spec symbol under a position: a symbol whose name token holds the position wins,
 * otherwise the innermost symbol whose whole range holds it. Pure; unit-tested in Node.
 */
import type { Position, Range, SpecSymbol } from '../format/types';

export function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);
}

/** The symbol whose name token holds the position (the innermost if several). */
export function tokenSymbolAt(symbols: readonly SpecSymbol[], p: Position): SpecSymbol | undefined {
  let best: SpecSymbol | undefined;
  for (const s of symbols)
    if (contains(s.selectionRange, p) && (!best || size(s.selectionRange) < size(best.selectionRange))) best = s;
  return best;
}

export function symbolAt(symbols: readonly SpecSymbol[], p: Position): SpecSymbol | undefined {
  const byToken = symbols.filter((s) => contains(s.selectionRange, p));
  const pool = byToken.length > 0 ? byToken : symbols.filter((s) => contains(s.range, p));
  const extent = (s: SpecSymbol): number => size(byToken.length > 0 ? s.selectionRange : s.range);
  let best: SpecSymbol | undefined;
  for (const s of pool) if (!best || extent(s) < extent(best)) best = s;
  return best;
}
