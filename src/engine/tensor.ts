/**
 * Dense kernels on flat, row-major Float64Array buffers: the hot path of forward and backward.
 * Every kernel writes into a caller-provided output (no allocation per call); dimensions are
 * explicit so that a buffer sized for the largest batch can serve any smaller one (the first rows).
 * All three products go through one register-blocked, strided kernel (`gemm`), offsets hoisted and
 * advanced by addition in the inner loop.
 */

/**
 * The one multiply kernel: C (m×n, row-major) = Σ_p A(i, p)·B(p, j), or C += it when `accumulate`,
 * where A(i, p) = A[i·asi + p·asp] and B(p, j) = B[p·bsp + j·bsj]. Strides let the same kernel serve
 * A·B, Aᵀ·B and A·Bᵀ without transposing anything. It is register-blocked: a 4×4 tile of C is
 * accumulated in 16 local variables over the whole reduction, so each step of the inner loop does 16
 * multiply-adds for 8 loads and no stores — about 4× faster in V8 than the textbook i-k-j loop, whose
 * inner loop loads and stores C on every multiply-add. Edges (m or n not a multiple of 4) use 4×2,
 * 4×1, 1×4 and 1×1 tiles. Each C element sums its products in p order, whatever the tile.
 */
export function gemm(
  A: Float64Array, asi: number, asp: number,
  B: Float64Array, bsp: number, bsj: number,
  C: Float64Array, m: number, k: number, n: number, accumulate: boolean,
): void {
  const m4 = m - (m % 4), n4 = n - (n % 4);
  const asi2 = 2 * asi, asi3 = 3 * asi, bsj2 = 2 * bsj, bsj3 = 3 * bsj;
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pa = i * asi, pb = j * bsj;
      for (let p = 0; p < k; p++) {
        const x0 = A[pa], x1 = A[pa + asi], x2 = A[pa + asi2], x3 = A[pa + asi3];
        const y0 = B[pb], y1 = B[pb + bsj], y2 = B[pb + bsj2], y3 = B[pb + bsj3];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        pa += asp; pb += bsp;
      }
      const o0 = i * n + j, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      if (accumulate) {
        C[o0] += c00; C[o0 + 1] += c01; C[o0 + 2] += c02; C[o0 + 3] += c03;
        C[o1] += c10; C[o1 + 1] += c11; C[o1 + 2] += c12; C[o1 + 3] += c13;
        C[o2] += c20; C[o2 + 1] += c21; C[o2 + 2] += c22; C[o2 + 3] += c23;
        C[o3] += c30; C[o3 + 1] += c31; C[o3 + 2] += c32; C[o3 + 3] += c33;
      } else {
        C[o0] = c00; C[o0 + 1] = c01; C[o0 + 2] = c02; C[o0 + 3] = c03;
        C[o1] = c10; C[o1 + 1] = c11; C[o1 + 2] = c12; C[o1 + 3] = c13;
        C[o2] = c20; C[o2 + 1] = c21; C[o2 + 2] = c22; C[o2 + 3] = c23;
        C[o3] = c30; C[o3 + 1] = c31; C[o3 + 2] = c32; C[o3 + 3] = c33;
      }
    }
    // Columns beyond the last multiple of 4: a 4×2 tile, then a 4×1 tile.
    let j2 = n4;
    if (j2 + 2 <= n) {
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      let pa = i * asi, pb = j2 * bsj;
      for (let p = 0; p < k; p++) {
        const x0 = A[pa], x1 = A[pa + asi], x2 = A[pa + asi2], x3 = A[pa + asi3];
        const y0 = B[pb], y1 = B[pb + bsj];
        c00 += x0 * y0; c01 += x0 * y1; c10 += x1 * y0; c11 += x1 * y1;
        c20 += x2 * y0; c21 += x2 * y1; c30 += x3 * y0; c31 += x3 * y1;
        pa += asp; pb += bsp;
      }
      const o0 = i * n + j2, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      if (accumulate) {
        C[o0] += c00; C[o0 + 1] += c01; C[o1] += c10; C[o1 + 1] += c11;
        C[o2] += c20; C[o2 + 1] += c21; C[o3] += c30; C[o3 + 1] += c31;
      } else {
        C[o0] = c00; C[o0 + 1] = c01; C[o1] = c10; C[o1 + 1] = c11;
        C[o2] = c20; C[o2 + 1] = c21; C[o3] = c30; C[o3 + 1] = c31;
      }
      j2 += 2;
    }
    for (let j = j2; j < n; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let pa = i * asi, pb = j * bsj;
      for (let p = 0; p < k; p++) {
        const y = B[pb];
        c0 += A[pa] * y; c1 += A[pa + asi] * y; c2 += A[pa + asi2] * y; c3 += A[pa + asi3] * y;
        pa += asp; pb += bsp;
      }
      const o = i * n + j;
      if (accumulate) { C[o] += c0; C[o + n] += c1; C[o + 2 * n] += c2; C[o + 3 * n] += c3; }
      else { C[o] = c0; C[o + n] = c1; C[o + 2 * n] = c2; C[o + 3 * n] = c3; }
    }
  }
  // Rows beyond the last multiple of 4: 1×4 tiles, then 1×1.
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let pa = i * asi, pb = j * bsj;
      for (let p = 0; p < k; p++) {
        const x = A[pa];
        c0 += x * B[pb]; c1 += x * B[pb + bsj]; c2 += x * B[pb + bsj2]; c3 += x * B[pb + bsj3];
        pa += asp; pb += bsp;
      }
      const o = i * n + j;
      if (accumulate) { C[o] += c0; C[o + 1] += c1; C[o + 2] += c2; C[o + 3] += c3; }
      else { C[o] = c0; C[o + 1] = c1; C[o + 2] = c2; C[o + 3] = c3; }
    }
    for (let j = n4; j < n; j++) {
      let c = 0;
      let pa = i * asi, pb = j * bsj;
      for (let p = 0; p < k; p++) { c += A[pa] * B[pb]; pa += asp; pb += bsp; }
      const o = i * n + j;
      if (accumulate) C[o] += c; else C[o] = c;
    }
  }
}

