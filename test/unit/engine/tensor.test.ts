/**
 * The multiply kernels against a naive triple loop, on shapes that exercise every path (the
 * register-blocked tiles with their 4×1, 1×4, 1×1 edges, and the k ≤ 4, m ≤ 4 and n ≤ 4 paths),
 * with and without accumulate; the fused bias and column sums against the separate passes.
 * The WebAssembly kernel is off here, so these are the JavaScript paths.
 */
import * as assert from 'assert';
import { columnSums, matmul, matmulABt, matmulAtB } from '../../../src/engine/tensor';
import { Rng } from '../../../src/engine/random';
import { setWasmEnabled } from '../../../src/engine/wasmKernels';

function rand(len: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: len }, () => rng.uniform(-1, 1));
}

/** Naive C = op(A)·op(B) with element accessors. */
function naive(
  m: number,
  k: number,
  n: number,
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      C[i * n + j] = s;
    }
  return C;
}

/** Z (m×n) += b (n) on every row: the separate bias pass the fused one must equal. */
function addBias(Z: Float64Array, b: Float64Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Z[i * n + j] += b[j];
}

function assertClose(actual: Float64Array, expected: Float64Array, what: string): void {
  for (let i = 0; i < expected.length; i++)
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])),
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`,
    );
}

describe('engine tensor kernels', () => {
  // The JavaScript kernels themselves (engineWasm.test.ts compares the WebAssembly ones with them).
  before(() => setWasmEnabled(false));
  after(() => setWasmEnabled(true));
  const rng = new Rng(99);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 4, 4],
    [5, 3, 7],
    [8, 2, 12],
    [3, 9, 1],
    [13, 17, 6],
    [2, 300, 100],
    [300, 100, 3],
    [300, 2, 100],
    [300, 3, 100],
    [100, 300, 3],
    [7, 9, 3],
    [3, 9, 7],
    [5, 1, 6],
    [2, 5, 9],
    [9, 5, 2],
    [6, 6, 4],
    [4, 6, 6],
    [5, 4, 5],
  ];
  for (const [m, k, n] of shapes) {
    it(`A·B, Aᵀ·B and A·Bᵀ agree with a naive loop for ${m}×${k}×${n}`, () => {
      const A = rand(m * k, rng),
        B = rand(k * n, rng);
      const C = new Float64Array(m * n + 3).fill(7); // slack beyond m×n must stay untouched
      matmul(A, B, C, m, k, n);
      assertClose(
        C,
        naive(
          m,
          k,
          n,
          (i, p) => A[i * k + p],
          (p, j) => B[p * n + j],
        ),
        'A·B',
      );
      assert.deepStrictEqual(Array.from(C.subarray(m * n)), [7, 7, 7]);
      // accumulate adds to what is there
      const before = Float64Array.from(C.subarray(0, m * n));
      matmul(A, B, C, m, k, n, true);
      assertClose(
        C.subarray(0, m * n),
        before.map((v) => 2 * v),
        'A·B accumulate',
      );

      // Aᵀ·B: A2 is k×m, B2 is k×n → C (m×n)
      const A2 = rand(k * m, rng),
        B2 = rand(k * n, rng),
        C2 = new Float64Array(m * n);
      matmulAtB(A2, B2, C2, k, m, n);
      assertClose(
        C2,
        naive(
          m,
          k,
          n,
          (i, p) => A2[p * m + i],
          (p, j) => B2[p * n + j],
        ),
        'Aᵀ·B',
      );

      // A·Bᵀ: A3 is m×k, B3 is n×k → C (m×n)
      const A3 = rand(m * k, rng),
        B3 = rand(n * k, rng),
        C3 = new Float64Array(m * n);
      matmulABt(A3, B3, C3, m, k, n);
      assertClose(
        C3,
        naive(
          m,
          k,
          n,
          (i, p) => A3[i * k + p],
          (p, j) => B3[j * k + p],
        ),
        'A·Bᵀ',
      );
    });
  }

  for (const [m, k, n] of shapes) {
    it(`fused bias and column sums give the separate passes' numbers exactly for ${m}×${k}×${n}`, () => {
      const A = rand(m * k, rng),
        B = rand(k * n, rng),
        bias = rand(n, rng);
      const fused = new Float64Array(m * n),
        separate = new Float64Array(m * n);
      matmul(A, B, fused, m, k, n, false, bias);
      matmul(A, B, separate, m, k, n);
      addBias(separate, bias, m, n);
      assert.deepStrictEqual(Array.from(fused), Array.from(separate));
      // accumulate ignores the bias: C += A·B
      const before = Float64Array.from(fused);
      matmul(A, B, fused, m, k, n, true, bias);
      assertClose(
        fused,
        before.map((v, i) => v + (separate[i] - bias[i % n])),
        'A·B accumulate with bias',
      );

      // Aᵀ·B with column sums of B: A2 is k×m, B2 is k×n
      const A2 = rand(k * m, rng),
        B2 = rand(k * n, rng);
      const C = new Float64Array(m * n),
        Cs = new Float64Array(m * n),
        sums = new Float64Array(n).fill(5),
        want = new Float64Array(n);
      matmulAtB(A2, B2, C, k, m, n, false, sums);
      matmulAtB(A2, B2, Cs, k, m, n);
      columnSums(B2, want, k, n);
      assert.deepStrictEqual(Array.from(C), Array.from(Cs));
      assertClose(sums, want, 'column sums');
      matmulAtB(A2, B2, C, k, m, n, true, sums);
      assertClose(
        C,
        Cs.map((v) => 2 * v),
        'Aᵀ·B accumulate with sums',
      );
      assertClose(sums, want, 'column sums (not accumulated)');
    });
  }

  it('bias add and column sums', () => {
    const Z = new Float64Array(6);
    const identity = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    matmul(Float64Array.of(1, 2, 3, 4, 5, 6), identity, Z, 2, 3, 3, false, Float64Array.of(10, 20, 30));
    assert.deepStrictEqual(Array.from(Z), [11, 22, 33, 14, 25, 36]);
    const s = new Float64Array(3);
    columnSums(Z, s, 2, 3);
    assert.deepStrictEqual(Array.from(s), [25, 47, 69]);
  });
});
