/**
 * The WebAssembly SIMD kernels against the JavaScript ones: the module is valid and loads in Node,
 * the product gives bit-identical results for every stride pattern the engine uses (with and without
 * bias, odd sizes), the sigmoid stays within 3 ulps of the stable form with the same special values,
 * and switching the kernels off leaves the engine's numbers unchanged.
 */
import * as assert from 'assert';
import { gemm, matmulAtB } from '../../../src/engine/tensor';
import { fastSigmoid } from '../../../src/engine/fastExp';
import { Rng } from '../../../src/engine/random';
import {
  kernelModuleBytes,
  setWasmEnabled,
  wasmAvailable,
  wasmGemm,
  wasmSigmoid,
  wasmSigmoidGrad,
} from '../../../src/engine/wasmKernels';

function rand(len: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: len }, () => rng.uniform(-1, 1));
}

function stableSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

describe('engine WebAssembly kernels', () => {
  afterEach(() => setWasmEnabled(true));

  it('assemble into a valid module that loads in Node', () => {
    assert.ok(WebAssembly.validate(kernelModuleBytes().buffer as ArrayBuffer));
    assert.ok(kernelModuleBytes().length < 4096, 'small enough for synchronous compilation on a browser main thread');
    assert.ok(wasmAvailable());
  });

  const rng = new Rng(42);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 3, 7],
    [300, 2, 100],
    [300, 100, 3],
    [100, 300, 3],
    [13, 17, 6],
    [64, 50, 10],
    [3, 9, 5],
  ];
  for (const [m, k, n] of shapes) {
    it(`product equals the JS kernel bit for bit for ${m}×${k}×${n} (A·B, Aᵀ·B, A·Bᵀ, bias)`, () => {
      const layouts: [string, number, number, number, number][] = [
        ['A·B', k, 1, n, 1],
        ['Aᵀ·B', 1, m, n, 1],
        ['A·Bᵀ', k, 1, 1, k],
      ];
      for (const [what, asi, asp, bsp, bsj] of layouts) {
        const A = rand(m * k + 2, rng),
          B = rand(k * n + 2, rng),
          bias = rand(n, rng);
        for (const b of [undefined, bias]) {
          const want = new Float64Array(m * n + 1).fill(3),
            got = new Float64Array(m * n + 1).fill(3);
          setWasmEnabled(false);
          gemm(A, asi, asp, B, bsp, bsj, want, m, k, n, false, b);
          setWasmEnabled(true);
          assert.ok(wasmGemm(A, asi, asp, B, bsp, bsj, got, m, k, n, b));
          assert.deepStrictEqual(Array.from(got), Array.from(want), `${what}${b ? ' + bias' : ''}`);
        }
      }
    });
  }

  it('sigmoid is within 3 ulps of the stable form, with its special values, for odd lengths', () => {
    for (const len of [1, 3, 66, 1001]) {
      const z = new Float64Array(len + 1);
      for (let i = 0; i < len; i++) z[i] = i % 3 ? rng.uniform(-40, 40) : rng.uniform(-800, 800);
      const special = [0, -0, -700, -700.5, -720, -745, -746, 36, 37, 700, 710, 800, Infinity, -Infinity, NaN];
      if (len > special.length) z.set(special, 0);
      z[len] = 1;
      const a = new Float64Array(len + 1).fill(9);
      assert.ok(wasmSigmoid(z, a, len));
      assert.strictEqual(a[len], 9, 'writes only len elements');
      for (let i = 0; i < len; i++) {
        const want = stableSigmoid(z[i]);
        if (Number.isNaN(want)) {
          assert.ok(Number.isNaN(a[i]), `sigmoid(NaN) = ${a[i]}`);
          continue;
        }
        const ulp = Math.max(2 ** (Math.floor(Math.log2(Math.max(want, Number.MIN_VALUE))) - 52), Number.MIN_VALUE);
        assert.ok(
          a[i] === want || Math.abs(a[i] - want) <= 3 * ulp,
          `sigmoid(${z[i]}) = ${a[i]}, stable form gives ${want}`,
        );
        if (z[i] < -700) assert.strictEqual(a[i], fastSigmoid(z[i]), 'far left: e^z, subnormals included');
      }
    }
  });

  it("sigmoid's gradient dA·a·(1 − a) equals the JS loop bit for bit, for every length's tail", () => {
    const rng = new Rng(11);
    for (const len of [1, 7, 8, 63, 64, 65, 300, 30001]) {
      const a = Float64Array.from({ length: len }, () => rng.uniform(0, 1));
      const dA = rand(len, rng);
      const dZ = new Float64Array(len).fill(NaN);
      assert.ok(wasmSigmoidGrad(a, dA, dZ, len));
      for (let i = 0; i < len; i++) assert.strictEqual(dZ[i], dA[i] * a[i] * (1 - a[i]), `len ${len}, i ${i}`);
    }
  });

  it('a narrow Aᵀ·B with column sums (∂J/∂W and ∂J/∂b of a 1–4-input layer) equals the JS kernel bit for bit', () => {
    const rng = new Rng(12);
    for (const [m, k, n] of [
      [300, 2, 100],
      [64, 1, 33],
      [257, 3, 7],
      [1000, 4, 128],
    ]) {
      const A = rand(m * k, rng),
        B = rand(m * n, rng);
      const run = (wasm: boolean) => {
        setWasmEnabled(wasm);
        const C = new Float64Array(k * n),
          sums = new Float64Array(n);
        matmulAtB(A, B, C, m, k, n, false, sums);
        return { C, sums };
      };
      const js = run(false),
        wasm = run(true);
      assert.deepStrictEqual(wasm.C, js.C, `${m}×${k}×${n}: Aᵀ·B`);
      assert.deepStrictEqual(wasm.sums, js.sums, `${m}×${k}×${n}: column sums`);
    }
  });

  it('reports unavailability when switched off, so callers fall back', () => {
    setWasmEnabled(false);
    assert.strictEqual(wasmAvailable(), false);
    assert.strictEqual(
      wasmGemm(new Float64Array(1), 1, 1, new Float64Array(1), 1, 1, new Float64Array(1), 1, 1, 1, undefined),
      false,
    );
    assert.strictEqual(wasmSigmoid(new Float64Array(2), new Float64Array(2), 2), false);
    const two = () => new Float64Array(2);
    assert.strictEqual(wasmSigmoidGrad(two(), two(), two(), 2), false);
  });
});
