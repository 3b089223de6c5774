/**
 * Training in the editor at the engine's speed (issue 12): workload A trained for a fixed number of
 * epochs through the real training worker (dist/worker.js, a worker_threads Worker, progress messages
 * with snapshots and decision grids at the editor's default live-update interval) against the engine's
 * Trainer alone in this thread, alternating, each timed from the start message to the run's end. One worker
 * serves every run, as the editor keeps a document's training worker (and its model) between runs. The
 * bar: the worker within 5 % of the engine alone.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Network } from '../../src/engine/network';
import { Trainer } from '../../src/engine/trainer';
import type { TrainTestData } from '../../src/engine/types';
import { isFromWorker, type ToWorker } from '../../src/protocol/messages';
import { median } from './timing';
import { workloadSpec, type Workload } from './workloads';

/** The editor's default live-update interval (settings: nnspec.training.liveUpdateIntervalMs). */
const LIVE_UPDATE_MS = 250;

export interface WorkerRow {
  epochs: number;
  /** Median µs per epoch over the rounds. */
  worker: number;
  engine: number;
  /** Progress messages of the last worker run. */
  progress: number;
  rounds: number;
}

function engineRun(w: Workload, epochs: number): number {
  const net = Network.fromSpec(workloadSpec(w, epochs));
  const trainer = new Trainer(net, { train: w.data }, { epochs });
  const t0 = performance.now();
  while (trainer.step());
  return ((performance.now() - t0) * 1000) / epochs;
}

/** One run of `epochs` epochs in `worker`, timed from the start message to the run's end. */
async function workerRun(
  w: Workload,
  epochs: number,
  worker: Worker,
  runId: number,
): Promise<{ us: number; progress: number }> {
  const data: TrainTestData = { train: w.data };
  let progress = 0;
  let listener: ((m: unknown) => void) | undefined;
  const t0 = performance.now();
  const done = new Promise<void>((resolve, reject) => {
    listener = (m: unknown) => {
      if (!isFromWorker(m) || m.runId !== runId) return;
      if (m.type === 'progress') progress++;
      else if (m.type === 'done') resolve();
      else if (m.type === 'failed') reject(new Error(m.message));
    };
    worker.on('message', listener);
    worker.once('error', reject);
  });
  const start: ToWorker = {
    type: 'start',
    runId,
    config: workloadSpec(w, epochs),
    data,
    progressIntervalMs: LIVE_UPDATE_MS,
  };
  worker.postMessage(start);
  await done;
  const us = ((performance.now() - t0) * 1000) / epochs;
  worker.off('message', listener!);
  worker.removeAllListeners('error');
  return { us, progress };
}

/** `rounds` alternating runs of `epochs` epochs each way. */
export async function measureWorker(w: Workload, epochs: number, rounds: number, distDir: string): Promise<WorkerRow> {
  // One worker for all runs, as the editor keeps a document's training worker between runs.
  const thread = new Worker(join(distDir, 'worker.js'));
  const worker: number[] = [];
  const engine: number[] = [];
  let progress = 0;
  await workerRun(w, Math.max(1, epochs >> 3), thread, 0); // warm-up: module load, JIT
  engineRun(w, Math.max(1, epochs >> 3));
  for (let r = 0; r < rounds; r++) {
    const run = await workerRun(w, epochs, thread, r + 1);
    worker.push(run.us);
    progress = run.progress;
    engine.push(engineRun(w, epochs));
  }
  await thread.terminate();
  return { epochs, worker: median(worker), engine: median(engine), progress, rounds };
}
