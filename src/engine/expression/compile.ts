/**
 * Compiles an expression in one variable (a custom activation's f or df in x) into a flat instruction
 * list over registers, and runs it over a whole buffer at once, a chunk of elements per instruction:
 * no closures are composed and no JavaScript is generated (no eval, no Function), so a spec can never
 * run code. Values come from the one table in functions.ts; + − · / and small integer powers run as
 * inline loops.
 *
 * Registers are chunk-sized buffers: register 0 holds x, then one per distinct constant (filled once),
 * then temporaries allocated as a stack while the tree is walked (a left-deep chain such as
 * x + x + … needs two, whatever its length; the parser bounds the nesting depth).
 */
import type { Expr } from '../config';
import { FUNCTIONS, OPERATORS, type ScalarOperation } from './functions';

const CHUNK = 256;

const enum Op {
  Add,
  Sub,
  Mul,
  Div,
  Square,
  Cube,
  Unary,
  Binary,
}

interface Instruction {
  op: Op;
  dst: number;
  a: number;
  b: number;
  /** The operation of Unary and Binary instructions. */
  fn?: ScalarOperation;
}

export class Program {
  /** Registers: x, the constants, then temporaries. */
  private readonly registers: Float64Array[];
  /** How many registers the program uses (x, one per distinct constant, the temporaries). */
  readonly registerCount: number;
  private readonly result: number;
  private readonly code: Instruction[];

  constructor(expr: Expr) {
    const constants: number[] = [];
    const constantRegister = new Map<number, number>();
    const collect = (e: Expr): void => {
      if (e.type === 'num') {
        if (!constantRegister.has(e.value)) {
          constantRegister.set(e.value, 1 + constants.length);
          constants.push(e.value);
        }
      } else if (e.type === 'neg') collect(e.arg);
      else if (e.type === 'bin') {
        collect(e.left);
        collect(e.right);
      } else if (e.type === 'call') e.args.forEach(collect);
    };
    collect(expr);
    const firstTemp = 1 + constants.length;
    let registerCount = firstTemp;
    const code: Instruction[] = [];
    /** Emits the code of `e` using temporaries from `free` up; returns the register holding its value. */
    const gen = (e: Expr, free: number): number => {
      switch (e.type) {
        case 'num':
          return constantRegister.get(e.value)!;
        case 'var':
          return 0;
        case 'neg':
        case 'call': {
          const entry = e.type === 'neg' ? OPERATORS.neg : FUNCTIONS[e.fn];
          if (entry?.kind !== 'elementwise')
            throw new Error(`${(e as { fn: string }).fn} applies to graph values only`);
          const fn = entry;
          const args = e.type === 'neg' ? [e.arg] : e.args;
          if (args.length !== fn.arity)
            throw new Error(
              `${e.type === 'neg' ? 'negation' : e.fn} takes ${fn.arity} argument(s), the tree gives ${args.length}`,
            );
          const a = gen(args[0], free);
          const b = args.length === 2 ? gen(args[1], a >= firstTemp ? free + 1 : free) : a;
          registerCount = Math.max(registerCount, free + 1);
          code.push({ op: args.length === 2 ? Op.Binary : Op.Unary, dst: free, a, b, fn });
          return free;
        }
        case 'bin': {
          if (e.op === '@') throw new Error('@ (the matrix product) applies to graph values only');
          const a = gen(e.left, free);
          if (e.op === '^' && e.right.type === 'num' && (e.right.value === 2 || e.right.value === 3)) {
            registerCount = Math.max(registerCount, free + 1);
            code.push({ op: e.right.value === 2 ? Op.Square : Op.Cube, dst: free, a, b: a });
            return free;
          }
          const b = gen(e.right, a >= firstTemp ? free + 1 : free);
          registerCount = Math.max(registerCount, free + 1);
          const op = { '+': Op.Add, '-': Op.Sub, '*': Op.Mul, '/': Op.Div, '^': Op.Binary }[e.op];
          code.push({ op, dst: free, a, b, ...(e.op === '^' ? { fn: OPERATORS['^'] } : {}) });
          return free;
        }
      }
      throw new Error(`unknown expression node ${(e as { type: string }).type}`);
    };
    this.result = gen(expr, firstTemp);
    this.code = code;
    this.registerCount = registerCount;
    this.registers = Array.from({ length: registerCount }, () => new Float64Array(CHUNK));
    constants.forEach((c, k) => this.registers[1 + k].fill(c));
  }

  /** out[i] = expression at x[i], times scale[i] when given, for i < n (out may be x or scale). */
  run(x: Float64Array, out: Float64Array, n: number, scale?: Float64Array): void {
    const r = this.registers;
    const x0 = r[0];
    for (let offset = 0; offset < n; offset += CHUNK) {
      const len = Math.min(CHUNK, n - offset);
      for (let i = 0; i < len; i++) x0[i] = x[offset + i];
      for (const ins of this.code) {
        const d = r[ins.dst];
        const a = r[ins.a];
        const b = r[ins.b];
        switch (ins.op) {
          case Op.Add:
            for (let i = 0; i < len; i++) d[i] = a[i] + b[i];
            break;
          case Op.Sub:
            for (let i = 0; i < len; i++) d[i] = a[i] - b[i];
            break;
          case Op.Mul:
            for (let i = 0; i < len; i++) d[i] = a[i] * b[i];
            break;
          case Op.Div:
            for (let i = 0; i < len; i++) d[i] = a[i] / b[i];
            break;
          case Op.Square:
            for (let i = 0; i < len; i++) d[i] = a[i] * a[i];
            break;
          case Op.Cube:
            for (let i = 0; i < len; i++) d[i] = a[i] * a[i] * a[i];
            break;
          case Op.Unary: {
            const f = ins.fn!.apply;
            for (let i = 0; i < len; i++) d[i] = f(a[i], 0);
            break;
          }
          case Op.Binary: {
            const f = ins.fn!.apply;
            for (let i = 0; i < len; i++) d[i] = f(a[i], b[i]);
            break;
          }
        }
      }
      const res = r[this.result];
      if (scale) for (let i = 0; i < len; i++) out[offset + i] = res[i] * scale[offset + i];
      else for (let i = 0; i < len; i++) out[offset + i] = res[i];
    }
  }

  /** The value at one point. */
  at(x: number): number {
    const one = new Float64Array([x]);
    this.run(one, one, 1);
    return one[0];
  }
}

/** Compiles `expr`. Throws only for a malformed tree (a wrong arity; the parser never produces one). */
export function compileExpr(expr: Expr): Program {
  return new Program(expr);
}

/** The value of an expression in x at one point (IEEE semantics: log(-1) is NaN, 1/0 is Infinity). */
export function evaluateExpr(expr: Expr, x: number): number {
  return compileExpr(expr).at(x);
}
