/**
 * The training worker (bundled to dist/worker.js, run in a worker_threads Worker by trainingHost.ts):
 * builds the network (or the computational graph) from the checked configuration it is sent (the host opened the spec; the worker
 * never analyses text) and trains it on the data that came with it, epoch by epoch in short slices,
 * yielding to its event loop between slices so a 'stop' is handled promptly. A network's model (engine/model.ts:
 * weights, optimizer state, position) stays in the worker after its run, so 'continue' trains it on and 'step'
 * makes one update at a time (answered by 'stepped', a backward pass at the new weights with every update).
 * Posts throttled 'progress' (metrics, a snapshot backward pass on a few samples, the decision grid)
 * and one 'done' or 'failed'. Every incoming message is validated; nothing in a spec runs as code.
 */
import { parentPort } from 'node:worker_threads';
import { Network } from '../engine/network';
import { Model } from '../engine/model';
import type { Trainer } from '../engine/trainer';
import { Graph } from '../engine/graph/graph';
import { GraphTrainer } from '../engine/graph/train';
import { backwardReport, forwardReport, ReportTooLarge, withUpdates } from '../engine/passes';
import { GradcheckRun } from '../engine/gradcheck';
import { decisionGrid } from '../engine/predict';
import type { Dataset, DecisionGrid, EpochMetrics, PassReport, TrainResult, TrainTestData } from '../engine/types';
import type { NetworkConfig } from '../engine/config';
import { isToWorker, type FromWorker, type ToWorker } from '../protocol/messages';
import { ProgressThrottle } from './progressThrottle';
import { gridResolution, sendsSnapshot } from './snapshotBudget';
import { offerKernelThread } from '../node/kernelThreads';

/** Longest stretch of epochs between two yields to the event loop. */
const SLICE_MS = 15;
/** Samples in the snapshot backward pass sent with progress. */
const SNAPSHOT_SAMPLES = 4;
const port = parentPort;
let current: { runId: number; stopped: boolean } | undefined;
/** The network's model this worker holds (from its last 'start' or a 'step' that brought one). */
let model: Model | undefined;

/** Holds a fresh model of `config` on `data` (the old one let go first, so the two never live at once). */
function loadModel(config: NetworkConfig, data: TrainTestData): Model {
  offerKernelThread(); // a training worker's large products on two cores (the same numbers)
  model = undefined;
  model = new Model(config, data);
  return model;
}

function post(m: FromWorker): void {
  port?.postMessage(m);
}

/**
 * The weights (a backward pass) and decision grid to send: while training on a few samples spread over the data
 * set (not its first rows, which generators group by class or place at the centre); at the end (`final`) over the
 * samples the panel's picker names (`chosen`, default the whole batch), so its J is that of what the picker says —
 * the whole batch's is the training loss.
 */
function snapshotOf(
  net: Network,
  data: Dataset,
  final = false,
  chosen?: number[],
): { snapshot?: PassReport; grid?: DecisionGrid } {
  try {
    const params = net.paramCount();
    const count = Math.min(SNAPSHOT_SAMPLES, data.n);
    const spread = Array.from({ length: count }, (_, i) => Math.floor((i * data.n) / count));
    const samples = final ? chosen?.filter((i) => i < data.n) : spread;
    const resolution = gridResolution(params);
    return {
      snapshot: sendsSnapshot(params) ? backwardReport(net, data, samples) : undefined,
      grid: resolution > 0 ? decisionGrid(net, data, resolution) : undefined,
    };
  } catch {
    return {};
  }
}

/** What a run trains: a network (with snapshots of its weights and the decision grid) or a graph. */
interface Job {
  trainer: Pick<Trainer, 'step' | 'done' | 'cancel' | 'result'>;
  epochs: number;
  /** The weights and grid to send; `final`: the run's last, over the samples the run was given. */
  snapshot: (final?: boolean) => { snapshot?: PassReport; grid?: DecisionGrid };
}

/**
 * A run of the held model: `epochs` more epochs, with snapshots of its weights and grid. Its epochs are
 * counted from the run's start (1 is its first), as the host counts every run, whatever came before.
 */
function modelJob(held: Model, epochs: number, samples?: number[]): Job {
  held.beginRun(epochs);
  const offset = held.position.epoch;
  const shift = (m: EpochMetrics): EpochMetrics => ({ ...m, epoch: m.epoch - offset });
  return {
    trainer: {
      step: () => {
        const m = held.trainEpoch();
        return m && shift(m);
      },
      get done() {
        return held.done;
      },
      cancel: () => held.cancel(),
      result: () => {
        const r = held.result();
        const stop = 'epoch' in r ? { epoch: r.epoch - offset } : {};
        return { ...r, ...stop, history: r.history.map(shift), final: shift(r.final) } as TrainResult;
      },
    },
    epochs,
    snapshot: (final) => snapshotOf(held.net, held.data.train, final, samples),
  };
}

