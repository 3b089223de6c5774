/**
 * WebAssembly SIMD (f64x2) versions of the hottest kernels — the strided product of gemm, the batched
 * sigmoid and its gradient — assembled from bytes at load time by wasmEncoder.ts and instantiated
 * synchronously (the module is well under the 4 KB browsers allow on a main thread). Buffers that live
 * in the module's memory (wasmMemory.ts: the layers') are used in place; any other operand is copied in
 * and its result copied back, so callers may pass any Float64Array.
 * Where WebAssembly or its SIMD is missing (or refused, e.g. by a content security policy) `wasm()`
 * is undefined and the engine uses its JavaScript kernels, which compute the same numbers.
 *
 * The product sums each C element's products in p order, then adds the bias, exactly as the JS
 * kernel does (no fused multiply-add), so both give identical results. The sigmoid is
 * 1 / (1 + e^−z) with e^x = 2^k·(1 + r·q(r)), k = round(x/ln2), r = x − k·ln2 (ln2 in two parts),
 * q the degree-12 Taylor polynomial of (e^r − 1)/r (truncation < 5e−18 for |r| ≤ ln2/2), within a
 * few ulps of the stable form; lanes with z < −700 are redone in JS (e^z there, see fastExp.ts).
 */
import { Code, encodeModule, F64, I32, V128 } from './wasmEncoder';
import { fastSigmoid } from './fastExp';
import { addressOf, heap, kernelMemory, MAX_PAGES, residentArray, scratchBlock } from './wasmMemory';
import { CONTROL_SLOTS, splitGemm, type GemmKernel, type HelperInit } from './kernelHelper';

/** gemm(aPtr, asi, asp, bPtr, bsp, cPtr, m, k, n4, cs, biasPtr): byte addresses and strides, n4 a multiple of 4. */
function gemmCode(): Code {
  const c = new Code(11);
  const [aPtr, asi, asp, bPtr, bsp, cPtr, m, k, n4, cs, biasPtr] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const i = c.local(I32),
    j = c.local(I32),
    p = c.local(I32),
    pa = c.local(I32),
    pb = c.local(I32);
  const a1 = c.local(I32),
    a2 = c.local(I32),
    a3 = c.local(I32),
    co = c.local(I32);
  const acc = Array.from({ length: 8 }, () => c.local(V128));
  const y0 = c.local(V128),
    y1 = c.local(V128),
    xs = c.local(V128),
    zero = c.local(V128),
    bv0 = c.local(V128),
    bv1 = c.local(V128);
  /** rowOffset(r): r·asi when row i + r exists, else 0 (the missing row repeats row i). */
  const rowOffset = (dst: number, r: number) => {
    c.get(asi).i32(r).mul().i32(0).get(i).i32(r).add().get(m).ltS().select().set(dst);
  };
  c.forRange(
    i,
    () => c.i32(0),
    () => c.get(m),
    () => c.i32(4),
    () => {
      rowOffset(a1, 1);
      rowOffset(a2, 2);
      rowOffset(a3, 3);
      c.forRange(
        j,
        () => c.i32(0),
        () => c.get(n4),
        () => c.i32(4),
        () => {
          for (const a of acc) c.get(zero).set(a);
          c.get(aPtr).get(i).get(asi).mul().add().set(pa);
          c.get(bPtr).get(j).i32(8).mul().add().set(pb);
          c.forRange(
            p,
            () => c.i32(0),
            () => c.get(k),
            () => c.i32(1),
            () => {
              c.get(pb).v128Load(0).set(y0);
              c.get(pb).v128Load(16).set(y1);
              [-1, a1, a2, a3].forEach((off, r) => {
                // x = A(i + r, p) in both lanes; acc[2r] += x·y0, acc[2r+1] += x·y1
                c.get(pa);
                if (off >= 0) c.get(off).add();
                c.load64Splat(0);
                c.tee(xs);
                c.get(y0)
                  .f64x2Mul()
                  .get(acc[2 * r])
                  .f64x2Add()
                  .set(acc[2 * r]);
                c.get(xs)
                  .get(y1)
                  .f64x2Mul()
                  .get(acc[2 * r + 1])
                  .f64x2Add()
                  .set(acc[2 * r + 1]);
              });
              c.get(pa).get(asp).add().set(pa);
              c.get(pb).get(bsp).add().set(pb);
            },
          );
          c.get(biasPtr)
            .eqz()
            .eqz()
            .if(() => {
              c.get(biasPtr).get(j).i32(8).mul().add().tee(co).v128Load(0).set(bv0);
              c.get(co).v128Load(16).set(bv1);
              for (let r = 0; r < 4; r++) {
                c.get(acc[2 * r])
                  .get(bv0)
                  .f64x2Add()
                  .set(acc[2 * r]);
                c.get(acc[2 * r + 1])
                  .get(bv1)
                  .f64x2Add()
                  .set(acc[2 * r + 1]);
              }
            });
          c.get(cPtr).get(i).get(cs).mul().add().get(j).i32(8).mul().add().set(co);
          for (let r = 0; r < 4; r++) {
            c.get(co)
              .get(acc[2 * r])
              .v128Store(0);
            c.get(co)
              .get(acc[2 * r + 1])
              .v128Store(16);
            c.get(co).get(cs).add().set(co);
          }
        },
      );
    },
  );
  return c;
}

