/**
 * The expression language of user-defined activations (`f: x * sigmoid(x)`): numbers (1, 0.5, 1e-3),
 * the variable `x`, `+ - * / ^` (^ binds tightest and is right-associative; unary minus binds looser
 * than ^, so -x^2 = -(x^2)), parentheses, and the calls exp log sqrt abs sin cos tanh sigmoid (one
 * argument) and min max (two). A recursive-descent parser builds an `Expr` tree; nothing is ever
 * evaluated as JavaScript. `evaluateExpr` computes a tree's value at a point.
 */
import type { Expr, ExprFunction } from '../engine/config';
import { didYouMean, suggest } from './suggest';

/** Arity of each function of the language. */
export const EXPR_FUNCTIONS: Readonly<Record<ExprFunction, number>> = {
  exp: 1,
  log: 1,
  sqrt: 1,
  abs: 1,
  sin: 1,
  cos: 1,
  tanh: 1,
  sigmoid: 1,
  min: 2,
  max: 2,
};

export interface ExprError {
  message: string;
  /** 0-based character offset of the problem in the expression text. */
  offset: number;
  /** Length of the offending text (at least 1, except at the end of the text). */
  length: number;
  /** A replacement for the offending text when it is a misspelt function name. */
  replacement?: string;
}

export interface ParseExpressionResult {
  expr?: Expr;
  error?: ExprError;
}

/** Deepest nesting of parentheses/calls/unary minus accepted (protects the recursive parser). */
const MAX_DEPTH = 100;
const MAX_LENGTH = 10_000;

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

function fail(message: string, offset: number, length: number, replacement?: string): never {
  throw new ParseError({ message, offset, length, replacement });
}

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
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i));
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
    } else if ('+-*/^(),'.includes(ch)) {
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
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.op === op;
  }

  private describe(t: Token): string {
    if (t.kind === 'end') return 'the end of the expression';
    if (t.kind === 'num') return `the number ${t.value}`;
    if (t.kind === 'ident') return `'${t.name}'`;
    return `'${t.op}'`;
  }

  private expect(op: string, what: string): Token {
    const t = this.peek();
    if (t.kind === 'op' && t.op === op) {
      this.pos++;
      return t;
    }
    return fail(
      `expected ${what} but found ${this.describe(t)}`,
      t.start,
      Math.max(t.end - t.start, t.kind === 'end' ? 0 : 1),
    );
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) fail(`the expression is nested more than ${MAX_DEPTH} levels deep`, t.start, 1);
  }

  parseAll(): Expr {
    const e = this.additive();
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.kind === 'op' && t.op === ')') fail("unmatched ')'", t.start, 1);
      fail(`expected an operator (+ - * / ^) but found ${this.describe(t)}`, t.start, t.end - t.start);
    }
    return e;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.pos++] as { op: '+' | '-' }).op;
      left = { type: 'bin', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.pos++] as { op: '*' | '/' }).op;
      left = { type: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.op === '-' || t.op === '+')) {
      this.pos++;
      this.enter(t);
      const arg = this.unary();
      this.depth--;
      return t.op === '-' ? { type: 'neg', arg } : arg;
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
      return { type: 'bin', op: '^', left: base, right: exponent };
    }
    return base;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return { type: 'num', value: t.value };
    }
    if (t.kind === 'op' && t.op === '(') {
      this.pos++;
      this.enter(t);
      const e = this.additive();
      this.depth--;
      const close = this.peek();
      if (!(close.kind === 'op' && close.op === ')')) {
        fail(
          `missing ')' to close the '(' at column ${t.start + 1}`,
          close.start,
          close.kind === 'end' ? 0 : close.end - close.start,
        );
      }
      this.pos++;
      return e;
    }
    if (t.kind === 'ident') {
      this.pos++;
      if (t.name === 'x') return { type: 'x' };
      const isCall = this.isOp('(');
      if (!Object.prototype.hasOwnProperty.call(EXPR_FUNCTIONS, t.name)) {
        const candidates = isCall ? Object.keys(EXPR_FUNCTIONS) : ['x', ...Object.keys(EXPR_FUNCTIONS)];
        const s = suggest(t.name, candidates);
        const what = isCall ? `unknown function '${t.name}'` : `unknown name '${t.name}' (the only variable is x)`;
        fail(`${what}${didYouMean(s)}`, t.start, t.end - t.start, s);
      }
      const fn = t.name as ExprFunction;
      const arity = EXPR_FUNCTIONS[fn];
      if (!isCall) fail(`${fn} is a function: write ${fn}(${arity === 1 ? 'x' : 'x, 0'})`, t.start, t.end - t.start);
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
      const close = this.peek();
      if (!(close.kind === 'op' && close.op === ')')) {
        fail(
          `expected ',' or ')' in the call of ${fn} but found ${this.describe(close)}`,
          close.start,
          close.kind === 'end' ? 0 : close.end - close.start,
        );
      }
      this.pos++;
      if (args.length !== arity) {
        fail(
          `${fn} takes ${arity} argument${arity === 1 ? '' : 's'} but was given ${args.length}`,
          t.start,
          close.end - t.start,
        );
      }
      return { type: 'call', fn, args };
    }
    if (t.kind === 'end') fail('the expression ends where a number, x, a function or ( was expected', t.start, 0);
    return fail(`expected a number, x, a function or ( but found ${this.describe(t)}`, t.start, t.end - t.start);
  }
}

