/**
 * The helper thread's entry (dist/kernelThread.js): serves the engine's large products on a second core
 * (engine/kernelHelper.ts) with the memory, kernels and control block it is started with.
 */
import { workerData } from 'node:worker_threads';
import { serveHelper, type HelperInit } from '../engine/kernelHelper';

serveHelper(workerData as HelperInit);
