/**
 * Buffers that live in the WebAssembly kernels' memory: they are used in place (no copy), the kernels
 * give the same bits on them as on plain arrays and as the JavaScript kernels, never write outside a
 * buffer's own block, survive the memory's growth, and their blocks come back when they are collected.
 */
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { gemm } from '../../../src/engine/tensor';
import { Rng } from '../../../src/engine/random';
import { setWasmEnabled, wasmSigmoid, wasmSigmoidGrad, wasmStep } from '../../../src/engine/wasmKernels';
import { addressOf, kernelMemory, residentArray, residentBlocks, residentRows } from '../../../src/engine/wasmMemory';
import { Network } from '../../../src/engine/network';
import { makeOptimizer } from '../../../src/engine/optimizers';
import type { OptimizerConfig } from '../../../src/engine/config';
import { openSpec } from '../../../src/format/openSpec';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function filled(view: Float64Array, rng: Rng): Float64Array {
  for (let i = 0; i < view.length; i++) view[i] = rng.uniform(-3, 3);
  return view;
}

/** A resident buffer of rows of `width` (`length` doubles) between two guard arrays, each filled with a marker. */
function guarded(length: number, width: number) {
  const before = residentArray(64).fill(7);
  const view = residentRows(length, width);
  const after = residentArray(64).fill(7);
  return { view, intact: () => before.every((v) => v === 7) && after.every((v) => v === 7) };
}