/**
 * sigmoid(inPtr, outPtr, bytes) → 1 when some lane had z < −700 (bytes a multiple of 128). Eight
 * vectors per iteration, their instructions interleaved: the polynomial is a chain of dependent
 * multiply-adds, and eight independent chains keep the CPU busy while one waits (measured on workload
 * A: two chains 345 µs a step, four 321, eight 279, twelve no better). Each lane's operations are the
 * same whatever the interleaving, so the results are too.
 */
function sigmoidCode(): Code {
  const c = new Code(3);
  const [inPtr, outPtr, bytes] = [0, 1, 2];
  const o = c.local(I32);
  const G = [0, 1, 2, 3, 4, 5, 6, 7];
  const vec = () => G.map(() => c.local(V128));
  const v = vec(),
    x = vec(),
    kf = vec(),
    r = vec(),
    q = vec();
  const flag = c.local(V128);
  const konst = (value: number) => {
    const l = c.local(V128);
    c.f64(value).f64x2Splat().set(l);
    return l;
  };
  const lo = konst(-708),
    hi = konst(708),
    left = konst(-700),
    invLn2 = konst(1 / Math.LN2);
  const ln2Hi = konst(6.9314718036912381649e-1),
    ln2Lo = konst(1.90821492927058770002e-10),
    one = konst(1);
  const coef: number[] = [];
  let f = 1;
  for (let n = 1; n <= 13; n++) {
    f *= n;
    coef.push(konst(1 / f));
  } // coef[n-1] = 1/n!
  c.i64(1023).i64x2Splat();
  const bias = c.local(V128);
  c.set(bias);
  c.forRange(
    o,
    () => c.i32(0),
    () => c.get(bytes),
    () => c.i32(128),
    () => {
      for (const g of G) {
        c.get(inPtr)
          .get(o)
          .add()
          .v128Load(16 * g)
          .tee(v[g]);
        c.get(left).f64x2Lt().get(flag).v128Or().set(flag);
      }
      for (const g of G) c.get(v[g]).f64x2Neg().get(lo).f64x2Pmax().get(hi).f64x2Pmin().set(x[g]); // NaN stays NaN
      for (const g of G) c.get(x[g]).get(invLn2).f64x2Mul().f64x2Nearest().set(kf[g]);
      for (const g of G)
        c.get(x[g]).get(kf[g]).get(ln2Hi).f64x2Mul().f64x2Sub().get(kf[g]).get(ln2Lo).f64x2Mul().f64x2Sub().set(r[g]);
      for (const g of G) c.get(coef[12]).set(q[g]);
      for (let n = 11; n >= 0; n--)
        for (const g of G) c.get(q[g]).get(r[g]).f64x2Mul().get(coef[n]).f64x2Add().set(q[g]);
      for (const g of G) {
        // e = (1 + r·q)·2^k; out = 1 / (1 + e)
        c.get(one);
        c.get(one).get(r[g]).get(q[g]).f64x2Mul().f64x2Add();
        c.get(kf[g]).i32x4TruncSatF64x2Zero().i64x2ExtendLowI32x4().get(bias).i64x2Add().i32(52).i64x2Shl();
        c.f64x2Mul().f64x2Add().set(x[g]);
      }
      for (const g of G)
        c.get(outPtr)
          .get(o)
          .add()
          .get(one)
          .get(x[g])
          .f64x2Div()
          .v128Store(16 * g);
    },
  );
  c.get(flag).anyTrue();
  return c;
}

