/**
 * Starts the engine's product helper on a second core, for the surfaces that train in Node (the CLI, the
 * training worker, the bench): a worker thread running kernelThread.js beside this bundle, sharing the
 * kernels' memory. Nothing changes in the numbers (engine/kernelHelper.ts); on a one-core machine, without
 * shared WebAssembly memory, or with NNSPEC_THREADS=1 nothing is started and the products run on one thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { helperInUse, offerHelper, useHelper } from '../engine/kernelHelper';
import { helperInit } from '../engine/wasmKernels';

/** Starts the helper once per thread; true when large products now use two cores. */
export function startKernelThread(): boolean {
  if (helperInUse()) return true;
  if (process.env.NNSPEC_THREADS === '1' || availableParallelism() < 2) return false;
  const entry = join(__dirname, 'kernelThread.js');
  if (!existsSync(entry)) return false;
  const init = helperInit();
  if (!init) return false;
  const worker = new Worker(entry, { workerData: init });
  worker.unref(); // never keeps a finished process alive
  worker.on('error', () => useHelper(undefined)); // the products go back to one thread
  useHelper(init, () => void worker.terminate());
  return true;
}

/** Lets the engine start the helper thread at its first product large enough to split (none for small networks). */
export function offerKernelThread(): void {
  offerHelper(() => void startKernelThread());
}

/** Stops using the helper thread (and ends it). */
export function stopKernelThread(): void {
  useHelper(undefined);
}