describe('engine WebAssembly memory (resident buffers)', () => {
  afterEach(() => setWasmEnabled(true));

  it('hands out zeroed views inside the shared memory, addressable with their slack, and plain arrays are not', () => {
    assert.ok(kernelMemory()?.shared, 'Node has shared WebAssembly memory');
    const v = residentArray(10, 6);
    assert.ok(v.buffer instanceof SharedArrayBuffer);
    assert.ok(v.every((x) => x === 0));
    assert.strictEqual(v.byteOffset % 64, 0, 'aligned to a cache line');
    assert.strictEqual(addressOf(v, 16), v.byteOffset, 'length + slack belongs to it');
    assert.strictEqual(addressOf(v.subarray(4), 12), v.byteOffset + 32, 'a subarray is addressable within the block');
    assert.strictEqual(addressOf(new Float64Array(10), 10), -1);
  });

  it('keeps every view valid while the memory grows', () => {
    const v = residentArray(5).fill(3);
    const before = kernelMemory()!.memory.buffer.byteLength;
    const big = residentArray(before / 8 + 1024); // more than the whole memory: it has to grow
    assert.ok(kernelMemory()!.memory.buffer.byteLength > before);
    assert.deepStrictEqual(Array.from(v), [3, 3, 3, 3, 3]);
    assert.ok(addressOf(big, big.length) > 0);
  });

  const rng = new Rng(7);
  const shapes: [number, number, number][] = [
    [300, 2, 100],
    [300, 100, 3],
    [64, 50, 10],
    [13, 17, 6],
    [5, 3, 8],
    [7, 9, 12],
  ];
  for (const [m, k, n] of shapes) {
    it(`a product of resident operands equals the JS kernel bit for bit and stays in its block, ${m}×${k}×${n}`, () => {
      const layouts: [string, number, number, number, number][] = [
        ['A·B', k, 1, n, 1],
        ['Aᵀ·B', 1, m, n, 1],
        ['A·Bᵀ', k, 1, 1, k],
      ];
      for (const [what, asi, asp, bsp, bsj] of layouts) {
        const A = filled(residentArray(m * k), rng),
          B = filled(residentArray(k * n), rng),
          bias = filled(residentArray(n), rng);
        const C = guarded(m * n, n);
        gemm(A, asi, asp, B, bsp, bsj, C.view, m, k, n, false, bias);
        setWasmEnabled(false);
        const js = new Float64Array(m * n);
        gemm(A, asi, asp, B, bsp, bsj, js, m, k, n, false, bias);
        setWasmEnabled(true);
        assert.deepStrictEqual(C.view, js, `${what} ${m}×${k}×${n}`);
        assert.ok(C.intact(), `${what}: nothing written outside C's block`);
      }
    });
  }

  it('the sigmoid and its gradient on resident buffers equal the copying path bit for bit, for every tail', () => {
    for (const len of [64, 65, 77, 128, 301]) {
      const z = filled(residentArray(len), rng);
      z[3] = -800; // a lane redone in JS
      const a = guarded(len, 0);
      const plain = new Float64Array(len);
      assert.ok(wasmSigmoid(z, a.view, len));
      assert.ok(wasmSigmoid(Float64Array.from(z), plain, len));
      assert.deepStrictEqual(a.view, plain, `sigmoid, length ${len}`);
      assert.ok(a.intact());
      const dA = filled(residentArray(len), rng);
      const dZ = guarded(len, 0);
      const dZPlain = new Float64Array(len);
      assert.ok(wasmSigmoidGrad(a.view, dA, dZ.view, len));
      assert.ok(wasmSigmoidGrad(plain, Float64Array.from(dA), dZPlain, len));
      assert.deepStrictEqual(dZ.view, dZPlain, `sigmoid gradient, length ${len}`);
      assert.ok(dZ.intact());
    }
  });

  for (const kind of ['gd', 'momentum', 'nesterov', 'adam'] as const) {
    it(`the ${kind} update of resident parameters equals the JS loop bit for bit (odd lengths, three steps)`, () => {
      const spec =
        kind === 'gd'
          ? { kind }
          : kind === 'adam'
            ? { kind, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
            : { kind, momentum: 0.9 };
      const run = (wasm: boolean) => {
        setWasmEnabled(wasm);
        const r = new Rng(11);
        const params = [203, 64, 7].map((len) => ({
          value: filled(residentArray(len), r),
          grad: filled(residentArray(len), r),
        }));
        const opt = makeOptimizer(spec as OptimizerConfig, 0.05, params);
        for (let s = 0; s < 3; s++) {
          opt.step();
          for (const p of params) for (let i = 0; i < p.grad.length; i++) p.grad[i] = Math.sin(p.value[i] * 7);
        }
        setWasmEnabled(true);
        return params.map((p) => Array.from(p.value));
      };
      assert.deepStrictEqual(run(true), run(false));
    });
  }

  it('the update kernel runs on resident arrays (the multiple of 4 it did) and leaves plain ones to the JS loop', () => {
    const w = residentArray(203),
      g = residentArray(203).fill(1);
    assert.strictEqual(wasmStep(w, g, undefined, 203, 0.5, 0), 200);
    assert.strictEqual(w[199], -0.5);
    assert.strictEqual(w[200], 0, "the tail is the caller's");
    assert.strictEqual(wasmStep(new Float64Array(203), g, undefined, 203, 0.5, 0), 0);
  });

  it("a network's parameters and buffers are resident, and its numbers equal the JS kernels' bit for bit", () => {
    // ReLU: the products are the same bits in WebAssembly and JS (the sigmoids are only within 3 ulps).
    const text = readFileSync(join(__dirname, '../../../../examples/spiral.nnspec'), 'utf8');
    const o = openSpec(text);
    assert.ok(o.config && o.data);
    const { x, targets: t, n } = o.data.train;
    assert.strictEqual(n, 300);
    const run = () => {
      const net = Network.fromSpec(o.config!);
      const j = net.gradient(x, t, 300);
      return { j, net };
    };
    const wasm = run();
    for (const l of wasm.net.layers) {
      for (const buf of [l.W, l.dW, l.z, l.a, l.dA, l.dZ]) assert.ok(addressOf(buf, buf.length) > 0);
    }
    setWasmEnabled(false);
    const js = run();
    assert.strictEqual(wasm.j, js.j);
    wasm.net.layers.forEach((l, i) => {
      assert.deepStrictEqual(l.dW, js.net.layers[i].dW);
      assert.deepStrictEqual(l.db, js.net.layers[i].db);
    });
  });

  it('without shared memory the kernels copy as before: the same numbers (a Node without SharedArrayBuffer)', () => {
    // A child Node without SharedArrayBuffer: the memory is not shared, buffers are plain arrays.
    const engine = join(__dirname, '../../../src/engine');
    const script = `
      const { addressOf, kernelMemory, residentArray } = require(${JSON.stringify(join(engine, 'wasmMemory.js'))});
      const { wasmAvailable, setWasmEnabled, helperInit } = require(${JSON.stringify(join(engine, 'wasmKernels.js'))});
      const { gemm } = require(${JSON.stringify(join(engine, 'tensor.js'))});
      const r = (len) => Float64Array.from({ length: len }, (_, i) => Math.sin(i * 1.7));
      const A = r(300 * 100), B = r(100 * 12), bias = r(12);
      const C = new Float64Array(300 * 12), J = new Float64Array(300 * 12);
      const wasm = wasmAvailable();
      gemm(A, 100, 1, B, 12, 1, C, 300, 100, 12, false, bias);
      setWasmEnabled(false);
      gemm(A, 100, 1, B, 12, 1, J, 300, 100, 12, false, bias);
      process.stdout.write(JSON.stringify({
        shared: kernelMemory().shared, wasm, plain: addressOf(residentArray(4), 4) === -1,
        sab: typeof SharedArrayBuffer, helper: helperInit() === undefined, same: C.every((v, i) => Object.is(v, J[i])),
      }));`;
    const out = execFileSync(process.execPath, ['--no-harmony-sharedarraybuffer', '-e', script], { encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(out), {
      shared: false,
      wasm: true,
      plain: true,
      sab: 'undefined',
      helper: true,
      same: true,
    });
  });

  it('returns the blocks of collected buffers, so memory does not grow with every network made', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const settle = async () => {
      for (let i = 0; i < 5; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await settle();
    const start = residentBlocks().bytes;
    for (let i = 0; i < 200; i++) residentArray(128 * 1024).fill(i); // 1 MB each, dropped at once
    await settle();
    const size = kernelMemory()!.memory.buffer.byteLength;
    assert.ok(
      residentBlocks().bytes <= start + (1 << 20),
      `blocks returned: ${residentBlocks().bytes - start} bytes kept`,
    );
    for (let i = 0; i < 50; i++) residentArray(128 * 1024);
    assert.ok(kernelMemory()!.memory.buffer.byteLength <= size + (64 << 20), 'freed blocks are reused');
  });
});