/**
 * sigmoidGrad(aPtr, dAPtr, dZPtr, bytes): ∂J/∂z = ∂J/∂a · a · (1 − a), lane by lane in that order (as the JS
 * kernel: (dA·a)·(1 − a)), four vectors per iteration (bytes a multiple of 64).
 */
function sigmoidGradCode(): Code {
  const c = new Code(4);
  const [aPtr, dAPtr, dZPtr, bytes] = [0, 1, 2, 3];
  const o = c.local(I32);
  const y = c.local(V128);
  const one = c.local(V128);
  c.f64(1).f64x2Splat().set(one);
  c.forRange(
    o,
    () => c.i32(0),
    () => c.get(bytes),
    () => c.i32(64),
    () => {
      for (let g = 0; g < 4; g++) {
        c.get(aPtr)
          .get(o)
          .add()
          .v128Load(16 * g)
          .set(y);
        c.get(dZPtr).get(o).add();
        c.get(dAPtr)
          .get(o)
          .add()
          .v128Load(16 * g)
          .get(y)
          .f64x2Mul();
        c.get(one).get(y).f64x2Sub().f64x2Mul();
        c.v128Store(16 * g);
      }
    },
  );
  return c;
}

/**
 * step(wPtr, gPtr, vPtr, bytes, lr, mu): the optimizers' updates, two vectors per iteration (bytes a multiple
 * of 32), in the JS loops' order: without a velocity (vPtr 0) w ← w − lr·g; with one v ← mu·v − lr·g, w ← w + v.
 */
function stepCode(): Code {
  const c = new Code(6);
  const [wPtr, gPtr, vPtr, bytes, lr, mu] = [0, 1, 2, 3, 4, 5];
  const o = c.local(I32);
  const rate = c.local(V128),
    mom = c.local(V128),
    v = c.local(V128);
  c.get(lr).f64x2Splat().set(rate);
  c.get(mu).f64x2Splat().set(mom);
  const lrG = (g: number) =>
    c
      .get(rate)
      .get(gPtr)
      .get(o)
      .add()
      .v128Load(16 * g)
      .f64x2Mul();
  c.forRange(
    o,
    () => c.i32(0),
    () => c.get(bytes),
    () => c.i32(32),
    () => {
      for (let g = 0; g < 2; g++) {
        c.get(vPtr)
          .eqz()
          .if(() => {
            c.get(wPtr).get(o).add();
            c.get(wPtr)
              .get(o)
              .add()
              .v128Load(16 * g);
            lrG(g)
              .f64x2Sub()
              .v128Store(16 * g);
          });
        c.get(vPtr)
          .eqz()
          .eqz()
          .if(() => {
            c.get(mom)
              .get(vPtr)
              .get(o)
              .add()
              .v128Load(16 * g)
              .f64x2Mul();
            lrG(g).f64x2Sub().set(v);
            c.get(vPtr)
              .get(o)
              .add()
              .get(v)
              .v128Store(16 * g);
            c.get(wPtr).get(o).add();
            c.get(wPtr)
              .get(o)
              .add()
              .v128Load(16 * g)
              .get(v)
              .f64x2Add()
              .v128Store(16 * g);
          });
      }
    },
  );
  return c;
}

interface Exports {
  gemm: GemmKernel;
  sigmoid(inPtr: number, outPtr: number, bytes: number): number;
  sigmoidGrad(aPtr: number, dAPtr: number, dZPtr: number, bytes: number): void;
  step(wPtr: number, gPtr: number, vPtr: number, bytes: number, lr: number, mu: number): void;
}

/** The module's bytes (exported for the tests); `shared`: it imports a shared memory of at most MAX_PAGES. */
export function kernelModuleBytes(shared = false): Uint8Array {
  return encodeModule(
    [
      { name: 'gemm', params: new Array(11).fill(I32), results: [], code: gemmCode() },
      { name: 'sigmoid', params: [I32, I32, I32], results: [I32], code: sigmoidCode() },
      { name: 'sigmoidGrad', params: [I32, I32, I32, I32], results: [], code: sigmoidGradCode() },
      { name: 'step', params: [I32, I32, I32, I32, F64, F64], results: [], code: stepCode() },
    ],
    1,
    shared ? MAX_PAGES : undefined,
  );
}

