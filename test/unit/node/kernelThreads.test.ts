/**
 * The products' helper thread on the second core: a large product split between two threads gives the
 * same bits as one thread and as the JS kernel (the helper really computes its part), a job nobody claims
 * is computed by the caller, and training a wide network with the helper equals training without it.
 */
import * as assert from 'assert';
import { availableParallelism } from 'node:os';
import { gemm } from '../../../src/engine/tensor';
import { Rng } from '../../../src/engine/random';
import {
  helperInUse,
  helperJobs,
  helperReady,
  offerHelper,
  pauseHelper,
  useHelper,
} from '../../../src/engine/kernelHelper';
import { helperInit, setWasmEnabled } from '../../../src/engine/wasmKernels';
import { residentRows } from '../../../src/engine/wasmMemory';
import { Network } from '../../../src/engine/network';
import { Trainer } from '../../../src/engine/trainer';
import { openSpec } from '../../../src/format/openSpec';
import { startKernelThread, stopKernelThread } from '../../../src/node/kernelThreads';

function filled(view: Float64Array, rng: Rng): Float64Array {
  for (let i = 0; i < view.length; i++) view[i] = rng.uniform(-1, 1);
  return view;
}

/** B's products: z = x·W (64×784·784×128), ∂J/∂W = xᵀ·∂J/∂z (784×64·64×128), and an odd-sized one. */
const PRODUCTS: [string, number, number, number, number, number, number, number][] = [
  ['x·W', 64, 784, 128, 784, 1, 128, 1],
  ['xᵀ·∂J/∂z', 784, 64, 128, 1, 784, 128, 1],
  ['odd A·Bᵀ', 203, 301, 37, 301, 1, 1, 301],
];

function product(rng: Rng, [, m, k, n, asi, asp, bsp, bsj]: (typeof PRODUCTS)[number], resident: boolean) {
  const make = (len: number) => filled(resident ? residentRows(len, n) : new Float64Array(len), rng);
  const A = make(m * k),
    B = make(k * n),
    bias = make(n);
  return (C: Float64Array) => gemm(A, asi, asp, B, bsp, bsj, C, m, k, n, false, bias);
}

/** Starts the helper thread and waits until it serves (it takes a few ms to start). */
async function started(): Promise<void> {
  assert.ok(startKernelThread(), 'a helper thread starts on a machine with two cores');
  for (let i = 0; i < 500 && !helperReady(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(helperReady(), 'the helper thread serves within 5 s');
}

describe('node: the products helper thread', function () {
  before(async function () {
    if (availableParallelism() < 2) this.skip();
    await started();
  });
  after(() => {
    stopKernelThread();
    pauseHelper(false);
    setWasmEnabled(true);
  });

  for (const resident of [true, false]) {
    it(`a split product equals one thread's and the JS kernel's bits (${resident ? 'resident' : 'copied'} operands)`, () => {
      const rng = new Rng(3);
      for (const p of PRODUCTS) {
        const [what, m, , n] = p;
        const run = product(rng, p, resident);
        const jobs = helperJobs();
        const two = new Float64Array(m * n);
        // A job the helper is too late for is computed here: run until it has taken one (the same bits each time).
        for (let i = 0; i < 100 && helperJobs() === jobs; i++) run(two);
        assert.ok(helperJobs() > jobs, `${what}: the helper computed its rows`);
        pauseHelper(true);
        const one = new Float64Array(m * n);
        run(one);
        pauseHelper(false);
        setWasmEnabled(false);
        const js = new Float64Array(m * n);
        run(js);
        setWasmEnabled(true);
        assert.deepStrictEqual(two, one, `${what}: two threads = one`);
        assert.deepStrictEqual(two, js, `${what}: = the JS kernel`);
      }
    });
  }

  it('computes a job nobody claims itself (a control block without a thread), promptly', async () => {
    stopKernelThread();
    const init = helperInit()!;
    useHelper(init); // no thread serves this block
    const rng = new Rng(5);
    const run = product(rng, PRODUCTS[0], true);
    const t0 = Date.now();
    const C = new Float64Array(64 * 128);
    run(C);
    assert.ok(Date.now() - t0 < 1000, 'not waiting for a helper that never comes');
    useHelper(undefined);
    setWasmEnabled(false);
    const js = new Float64Array(64 * 128);
    run(js);
    setWasmEnabled(true);
    assert.deepStrictEqual(C, js);
    await started();
    assert.ok(helperInUse());
  });

  it('starts an offered helper at the first product large enough to split, once, and never for small ones', async () => {
    stopKernelThread();
    let starts = 0;
    offerHelper(() => starts++);
    const rng = new Rng(8);
    const small = product(rng, ['small', 300, 2, 100, 2, 1, 100, 1], true);
    small(new Float64Array(300 * 100));
    assert.strictEqual(starts, 0, 'a 300×2×100 product does not start a thread');
    const large = product(rng, PRODUCTS[0], true);
    large(new Float64Array(64 * 128));
    large(new Float64Array(64 * 128));
    assert.strictEqual(starts, 1);
    await started();
  });

  it('trains a 784-128-10 network the same to the bit with and without the helper', () => {
    // Ten gaussian classes in 784 dimensions (class c's center has ones where i mod 10 = c).
    const centers = Array.from(
      { length: 10 },
      (_, c) => `[${Array.from({ length: 784 }, (_, i) => (i % 10 === c ? 1 : 0))}]`,
    );
    const text = [
      'seed: 4',
      'layers:',
      '  - dense: 128',
      '    activation: relu',
      '  - dense: 10',
      '    activation: softmax',
      'loss: cross_entropy',
      `data: { generate: { kind: gaussians, points: 26, std: 0.5, centers: [${centers.join(', ')}] } }`,
      'train: { optimizer: momentum, learning_rate: 0.05, batch_size: 64, epochs: 3 }',
    ].join('\n');
    const opened = openSpec(text);
    assert.ok(opened.config && opened.data, JSON.stringify(opened.analysis.diagnostics.slice(0, 2)));
    const { config, data } = opened;
    const run = (threads: boolean) => {
      pauseHelper(!threads);
      const jobs = helperJobs();
      const net = Network.fromSpec(config);
      const trainer = new Trainer(net, data, { epochs: 3 });
      while (trainer.step());
      pauseHelper(false);
      return {
        losses: trainer.result().history.map((h) => h.loss),
        W: net.layers[0].W.slice(),
        jobs: helperJobs() - jobs,
      };
    };
    const two = run(true),
      one = run(false);
    assert.ok(two.jobs > 0 && one.jobs === 0);
    assert.deepStrictEqual(two.losses, one.losses);
    assert.deepStrictEqual(two.W, one.W);
  });
});
