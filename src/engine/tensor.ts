/**
 * Dense kernels on flat, row-major Float64Array buffers: the hot path of forward and backward.
 * Every kernel writes into a caller-provided output (no allocation per call); dimensions are
 * explicit so that a buffer sized for the largest batch can serve any smaller one (the first rows).
 * All three products go through one strided kernel (`gemm`): the WebAssembly SIMD kernel of
 * wasmKernels.ts for all but tiny products when available (same numbers, 2–4× faster); otherwise
 * register-blocked tiles for big products, and simple loops when one dimension is at most 4 (a 2-feature input, a 3-class output),
 * where a tile's setup and stores would outweigh a reduction of length 2 or 3. Each C element sums
 * its products in p order on every path, so all paths give the same numbers.
 */

import { wasmGemm } from './wasmKernels';
import { residentArray, residentRows } from './wasmMemory';

/** Up to this size, a dimension takes a small-dimension path instead of the tiles. */
const SMALL = 4;
/** From this many multiply-adds on, a product goes to the WebAssembly SIMD kernel when it is available. */
const WASM_MIN = 2048;

/**
 * The one multiply kernel: C (m×n, row-major) = Σ_p A(i, p)·B(p, j), or C += it when `accumulate`,
 * where A(i, p) = A[i·asi + p·asp] and B(p, j) = B[p·bsp + j·bsj]. Strides let the same kernel serve
 * A·B, Aᵀ·B and A·Bᵀ without transposing anything. It is register-blocked: a 4×4 tile of C is
 * accumulated in 16 local variables over the whole reduction, so each step of the inner loop does 16
 * multiply-adds for 8 loads and no stores — about 4× faster in V8 than the textbook i-k-j loop, whose
 * inner loop loads and stores C on every multiply-add. Each C element sums its products in p order,
 * whatever the path. When `bias` (n values) is given and not `accumulate`, C = A·B + bias on every
 * row (added after the sum).
 */
export function gemm(
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
  accumulate: boolean,
  bias?: Float64Array,
): void {
  if (!accumulate && k > 0 && m * k * n >= WASM_MIN && wasmGemm(A, asi, asp, B, bsp, bsj, C, m, k, n, bias)) return;
  if (k === 0) {
    if (!accumulate) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C[i * n + j] = bias ? bias[j] : 0;
  } else if (k <= SMALL) gemmSmallK(A, asi, asp, B, bsp, bsj, C, m, k, n, accumulate, bias);
  else if (m <= SMALL) gemmSmallM(A, asi, asp, B, bsp, bsj, C, m, k, n, accumulate, bias, undefined);
  else gemmTiled(A, asi, asp, B, bsp, bsj, C, m, k, n, accumulate, bias);
}

/**
 * k ≤ 4: one pass over C, each element's whole (short) reduction unrolled, the bias added in the
 * same store. The row's A values are loaded once.
 */
function gemmSmallK(
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
  accumulate: boolean,
  bias: Float64Array | undefined,
): void {
  const bsp2 = 2 * bsp,
    bsp3 = 3 * bsp;
  const mode = accumulate ? 1 : bias ? 2 : 0;
  for (let i = 0; i < m; i++) {
    const pa = i * asi,
      o = i * n;
    const a0 = A[pa],
      a1 = k > 1 ? A[pa + asp] : 0,
      a2 = k > 2 ? A[pa + 2 * asp] : 0,
      a3 = k > 3 ? A[pa + 3 * asp] : 0;
    let pb = 0;
    for (let j = 0; j < n; j++) {
      let c = a0 * B[pb];
      if (k > 1) {
        c += a1 * B[pb + bsp];
        if (k > 2) {
          c += a2 * B[pb + bsp2];
          if (k > 3) c += a3 * B[pb + bsp3];
        }
      }
      C[o + j] = mode === 0 ? c : mode === 1 ? C[o + j] + c : c + (bias as Float64Array)[j];
      pb += bsj;
    }
  }
}

/**
 * m ≤ 4 (e.g. ∂J/∂W = xᵀ·∂J/∂z for a 2-feature input): all of C's rows at once, four columns at a
 * time, so B is read once. When `sums` is given it also receives the column sums of B (∂J/∂b of the
 * same layer) from that one pass.
 */