let exportsOf: Exports | null | undefined;
let compiled: WebAssembly.Module | undefined;
const controlBlocks: Float64Array[] = [];
let enabled = true;

/** Turns the WebAssembly kernels off (true) or back on; for tests comparing both implementations. */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

function kernels(): Exports | undefined {
  if (!enabled) return undefined;
  if (exportsOf === undefined) {
    exportsOf = null;
    const m = kernelMemory();
    if (m) {
      try {
        const module = new WebAssembly.Module(kernelModuleBytes(m.shared).buffer as ArrayBuffer);
        compiled = module;
        exportsOf = new WebAssembly.Instance(module, { env: { memory: m.memory } }).exports as unknown as Exports;
      } catch {
        exportsOf = null; // no SIMD, or compilation refused: the JS kernels serve
      }
    }
  }
  return exportsOf ?? undefined;
}

/**
 * What a helper thread for the products needs (kernelHelper.ts), with a fresh control block; undefined
 * when the kernels are unavailable or their memory is not shared.
 */
export function helperInit(): HelperInit | undefined {
  if (!kernels() || !kernelMemory()?.shared || !compiled) return undefined;
  const block = residentArray(CONTROL_SLOTS / 2, 0);
  controlBlocks.push(block); // its block must outlive the Int32Array view made on it
  return {
    memory: kernelMemory()!.memory,
    module: compiled,
    control: new Int32Array(block.buffer, block.byteOffset, CONTROL_SLOTS),
  };
}

/** True when the WebAssembly kernels are in use. */
export function wasmAvailable(): boolean {
  return kernels() !== undefined;
}

const even = (v: number) => v + (v & 1);

/**
 * C (m×n) = A·B (+ bias) with the strides of tensor.ts's gemm, in WebAssembly; false (nothing done)
 * when the kernels are unavailable. Not for accumulate. Resident operands (wasmMemory.ts) are used in
 * place — B when its rows are contiguous (bsj = 1), C when n is a multiple of 4 (the kernel stores four
 * columns at a time); the others are copied through scratch, B then padded to rows of n4.
 */
export function wasmGemm(
  A: Float64Array,
  asi: number,
  asp: number,
  B: Float64Array,
  bsp: number,
  bsj: number,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  bias: Float64Array | undefined,
): boolean {
  const fns = kernels();
  if (!fns) return false;
  const n4 = (n + 3) & ~3,
    m4 = (m + 3) & ~3;
  const aLen = (m - 1) * asi + (k - 1) * asp + 1;
  const aAt = addressOf(A, aLen);
  const bAt = bsj === 1 ? addressOf(B, (k - 1) * bsp + n4) : -1;
  const biasAt = bias ? addressOf(bias, n4) : 0;
  const cAt = n === n4 ? addressOf(C, m4 * n) : -1; // a partial last column block would spill into the next row
  // Scratch layout (doubles): A, B, bias, C — each only when not resident.
  const aOff = 0,
    bOff = aOff + (aAt < 0 ? even(aLen) : 0),
    biasOff = bOff + (bAt < 0 ? k * n4 : 0),
    cOff = biasOff + (bias && biasAt < 0 ? n4 : 0),
    size = cOff + (cAt < 0 ? m4 * n4 : 0);
  let base = 0;
  if (size > 0) {
    base = scratchBlock(size * 8);
    if (base < 0) return false;
  }
  const h = heap()!;
  const at = base / 8;
  if (aAt < 0) h.set(aLen === A.length ? A : A.subarray(0, aLen), at + aOff);
  if (bAt < 0 && bsj === 1 && bsp === n && n === n4) h.set(k * n === B.length ? B : B.subarray(0, k * n), at + bOff);
  else if (bAt < 0) {
    for (let p = 0; p < k; p++) {
      const d = at + bOff + p * n4;
      for (let j = 0; j < n; j++) h[d + j] = B[p * bsp + j * bsj];
      for (let j = n; j < n4; j++) h[d + j] = 0;
    }
  }
  if (bias && biasAt < 0) {
    const d = at + biasOff;
    for (let j = 0; j < n; j++) h[d + j] = bias[j];
    for (let j = n; j < n4; j++) h[d + j] = 0;
  }
  splitGemm(fns.gemm, [
    aAt >= 0 ? aAt : base + aOff * 8,
    asi * 8,
    asp * 8,
    bAt >= 0 ? bAt : base + bOff * 8,
    (bAt >= 0 ? bsp : n4) * 8,
    cAt >= 0 ? cAt : base + cOff * 8,
    m,
    k,
    n4,
    (cAt >= 0 ? n : n4) * 8,
    !bias ? 0 : biasAt > 0 ? biasAt : base + biasOff * 8,
  ]);
  if (cAt >= 0) return true;
  const c0 = at + cOff;
  if (n === n4) C.set(h.subarray(c0, c0 + m * n));
  else
    for (let i = 0; i < m; i++) {
      const s = c0 + i * n4,
        d = i * n;
      for (let j = 0; j < n; j++) C[d + j] = h[s + j];
    }
  return true;
}

