/**
 * Dense kernels on flat, row-major Float64Array buffers: the hot path of forward and backward.
 * Every kernel writes into a caller-provided output (no allocation per call); dimensions are
 * explicit so that a buffer sized for the largest batch can serve any smaller one (the first rows).
 * Loop orders are chosen so the innermost loop walks contiguous memory (i-k-j for A·B and Aᵀ·B,
 * dot products of rows for A·Bᵀ), with row offsets hoisted out of the inner loop.
 */

/**
 * C (m×n) = A (m×k) · B (k×n), or C += A·B when `accumulate`.
 * Used by forward: z = x·W.
 */
export function matmul(
  A: Float64Array, B: Float64Array, C: Float64Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  if (!accumulate) C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const cRow = i * n;
    let p = 0;
    // Two rows of B per pass halves the loads and stores of the C row.
    for (; p + 1 < k; p += 2) {
      const a0 = A[aRow + p];
      const a1 = A[aRow + p + 1];
      if (a0 === 0 && a1 === 0) continue;
      const b0 = p * n;
      const b1 = b0 + n;
      for (let j = 0; j < n; j++) C[cRow + j] += a0 * B[b0 + j] + a1 * B[b1 + j];
    }
    if (p < k) {
      const a0 = A[aRow + p];
      if (a0 !== 0) {
        const b0 = p * n;
        for (let j = 0; j < n; j++) C[cRow + j] += a0 * B[b0 + j];
      }
    }
  }
}

/**
 * C (k×n) = Aᵀ · B where A is m×k and B is m×n, or C += Aᵀ·B when `accumulate`.
 * Used by backward: ∂J/∂W = xᵀ · ∂J/∂z.
 */
export function matmulAtB(
  A: Float64Array, B: Float64Array, C: Float64Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  if (!accumulate) C.fill(0, 0, k * n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const bRow = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[aRow + p];
      if (a === 0) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) C[cRow + j] += a * B[bRow + j];
    }
  }
}

/**
 * C (m×k) = A (m×n) · Bᵀ where B is k×n, or C += A·Bᵀ when `accumulate`.
 * Used by backward: ∂J/∂x = ∂J/∂z · Wᵀ.
 */
export function matmulABt(
  A: Float64Array, B: Float64Array, C: Float64Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * n;
    const cRow = i * k;
    for (let j = 0; j < k; j++) {
      const bRow = j * n;
      let s0 = 0, s1 = 0;
      let p = 0;
      for (; p + 1 < n; p += 2) {
        s0 += A[aRow + p] * B[bRow + p];
        s1 += A[aRow + p + 1] * B[bRow + p + 1];
      }
      if (p < n) s0 += A[aRow + p] * B[bRow + p];
      if (accumulate) C[cRow + j] += s0 + s1;
      else C[cRow + j] = s0 + s1;
    }
  }
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