function gemmSmallM(
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
  accumulate: boolean,
  bias: Float64Array | undefined,
  sums: Float64Array | undefined,
): void {
  const bsj2 = 2 * bsj,
    bsj3 = 3 * bsj;
  const a1 = m > 1 ? asi : 0,
    a2 = m > 2 ? 2 * asi : 0,
    a3 = m > 3 ? 3 * asi : 0; // missing rows repeat row 0
  for (let j = 0; j < n; j += 4) {
    const w = n - j < 4 ? n - j : 4;
    // Missing columns repeat column j (their sums are dropped).
    const b1 = w > 1 ? bsj : 0,
      b2 = w > 2 ? bsj2 : 0,
      b3 = w > 3 ? bsj3 : 0;
    let c00 = 0,
      c01 = 0,
      c02 = 0,
      c03 = 0,
      c10 = 0,
      c11 = 0,
      c12 = 0,
      c13 = 0;
    let c20 = 0,
      c21 = 0,
      c22 = 0,
      c23 = 0,
      c30 = 0,
      c31 = 0,
      c32 = 0,
      c33 = 0;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    let pa = 0,
      pb = j * bsj;
    for (let p = 0; p < k; p++) {
      const y0 = B[pb],
        y1 = B[pb + b1],
        y2 = B[pb + b2],
        y3 = B[pb + b3];
      const x0 = A[pa];
      c00 += x0 * y0;
      c01 += x0 * y1;
      c02 += x0 * y2;
      c03 += x0 * y3;
      if (m > 1) {
        const x1 = A[pa + a1];
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        if (m > 2) {
          const x2 = A[pa + a2];
          c20 += x2 * y0;
          c21 += x2 * y1;
          c22 += x2 * y2;
          c23 += x2 * y3;
          if (m > 3) {
            const x3 = A[pa + a3];
            c30 += x3 * y0;
            c31 += x3 * y1;
            c32 += x3 * y2;
            c33 += x3 * y3;
          }
        }
      }
      if (sums) {
        s0 += y0;
        s1 += y1;
        s2 += y2;
        s3 += y3;
      }
      pa += asp;
      pb += bsp;
    }
    storeRow(C, j, w, c00, c01, c02, c03, accumulate, bias, j);
    if (m > 1) storeRow(C, n + j, w, c10, c11, c12, c13, accumulate, bias, j);
    if (m > 2) storeRow(C, 2 * n + j, w, c20, c21, c22, c23, accumulate, bias, j);
    if (m > 3) storeRow(C, 3 * n + j, w, c30, c31, c32, c33, accumulate, bias, j);
    if (sums) storeRow(sums, j, w, s0, s1, s2, s3, false, undefined, 0);
  }
}

/** Writes the first n (≤ 4) of c0…c3 to C[o…]: set, accumulate, or set plus bias[bo…]. */
function storeRow(
  C: Float64Array,
  o: number,
  n: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  accumulate: boolean,
  bias: Float64Array | undefined,
  bo: number,
): void {
  if (accumulate) {
    c0 += C[o];
    if (n > 1) c1 += C[o + 1];
    if (n > 2) c2 += C[o + 2];
    if (n > 3) c3 += C[o + 3];
  } else if (bias) {
    c0 += bias[bo];
    if (n > 1) c1 += bias[bo + 1];
    if (n > 2) c2 += bias[bo + 2];
    if (n > 3) c3 += bias[bo + 3];
  }
  C[o] = c0;
  if (n > 1) C[o + 1] = c1;
  if (n > 2) C[o + 2] = c2;
  if (n > 3) C[o + 3] = c3;
}

/**
 * The register-blocked kernel: a 4×4 tile of C is accumulated in 16 local variables over the whole
 * reduction (see gemm). At the edges, and when n ≤ 4 (e.g. a 3-class output layer), the missing rows
 * and columns of a tile repeat its first one and are not stored, so A and B are each read once.
 */