/**
 * Byte addresses for an elementwise kernel's operands, each `padded` doubles long: a resident operand where it
 * is, any other in one scratch block — inputs (`len` numbers copied in, the padding zeroed) and outputs alike;
 * undefined when no scratch can be had. `copyOut` then copies an output that was not resident back.
 */
function stage(inputs: Float64Array[], outputs: Float64Array[], len: number, padded: number) {
  const all = [...inputs, ...outputs];
  const at = all.map((v) => addressOf(v, padded));
  const resident = at.map((x) => x >= 0);
  const missing = resident.filter((r) => !r).length;
  if (missing > 0) {
    const base = scratchBlock(missing * padded * 8);
    if (base < 0) return undefined;
    const h = heap()!;
    let next = base;
    all.forEach((v, i) => {
      if (resident[i]) return;
      at[i] = next;
      next += padded * 8;
      if (i >= inputs.length) return;
      h.set(len === v.length ? v : v.subarray(0, len), at[i] / 8);
      h.fill(0, at[i] / 8 + len, at[i] / 8 + padded);
    });
  }
  const copyOut = () =>
    outputs.forEach((v, i) => {
      const from = at[inputs.length + i] / 8;
      if (!resident[inputs.length + i]) v.set(heap()!.subarray(from, from + len));
    });
  return { at, copyOut };
}

/** a[i] = sigmoid(z[i]) for i < len in WebAssembly (in place when both are resident); false (nothing done) when unavailable. */
export function wasmSigmoid(z: Float64Array, a: Float64Array, len: number): boolean {
  const fns = kernels();
  const len2 = (len + 15) & ~15;
  const staged = fns && stage([z], [a], len, len2);
  if (!staged) return false;
  const flagged = fns.sigmoid(staged.at[0], staged.at[1], len2 * 8);
  staged.copyOut();
  if (flagged) for (let i = 0; i < len; i++) if (z[i] < -700) a[i] = fastSigmoid(z[i]);
  return true;
}

/** dZ[i] = dA[i] · a[i] · (1 − a[i]) for i < len in WebAssembly (in place when resident); false (nothing done) when unavailable. */
export function wasmSigmoidGrad(a: Float64Array, dA: Float64Array, dZ: Float64Array, len: number): boolean {
  const fns = kernels();
  const len8 = (len + 7) & ~7;
  const staged = fns && stage([a, dA], [dZ], len, len8);
  if (!staged) return false;
  fns.sigmoidGrad(staged.at[0], staged.at[1], staged.at[2], len8 * 8);
  staged.copyOut();
  return true;
}

/**
 * The optimizers' update on resident arrays, in place: w ← w − lr·g, or with a velocity v ← mu·v − lr·g,
 * w ← w + v, for the first multiple of 4 elements; returns how many it did (0 when w, g or v is not
 * resident or the kernels are unavailable), the caller's JS loop doing the rest — the same numbers.
 */
export function wasmStep(
  w: Float64Array,
  g: Float64Array,
  v: Float64Array | undefined,
  len: number,
  lr: number,
  mu: number,
): number {
  const len4 = len & ~3;
  const fns = len4 >= 64 ? kernels() : undefined;
  if (!fns) return 0;
  const wAt = addressOf(w, len4),
    gAt = addressOf(g, len4),
    vAt = v ? addressOf(v, len4) : 0;
  if (wAt < 0 || gAt < 0 || vAt < 0) return 0;
  fns.step(wAt, gAt, vAt, len4 * 8, lr, mu);
  return len4;
}