/** Parses an expression; on failure returns the first error with its offset in `text`. Never throws. */
export function parseExpression(text: string): ParseExpressionResult {
  if (text.length > MAX_LENGTH)
    return {
      error: { message: `the expression is longer than ${MAX_LENGTH} characters`, offset: 0, length: text.length },
    };
  try {
    if (text.trim() === '') return { error: { message: 'the expression is empty', offset: 0, length: text.length } };
    return { expr: new Parser(tokenize(text)).parseAll() };
  } catch (e) {
    if (e instanceof ParseError) return { error: e.info };
    return {
      error: { message: `cannot parse the expression: ${(e as Error).message}`, offset: 0, length: text.length },
    };
  }
}

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/** The value of `expr` at `x` (IEEE semantics: log(-1) is NaN, 1/0 is Infinity). */
export function evaluateExpr(expr: Expr, x: number): number {
  switch (expr.type) {
    case 'num':
      return expr.value;
    case 'x':
      return x;
    case 'neg':
      return -evaluateExpr(expr.arg, x);
    case 'bin': {
      const a = evaluateExpr(expr.left, x);
      const b = evaluateExpr(expr.right, x);
      switch (expr.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return Math.pow(a, b);
      }
      break;
    }
    case 'call': {
      const a = evaluateExpr(expr.args[0], x);
      switch (expr.fn) {
        case 'exp':
          return Math.exp(a);
        case 'log':
          return Math.log(a);
        case 'sqrt':
          return Math.sqrt(a);
        case 'abs':
          return Math.abs(a);
        case 'sin':
          return Math.sin(a);
        case 'cos':
          return Math.cos(a);
        case 'tanh':
          return Math.tanh(a);
        case 'sigmoid':
          return sigmoid(a);
        case 'min':
          return Math.min(a, evaluateExpr(expr.args[1], x));
        case 'max':
          return Math.max(a, evaluateExpr(expr.args[1], x));
      }
    }
  }
  return NaN;
}

/** The expression written back as text with minimal parentheses (for hovers and reports). */
export function formatExpr(expr: Expr): string {
  const prec = (e: Expr): number =>
    e.type === 'bin' ? { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 }[e.op] : e.type === 'neg' ? 3 : 5;
  const wrap = (e: Expr, min: number): string => (prec(e) < min ? `(${formatExpr(e)})` : formatExpr(e));
  switch (expr.type) {
    case 'num':
      return String(expr.value);
    case 'x':
      return 'x';
    case 'neg':
      return `-${wrap(expr.arg, 3)}`;
    case 'call':
      return `${expr.fn}(${expr.args.map(formatExpr).join(', ')})`;
    case 'bin': {
      const p = prec(expr);
      if (expr.op === '^') return `${wrap(expr.left, 5)}^${wrap(expr.right, 3)}`;
      return `${wrap(expr.left, p)} ${expr.op} ${wrap(expr.right, p + 1)}`;
    }
  }
}