function gemmTiled(
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
  accumulate: boolean,
  bias: Float64Array | undefined,
): void {
  for (let i = 0; i < m; i += 4) {
    const h = m - i < 4 ? m - i : 4;
    const a1 = h > 1 ? asi : 0,
      a2 = h > 2 ? 2 * asi : 0,
      a3 = h > 3 ? 3 * asi : 0;
    for (let j = 0; j < n; j += 4) {
      const w = n - j < 4 ? n - j : 4;
      const b1 = w > 1 ? bsj : 0,
        b2 = w > 2 ? 2 * bsj : 0,
        b3 = w > 3 ? 3 * bsj : 0;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let pa = i * asi,
        pb = j * bsj;
      for (let p = 0; p < k; p++) {
        const x0 = A[pa],
          x1 = A[pa + a1],
          x2 = A[pa + a2],
          x3 = A[pa + a3];
        const y0 = B[pb],
          y1 = B[pb + b1],
          y2 = B[pb + b2],
          y3 = B[pb + b3];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
        pa += asp;
        pb += bsp;
      }
      const o = i * n + j;
      storeRow(C, o, w, c00, c01, c02, c03, accumulate, bias, j);
      if (h > 1) storeRow(C, o + n, w, c10, c11, c12, c13, accumulate, bias, j);
      if (h > 2) storeRow(C, o + 2 * n, w, c20, c21, c22, c23, accumulate, bias, j);
      if (h > 3) storeRow(C, o + 3 * n, w, c30, c31, c32, c33, accumulate, bias, j);
    }
  }
}

/**
 * C (m×n) = A (m×k) · B (k×n) (+ bias on every row), or C += A·B when `accumulate`.
 * Used by forward: z = x·W + b.
 */
export function matmul(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
  bias?: Float64Array,
): void {
  gemm(A, k, 1, B, n, 1, C, m, k, n, accumulate, bias);
}

/**
 * C (k×n) = Aᵀ · B where A is m×k and B is m×n, or C += Aᵀ·B when `accumulate`; when `sums` is
 * given it receives the column sums of B (not accumulated).
 * Used by backward: ∂J/∂W = xᵀ · ∂J/∂z and ∂J/∂b = column sums of ∂J/∂z, in one pass when x is narrow.
 */
export function matmulAtB(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
  sums?: Float64Array,
): void {
  if (sums && k <= SMALL && m > SMALL) {
    if (!accumulate && m * (k + 1) * n >= WASM_MIN && wasmAtBWithSums(A, B, C, m, k, n, sums)) return;
    gemmSmallM(A, 1, k, B, n, 1, C, k, m, n, accumulate, undefined, sums);
    return;
  }
  gemm(A, 1, k, B, n, 1, C, k, m, n, accumulate);
  if (sums) columnSums(B, sums, m, n);
}

let onesScratch: Float64Array = new Float64Array(0);
let atBScratch: Float64Array = new Float64Array(0);

/**
 * matmulAtB with sums for a narrow A (k ≤ 4) in WebAssembly: Aᵀ gains a row of ones, whose products with B
 * are B's column sums, each summed in sample order from 0 as gemmSmallM sums them (1·y = y exactly), so
 * both give the same bits. False (nothing done) when WebAssembly is unavailable.
 */
function wasmAtBWithSums(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  sums: Float64Array,
): boolean {
  const w = k + 1;
  if (onesScratch.length < m * w) onesScratch = residentArray(m * w);
  if (atBScratch.length < w * n) atBScratch = residentRows(w * n, n);
  const X = onesScratch,
    out = atBScratch;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) X[i * w + p] = A[i * k + p];
    X[i * w + k] = 1;
  }
  if (!wasmGemm(X, 1, w, B, n, 1, out, w, m, n, undefined)) return false;
  C.set(out.subarray(0, k * n));
  sums.set(out.subarray(k * n, w * n));
  return true;
}

/**
 * C (m×k) = A (m×n) · Bᵀ where B is k×n, or C += A·Bᵀ when `accumulate`.
 * Used by backward: ∂J/∂x = ∂J/∂z · Wᵀ.
 */
export function matmulABt(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  gemm(A, n, 1, B, 1, n, C, m, n, k, accumulate);
}

/** out (n) = column sums of A (m×n), or out += them when `accumulate`. Used for ∂J/∂b. */
export function columnSums(A: Float64Array, out: Float64Array, m: number, n: number, accumulate = false): void {
  if (!accumulate) out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += A[row + j];
  }
}
