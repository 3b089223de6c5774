/**
 * A second core for large products: a helper thread that shares the kernels' memory (wasmMemory.ts)
 * computes the lower rows of C while the calling thread computes the upper ones. Each C element is
 * computed exactly as on one thread (same products, same order), so the numbers are the same to the bit.
 * The engine starts no thread itself: a surface that can (the CLI, the training worker, the bench; see
 * src/node/kernelThreads.ts) starts one running `serveHelper` and hands its control block to `useHelper`.
 *
 * The two threads meet in a small Int32Array in the shared memory, with Atomics only: the caller writes
 * the job's arguments, sets the state to POSTED and wakes the helper; the helper claims it (POSTED →
 * CLAIMED) and sets DONE when finished. A job the helper has not claimed by the time the caller has done
 * its own part is taken back (POSTED → IDLE) and computed by the caller, so a slow, busy or dead helper
 * never blocks a run.
 */

const IDLE = 0,
  POSTED = 1,
  CLAIMED = 2,
  DONE = 3,
  STOP = 4;
/** Control slots: the state, the gemm's eleven arguments, and the count of jobs the helper computed. */
const STATE = 0,
  ARGS = 1,
  ARGS_COUNT = 11,
  JOBS = ARGS + ARGS_COUNT,
  READY = JOBS + 1;
/**
 * Polls of the state before sleeping on it: a product's parts take about as long on both threads, and the
 * next product of a step follows soon, so a short spin saves a sleep and a wake (tens of µs each).
 */
const SPINS = 1 << 16;
/** Int32 slots a control block needs. */
export const CONTROL_SLOTS = 16;
/** Multiply-adds from which a product is split (below, waking the helper costs more than it saves). */
export const SPLIT_MIN = 1 << 19;
/** How long the caller waits for a claimed job before it computes the part itself (ms). */
const JOIN_TIMEOUT_MS = 5000;

/** The product kernel's signature (wasmKernels.ts): byte addresses, strides, sizes. */
export type GemmKernel = (
  aPtr: number,
  asi: number,
  asp: number,
  bPtr: number,
  bsp: number,
  cPtr: number,
  m: number,
  k: number,
  n4: number,
  cs: number,
  biasPtr: number,
) => void;
type GemmArgs = Parameters<GemmKernel>;

/** What a helper thread needs: the shared memory, the compiled kernels and the control block. */
export interface HelperInit {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  control: Int32Array;
}

let control: Int32Array | undefined;
let stopThread: (() => void) | undefined;
let paused = false;
let starter: (() => void) | undefined;

/**
 * Registers how to start a helper thread, called once at the first product large enough to split (so a
 * network of small products never starts one).
 */
export function offerHelper(start: () => void): void {
  starter = control ? undefined : start;
}

/** Keeps the products on this thread while `on` (the helper stays); for the bench's one-thread rows. */
export function pauseHelper(on: boolean): void {
  paused = on;
}

/** Uses the helper thread serving `init` for large products from now on (undefined: stops using one). */
export function useHelper(init: HelperInit | undefined, stop?: () => void): void {
  if (control && control !== init?.control) {
    Atomics.store(control, STATE, STOP);
    Atomics.notify(control, STATE);
    stopThread?.();
  }
  control = init?.control;
  stopThread = init ? stop : undefined;
  if (control) Atomics.store(control, STATE, IDLE);
}

/** Products (their lower rows) the helper thread has computed so far (0 without one). */
export function helperJobs(): number {
  return control ? Atomics.load(control, JOBS) : 0;
}

/** True once the helper thread serves the control block in use (it takes a few ms to start). */
export function helperReady(): boolean {
  return control !== undefined && Atomics.load(control, READY) === 1;
}

/** True when large products are split with a helper thread. */
export function helperInUse(): boolean {
  return control !== undefined;
}

/**
 * gemm(aPtr, asi, asp, bPtr, bsp, cPtr, m, k, n4, cs, biasPtr) on two threads when a helper is in use and
 * the product is large: rows [0, h) here, [h, m) on the helper, h a multiple of 4 (so this thread's
 * four-row blocks end exactly at h and the two never store to the same row).
 */
export function splitGemm(gemm: GemmKernel, args: GemmArgs): void {
  const [aPtr, asi, , , , cPtr, m, k, n4, cs] = args;
  const c = control;
  const large = m >= 8 && m * k * n4 >= SPLIT_MIN;
  if (!c && large && starter) {
    const start = starter;
    starter = undefined;
    start(); // serves from a later product on
  }
  if (!c || paused || !large || Atomics.load(c, STATE) !== IDLE) {
    gemm(...args);
    return;
  }
  const h = ((m >> 1) + 3) & ~3;
  const upper: GemmArgs = [...args];
  upper[6] = h;
  const lower: GemmArgs = [...args];
  lower[0] = aPtr + h * asi;
  lower[5] = cPtr + h * cs;
  lower[6] = m - h;
  for (let i = 0; i < lower.length; i++) c[ARGS + i] = lower[i];
  Atomics.store(c, STATE, POSTED);
  Atomics.notify(c, STATE);
  gemm(...upper);
  if (Atomics.compareExchange(c, STATE, POSTED, IDLE) === POSTED) {
    gemm(...lower); // not claimed: done here
    return;
  }
  for (let i = 0; i < SPINS && Atomics.load(c, STATE) === CLAIMED; i++);
  const t0 = Date.now();
  while (Atomics.load(c, STATE) === CLAIMED) {
    if (Atomics.wait(c, STATE, CLAIMED, JOIN_TIMEOUT_MS) === 'timed-out' && Date.now() - t0 >= JOIN_TIMEOUT_MS) {
      // The helper stalled mid-job: compute its rows here (the same numbers) and stop using it.
      gemm(...lower);
      useHelper(undefined);
      return;
    }
  }
  Atomics.store(c, STATE, IDLE);
}

/** The helper thread's loop: claims posted products and computes them until told to stop. */
export function serveHelper(init: HelperInit): void {
  const gemm = (new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as { gemm: GemmKernel })
    .gemm;
  const c = init.control;
  const args = new Array<number>(ARGS_COUNT).fill(0) as GemmArgs;
  Atomics.store(c, READY, 1);
  let idle = 0;
  for (;;) {
    const s = Atomics.load(c, STATE);
    if (s === STOP) return;
    if (s === POSTED && Atomics.compareExchange(c, STATE, POSTED, CLAIMED) === POSTED) {
      for (let i = 0; i < args.length; i++) args[i] = c[ARGS + i];
      gemm(...args);
      Atomics.add(c, JOBS, 1);
      Atomics.store(c, STATE, DONE);
      Atomics.notify(c, STATE);
      idle = 0;
      continue;
    }
    if (idle++ < SPINS) continue;
    Atomics.wait(c, STATE, s);
    idle = 0;
  }
}