function jobOf(m: Extract<ToWorker, { type: 'start' | 'startGraph' | 'continue' }>): Job {
  if (m.type === 'startGraph') {
    const train = m.graph.train!;
    model = undefined;
    return { trainer: new GraphTrainer(new Graph(m.graph), train), epochs: train.epochs, snapshot: () => ({}) };
  }
  if (m.type === 'continue') {
    if (!model) throw new Error('this worker holds no model to continue');
    model.reconfigure(m.train);
    return modelJob(model, m.epochs, m.samples);
  }
  return modelJob(loadModel(m.config, m.data), m.config.train.epochs, m.samples);
}

/** One update of the held model (built first when the message brings one), answered by 'stepped'. */
function step(m: Extract<ToWorker, { type: 'step' }>): void {
  try {
    if (m.model) loadModel(m.model.config, m.model.data);
    if (!model) throw new Error('this worker holds no model to step');
    if (!sendsSnapshot(model.net.paramCount()))
      throw new Error('the network is too large to show a step edge by edge; train it instead');
    model.reconfigure(m.train);
    const s = model.step();
    const report = withUpdates(backwardReport(model.net, model.data.train, m.samples), model.net, s.updates);
    const position = { epoch: s.epoch, batch: s.batch, batches: s.batches };
    post({
      type: 'stepped',
      runId: m.runId,
      ...position,
      batchLoss: s.loss,
      loss: s.lossAfter,
      ...(s.metrics ? { metrics: s.metrics } : {}),
      report,
    });
  } catch (e) {
    post({ type: 'failed', runId: m.runId, message: (e as Error).message });
  }
}

function start(m: Extract<ToWorker, { type: 'start' | 'startGraph' | 'continue' }>): void {
  const run = { runId: m.runId, stopped: false };
  current = run;
  const fail = (message: string): void => post({ type: 'failed', runId: run.runId, message });
  let job: Job;
  try {
    job = jobOf(m);
  } catch (e) {
    return fail((e as Error).message);
  }
  const { trainer, epochs } = job;
  const throttle = new ProgressThrottle(m.progressIntervalMs);

  const slice = (): void => {
    try {
      const t0 = Date.now();
      let ended = trainer.done;
      while (!run.stopped && !ended && Date.now() - t0 < SLICE_MS) {
        const metrics = trainer.step();
        if (metrics) throttle.push(metrics);
        ended = !metrics || trainer.done;
      }
      if (run.stopped && !ended) trainer.cancel();
      if (run.stopped || ended) {
        post({ type: 'done', runId: run.runId, result: trainer.result(), ...job.snapshot(true) });
        if (current === run) current = undefined;
        return;
      }
      const now = Date.now();
      if (throttle.due(now))
        post({ type: 'progress', runId: run.runId, metrics: throttle.take(now), epochs, ...job.snapshot() });
      setImmediate(slice);
    } catch (e) {
      fail(`training failed: ${(e as Error).message}`);
      if (current === run) current = undefined;
    }
  };
  setImmediate(slice);
}

/** Milliseconds between a gradient check's progress messages. */
const PROGRESS_MS = 200;

/** A pass or a gradient check: computed in slices (a gradient check posts its progress), then answered once. */
function compute(m: Extract<ToWorker, { type: 'compute' }>): void {
  const { runId } = m;
  const fail = (message: string): void => post({ type: 'failed', runId, message });
  try {
    const net = Network.fromSpec(m.config);
    if (m.job !== 'gradcheck') {
      try {
        const pass =
          m.job === 'forward'
            ? forwardReport(net, m.data.train, m.samples)
            : backwardReport(net, m.data.train, m.samples);
        post({ type: 'computed', runId, pass });
      } catch (e) {
        if (!(e instanceof ReportTooLarge)) throw e;
        post({ type: 'computed', runId, refused: { message: e.message, layer: e.layer } });
      }
      return;
    }
    const run = new GradcheckRun(net, m.data.train, m.gradcheck);
    const t0 = Date.now();
    let reported = t0;
    const slice = (): void => {
      try {
        const start = Date.now();
        let done = false;
        while (!done && Date.now() - start < SLICE_MS) done = run.advance(Math.max(1, Math.ceil(run.total / 1000)));
        if (done) return post({ type: 'computed', runId, gradcheck: run.report() });
        const now = Date.now();
        if (now - reported >= PROGRESS_MS) {
          reported = now;
          post({ type: 'computeProgress', runId, checked: run.checked, total: run.total, ms: now - t0 });
        }
        setImmediate(slice);
      } catch (e) {
        fail(`gradient check failed: ${(e as Error).message}`);
      }
    };
    setImmediate(slice);
  } catch (e) {
    fail((e as Error).message);
  }
}

port?.on('message', (m: unknown) => {
  if (!isToWorker(m)) return;
  if (m.type === 'compute') return compute(m);
  if (m.type === 'step') return step(m);
  if (m.type === 'stop') {
    if (current && current.runId === m.runId) current.stopped = true;
    return;
  }
  if (current) current.stopped = true;
  start(m);
});
