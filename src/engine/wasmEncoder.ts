/**
 * A minimal WebAssembly binary encoder, enough to assemble the engine's SIMD kernels from bytes at
 * run time (no build step, no dependency, no file to fetch): a module that imports one memory and
 * exports functions of i32 parameters, whose bodies are written with the `Code` builder below.
 * Only the instructions the kernels use are named; see the WebAssembly core and SIMD specifications
 * for their encodings.
 */

/** Value types (the kernels' parameters and locals). */
export const I32 = 0x7f,
  F64 = 0x7c,
  V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(v: number, out: number[]): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 (32-bit values). */
function sleb(v: number, out: number[]): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** A function body under construction: locals, then instructions appended by the methods. */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: number[] = [];
  private readonly params: number;

  constructor(params: number) {
    this.params = params;
  }

  /** Declares a local of the given type; returns its index (after the parameters). */
  local(type: number): number {
    this.localTypes.push(type);
    return this.params + this.localTypes.length - 1;
  }

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(code: number): this {
    this.bytes.push(0xfd);
    uleb(code, this.bytes);
    return this;
  }

  get(l: number): this {
    this.op(0x20);
    uleb(l, this.bytes);
    return this;
  }
  set(l: number): this {
    this.op(0x21);
    uleb(l, this.bytes);
    return this;
  }
  tee(l: number): this {
    this.op(0x22);
    uleb(l, this.bytes);
    return this;
  }
  i32(v: number): this {
    this.op(0x41);
    sleb(v | 0, this.bytes);
    return this;
  }
  i64(v: number): this {
    this.op(0x42);
    sleb(v | 0, this.bytes);
    return this;
  }
  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.op(0x44, ...b);
  }
  add(): this {
    return this.op(0x6a);
  }
  mul(): this {
    return this.op(0x6c);
  }
  ltS(): this {
    return this.op(0x48);
  }
  geS(): this {
    return this.op(0x4e);
  }
  eqz(): this {
    return this.op(0x45);
  }
  /** select: [a, b, cond] → cond ? a : b (i32 operands). */
  select(): this {
    return this.op(0x1b);
  }

  /** block … end around `body`; inside, `br(0)` leaves the block. */
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  /** loop … end around `body`; inside, `br(0)` repeats. */
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  /** if … end (no result). */
  if(body: () => void): this {
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.op(0x0c);
    uleb(depth, this.bytes);
    return this;
  }
  brIf(depth: number): this {
    this.op(0x0d);
    uleb(depth, this.bytes);
    return this;
  }

  /** for (v = from; v < to; v += step) body — `from`, `to`, `step` push one i32 each. */
  forRange(v: number, from: () => void, to: () => void, step: () => void, body: () => void): this {
    from();
    this.set(v);
    return this.block(() =>
      this.loop(() => {
        this.get(v);
        to();
        this.geS();
        this.brIf(1);
        body();
        this.get(v);
        step();
        this.add();
        this.set(v);
        this.br(0);
      }),
    );
  }

  // SIMD (0xfd prefix)
  v128Load(offset = 0): this {
    this.simd(0x00);
    this.bytes.push(4);
    uleb(offset, this.bytes);
    return this;
  }
  v128Store(offset = 0): this {
    this.simd(0x0b);
    this.bytes.push(4);
    uleb(offset, this.bytes);
    return this;
  }
  /** Loads one f64 and puts it in both lanes. */
  load64Splat(offset = 0): this {
    this.simd(0x0a);
    this.bytes.push(3);
    uleb(offset, this.bytes);
    return this;
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  i64x2Splat(): this {
    return this.simd(0x12);
  }
  f64x2Lt(): this {
    return this.simd(0x49);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  anyTrue(): this {
    return this.simd(0x53);
  }
  f64x2Nearest(): this {
    return this.simd(0x94);
  }
  i32x4TruncSatF64x2Zero(): this {
    return this.simd(0xfc);
  }
  i64x2ExtendLowI32x4(): this {
    return this.simd(0xc7);
  }
  i64x2Shl(): this {
    return this.simd(0xcb);
  }
  i64x2Add(): this {
    return this.simd(0xce);
  }
  f64x2Neg(): this {
    return this.simd(0xed);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f64x2Div(): this {
    return this.simd(0xf3);
  }
  /** pmin(a, b) = b < a ? b : a (one instruction on x64; a NaN `a` stays NaN). */
  f64x2Pmin(): this {
    return this.simd(0xf6);
  }
  /** pmax(a, b) = a < b ? b : a. */
  f64x2Pmax(): this {
    return this.simd(0xf7);
  }

  /** The function body as the code section wants it: size, local declarations, instructions, end. */
  encode(): number[] {
    const body: number[] = [];
    uleb(this.localTypes.length, body);
    for (const t of this.localTypes) {
      body.push(1, t);
    }
    body.push(...this.bytes, 0x0b);
    const out: number[] = [];
    uleb(body.length, out);
    return out.concat(body);
  }
}

/** One exported function: its name, parameter and result types, and body. */
export interface FunctionDef {
  name: string;
  params: number[];
  results: number[];
  code: Code;
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  uleb(content.length, out);
  out.push(...content);
}

function name(s: string, out: number[]): void {
  const b = new TextEncoder().encode(s);
  uleb(b.length, out);
  out.push(...b);
}

/**
 * A module importing memory `env.memory` (at least `minPages` pages; shared, of at most `sharedMaxPages`
 * pages, when that is given) and exporting `fns`.
 */
export function encodeModule(fns: FunctionDef[], minPages: number, sharedMaxPages?: number): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(fns.length, types);
  for (const f of fns) {
    types.push(0x60);
    uleb(f.params.length, types);
    types.push(...f.params);
    uleb(f.results.length, types);
    types.push(...f.results);
  }
  section(1, types, out);
  const imports: number[] = [1];
  name('env', imports);
  name('memory', imports);
  imports.push(0x02, sharedMaxPages === undefined ? 0x00 : 0x03);
  uleb(minPages, imports);
  if (sharedMaxPages !== undefined) uleb(sharedMaxPages, imports);
  section(2, imports, out);
  const funcs: number[] = [];
  uleb(fns.length, funcs);
  fns.forEach((_, i) => uleb(i, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  uleb(fns.length, exports);
  fns.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  uleb(fns.length, code);
  for (const f of fns) code.push(...f.code.encode());
  section(10, code, out);
  return new Uint8Array(out);
}