/**
 * C (m×n) = A (m×k) · B (k×n), or C += A·B when `accumulate`.
 * Used by forward: z = x·W.
 */
export function matmul(
  A: Float64Array, B: Float64Array, C: Float64Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  gemm(A, k, 1, B, n, 1, C, m, k, n, accumulate);
}

/**
 * C (k×n) = Aᵀ · B where A is m×k and B is m×n, or C += Aᵀ·B when `accumulate`.
 * Used by backward: ∂J/∂W = xᵀ · ∂J/∂z.
 */
export function matmulAtB(
  A: Float64Array, B: Float64Array, C: Float64Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  gemm(A, 1, k, B, n, 1, C, k, m, n, accumulate);
}

/**
 * C (m×k) = A (m×n) · Bᵀ where B is k×n, or C += A·Bᵀ when `accumulate`.
 * Used by backward: ∂J/∂x = ∂J/∂z · Wᵀ.
 */
export function matmulABt(
  A: Float64Array, B: Float64Array, C: Float64Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  gemm(A, n, 1, B, 1, n, C, m, n, k, accumulate);
}

/** Z (m×n) += b (n) on every row. */
export function addBias(Z: Float64Array, b: Float64Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) Z[row + j] += b[j];
  }
}

/** out (n) = column sums of A (m×n), or out += them when `accumulate`. Used for ∂J/∂b. */
export function columnSums(A: Float64Array, out: Float64Array, m: number, n: number, accumulate = false): void {
  if (!accumulate) out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += A[row + j];
  }
}

/** A Float64Array of at least `size` elements: `buf` itself when large enough, else a new one. */
export function ensureSize(buf: Float64Array, size: number): Float64Array {
  return buf.length >= size ? buf : new Float64Array(size);
}
