/**
 * Tokenizer and recursive-descent parser of the expression language: numbers (1, 0.5, 1e-3), names,
 * `+ - * / ^` (^ binds tightest and is right-associative; unary minus binds looser than ^, so
 * -x^2 = -(x^2)), parentheses, and calls of the functions in functions.ts with their arities; in
 * graphs also `@` (the matrix product, as tight as * and /) and the tensor functions. It
 * builds an `Expr` tree plus the character span of every node, and reports the first problem with its
 * offset and length; nothing is ever evaluated as JavaScript. Never throws; the depth of nesting and
 * the length of the text are bounded so that hostile text cannot overflow the stack.
 */
import type { Expr, ExprFunction } from '../config';
import { ELEMENTWISE_NAMES, FUNCTION_NAMES, FUNCTIONS, isFunctionName } from './functions';

/** Where a node of the tree stands in the text: [start, end) character offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface ExprError {
  message: string;
  /** 0-based character offset of the problem in the expression text. */
  offset: number;
  /** Length of the offending text (at least 1, except at the end of the text). */
  length: number;
  /** An unknown word and the names it may be a misspelling of (the format layer turns this into a did-you-mean). */
  unknown?: { word: string; candidates: readonly string[] };
}

export type ParseResult = { expr: Expr; spans: Map<Expr, Span>; error?: undefined } | { error: ExprError };

export interface ParseOptions {
  /** The only names the expression may use (an activation's `x`); absent: any name, resolved by the caller. */
  variables?: readonly string[];
  /** Graphs: vectors and matrices, so `@` and sum, mean, transpose are allowed. */
  tensors?: boolean;
}

/** Deepest nesting of parentheses/calls/unary minus accepted (protects the recursive parser). */
export const MAX_DEPTH = 100;
export const MAX_LENGTH = 10_000;

type Token =
  | { kind: 'num'; value: number; start: number; end: number }
  | { kind: 'ident'; name: string; start: number; end: number }
  | { kind: 'op'; op: string; start: number; end: number }
  | { kind: 'end'; start: number; end: number };

class ParseError extends Error {
  constructor(readonly info: ExprError) {
    super(info.message);
  }
}

function fail(message: string, offset: number, length: number, unknown?: ExprError['unknown']): never {
  throw new ParseError({ message, offset, length, ...(unknown ? { unknown } : {}) });
}

const NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(ch)) {
      const m = NUMBER.exec(text.slice(i, i + 400));
      if (!m) fail(`'${ch}' is not a number`, i, 1);
      i += m[0].length;
      if (i < text.length && /[0-9A-Za-z_.]/.test(text[i])) {
        let j = i;
        while (j < text.length && /[0-9A-Za-z_.]/.test(text[j])) j++;
        fail(`'${text.slice(start, j)}' is not a number`, start, j - start);
      }
      tokens.push({ kind: 'num', value: Number(m[0]), start, end: i });
    } else if (/[A-Za-z_]/.test(ch)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      tokens.push({ kind: 'ident', name: text.slice(start, i), start, end: i });
    } else if (ch === '*' && text[i + 1] === '*') {
      fail("use '^' for powers", i, 2);
    } else if ('+-*/^(),@'.includes(ch)) {
      i++;
      tokens.push({ kind: 'op', op: ch, start, end: i });
    } else {
      fail(`unexpected character '${ch}'`, i, 1);
    }
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  readonly spans = new Map<Expr, Span>();

  constructor(
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.op === op;
  }

  private mark<E extends Expr>(node: E, start: number, end: number): E {
    this.spans.set(node, { start, end });
    return node;
  }

  private span(node: Expr): Span {
    return this.spans.get(node)!;
  }

  private describe(t: Token): string {
    if (t.kind === 'end') return 'the end of the expression';
    if (t.kind === 'num') return `the number ${t.value}`;
    if (t.kind === 'ident') return `'${t.name}'`;
    return `'${t.op}'`;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) fail(`the expression is nested more than ${MAX_DEPTH} levels deep`, t.start, 1);
  }

  private binary(op: '+' | '-' | '*' | '/' | '^' | '@', left: Expr, right: Expr): Expr {
    return this.mark({ type: 'bin', op, left, right }, this.span(left).start, this.span(right).end);
  }

  parseAll(): Expr {
    const e = this.additive();
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.kind === 'op' && t.op === ')') fail("unmatched ')'", t.start, 1);
      const ops = this.options.tensors ? '+ - * / ^ @' : '+ - * / ^';
      fail(`expected an operator (${ops}) but found ${this.describe(t)}`, t.start, t.end - t.start);
    }
    return e;
  }

  /** operand (op operand)* for the operators in `ops`, grouped from the left. */
  private leftAssociative(ops: readonly ('+' | '-' | '*' | '/' | '@')[], operand: () => Expr): Expr {
    let left = operand();
    for (let t = this.peek(); t.kind === 'op' && (ops as string[]).includes(t.op); t = this.peek()) {
      if (t.op === '@' && !this.options.tensors)
        fail("'@' is the matrix product of graph specs; an activation is a function of one number x", t.start, 1);
      this.pos++;
      left = this.binary(t.op as '+' | '-' | '*' | '/' | '@', left, operand());
    }
    return left;
  }

  private additive(): Expr {
    return this.leftAssociative(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.leftAssociative(['*', '/', '@'], () => this.unary());
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.op === '-' || t.op === '+')) {
      this.pos++;
      this.enter(t);
      const arg = this.unary();
      this.depth--;
      return t.op === '-' ? this.mark({ type: 'neg', arg }, t.start, this.span(arg).end) : arg;
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    if (this.isOp('^')) {
      const t = this.tokens[this.pos++];
      this.enter(t);
      const exponent = this.unary(); // right-associative; allows 2^-x
      this.depth--;
      return this.binary('^', base, exponent);
    }
    return base;
  }

  /** Consumes the ')' that must come next; otherwise fails with `message` (its % names what was found). */
  private closing(message: string): Token {
    const close = this.peek();
    if (!(close.kind === 'op' && close.op === ')'))
      fail(message.replace('%', this.describe(close)), close.start, close.kind === 'end' ? 0 : close.end - close.start);
    this.pos++;
    return close;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return this.mark({ type: 'num', value: t.value }, t.start, t.end);
    }
    if (t.kind === 'op' && t.op === '(') {
      this.pos++;
      this.enter(t);
      const e = this.additive();
      this.depth--;
      const close = this.closing(`missing ')' to close the '(' at column ${t.start + 1}`);
      return this.mark(e, t.start, close.end);
    }
    if (t.kind === 'ident') return this.nameOrCall(t);
    const expected = this.expected();
    if (t.kind === 'end') fail(`the expression ends where ${expected} was expected`, t.start, 0);
    return fail(`expected ${expected} but found ${this.describe(t)}`, t.start, t.end - t.start);
  }

  /** "a number, x, a function or (" — what may start an operand. */
  private expected(): string {
    const vars = this.options.variables;
    return `a number, ${vars && vars.length === 1 ? vars[0] : 'a name'}, a function or (`;
  }

  private nameOrCall(t: Extract<Token, { kind: 'ident' }>): Expr {
    this.pos++;
    const isCall = this.isOp('(');
    const vars = this.options.variables;
    if (!isCall && !isFunctionName(t.name) && (!vars || vars.includes(t.name)))
      return this.mark({ type: 'var', name: t.name }, t.start, t.end);
    const functions = this.options.tensors ? FUNCTION_NAMES : ELEMENTWISE_NAMES;
    if (!isFunctionName(t.name)) {
      const candidates = isCall ? functions : [...(vars ?? []), ...functions];
      const only = vars && vars.length === 1 ? ` (the only variable is ${vars[0]})` : '';
      const what = isCall ? `unknown function '${t.name}'` : `unknown name '${t.name}'${only}`;
      fail(what, t.start, t.end - t.start, { word: t.name, candidates });
    }
    const fn: ExprFunction = t.name;
    const arity = FUNCTIONS[fn].arity;
    if (!functions.includes(fn))
      fail(
        `${fn} works on the vectors and matrices of graph specs; an activation is a function of one number x`,
        t.start,
        t.end - t.start,
      );
    if (!isCall) {
      const example = vars && vars.length === 1 ? vars[0] : 'v';
      fail(`${fn} is a function: write ${fn}(${arity === 1 ? example : `${example}, 0`})`, t.start, t.end - t.start);
    }
    this.pos++;
    this.enter(t);
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.additive());
      while (this.isOp(',')) {
        this.pos++;
        args.push(this.additive());
      }
    }
    this.depth--;
    const close = this.closing(`expected ',' or ')' in the call of ${fn} but found %`);
    if (args.length !== arity) {
      fail(
        `${fn} takes ${arity} argument${arity === 1 ? '' : 's'} but was given ${args.length}`,
        t.start,
        close.end - t.start,
      );
    }
    return this.mark({ type: 'call', fn, args }, t.start, close.end);
  }
}

/** Parses an expression; on failure returns the first error with its offset in `text`. Never throws. */
export function parseExpression(text: string, options: ParseOptions = {}): ParseResult {
  if (text.length > MAX_LENGTH)
    return {
      error: { message: `the expression is longer than ${MAX_LENGTH} characters`, offset: 0, length: text.length },
    };
  try {
    if (text.trim() === '') return { error: { message: 'the expression is empty', offset: 0, length: text.length } };
    const parser = new Parser(tokenize(text), options);
    const expr = parser.parseAll();
    return { expr, spans: parser.spans };
  } catch (e) {
    if (e instanceof ParseError) return { error: e.info };
    return {
      error: { message: `cannot parse the expression: ${(e as Error).message}`, offset: 0, length: text.length },
    };
  }
}
