/**
 * Runs training in a worker thread (dist/worker.js, the bundled core) so the extension host never
 * blocks: one run at a time, progress as a cancellable notification. The run itself (history,
 * weights, grid, result) is written into the document's record, which the panel, the status bar
 * and the hover follow; this host keeps only the worker. Stop, cancelling the notification and
 * closing the document end the run; divergence (NaN) or a crash of the worker ends that run with a
 * clear message and nothing else. A network's worker outlives its run: it holds the document's model (weights
 * and optimizer state), so the next Train continues it and Step makes one update at a time on it, as long as its
 * weights are still the document's current ones (the record's weightsStamp tells); otherwise it is given a model
 * built from the current weights. The worker ends with its document, or when a run fails.
 */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import type { GraphConfig, NetworkConfig } from '../engine/config';
import type { DecisionGrid, EpochMetrics, PassReport, TrainResult, TrainTestData } from '../engine/types';
import { isFromWorker, transferList, type FromWorker, type ToWorker } from '../protocol/messages';
import { DocumentRecords, type DocumentRecord, type TrainingRun } from './documentRecord';
import { Disposable } from './dispose';
import { Output } from './output';
import { readSettings } from './settings';
import { shownInTab } from './tabs';
import { finishedText, formatMetrics, stopMessage, trainingText } from '../text/training';
import { TRAINING_CONTEXT } from './commandIds';

/** Documents whose models stay in their workers at once; beyond it the oldest is let go (its weights stay in its record). */
const MAX_HELD_MODELS = 4;
/** How long a worker may take to acknowledge 'stop' before it is terminated. */
const STOP_GRACE_MS = 1500;

/** A run as the API reports it: the worker's side and the record's. */
export interface TrainingState {
  runId: number;
  uri: vscode.Uri;
  fileName: string;
  epochs: number;
  latest?: EpochMetrics;
  /** The worker's thread id (never the extension host's). */
  threadId: number;
  progressMessages: number;
}

/** The worker of a run and what it reports to: the document's record, the notification, the caller. */
interface Run {
  runId: number;
  uri: vscode.Uri;
  fileName: string;
  worker: Worker;
  /** Its listeners on the worker, removed when the run ends (the worker may live on). */
  listeners: { message: (m: unknown) => void; error: (e: Error) => void; exit: (code: number) => void };
  /** Whether the worker holds a network's model worth keeping after the run. */
  keepsModel: boolean;
  /** The record the run writes into, and the run there (kept even if the document closes meanwhile). */
  record: DocumentRecord;
  trained: TrainingRun;
  finished: boolean;
  stopTimer?: ReturnType<typeof setTimeout>;
  resolve: (r: TrainResult | undefined) => void;
  promise: Promise<TrainResult | undefined>;
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  reported: number;
  endNotification: () => void;
}

function stateOf(run: Run): TrainingState {
  const { runId, uri, fileName, trained } = run;
  return {
    runId,
    uri,
    fileName,
    epochs: trained.epochs,
    latest: trained.history[trained.history.length - 1],
    threadId: run.worker.threadId,
    progressMessages: trained.progressMessages,
  };
}

/** A worker holding a document's model, and the record's weightsStamp when its weights were the document's. */
interface HeldModel {
  worker: Worker;
  stamp: number;
  /** The optimizer its trainer holds state for (a 'continue' or 'step' with another kind starts it afresh). */
  optimizer?: string;
  /** dataFingerprint of the data its model trains on: other data (a CSV changed on disk) needs a new model. */
  data?: number;
  /** The Step under way on it, if any (steps run one after another). */
  busy?: Promise<unknown>;
}

/** What a Step gave: the pass at the new weights (with every update) and where it stands, or why not. */
export type StepOutcome =
  | {
      report: PassReport;
      position: { epoch: number; batch: number; batches: number; batchLoss: number };
      loss: number;
      metrics?: EpochMetrics;
    }
  | { failed: string };

const fingerprints = new WeakMap<TrainTestData, number>();

/**
 * A 32-bit FNV-style hash of the data's sizes and every number's bits (training and test sets), once per data
 * object (the spec store keeps one per document version).
 */
function dataFingerprint(data: TrainTestData): number {
  const known = fingerprints.get(data);
  if (known !== undefined) return known;
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h = Math.imul(h ^ v, 16777619);
  };
  for (const set of [data.train, data.test]) {
    if (!set) continue;
    mix(set.n);
    mix(set.inputs);
    for (const a of [set.x, set.targets]) {
      const words = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
      for (let i = 0; i < words.length; i++) mix(words[i]);
    }
  }
  fingerprints.set(data, h >>> 0);
  return h >>> 0;
}

export class TrainingHost extends Disposable {
  private run: Run | undefined;
  private readonly held = new Map<string, HeldModel>();
  private nextRunId = 1;
  private lastEnded: Run | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly records: DocumentRecords,
    private readonly output: Output,
  ) {
    super();
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.isTraining(doc.uri)) this.stop();
        else this.release(doc.uri.toString());
      }),
    );
    this._register(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.closed.length > 0) this.stopIfNoTabShowsRun();
      }),
    );
  }

  /** The run under way, if any. */
  get state(): TrainingState | undefined {
    return this.run && stateOf(this.run);
  }

  /** The last run that ended: its state and result, or why it failed (for the API). */
  get lastFinished(): { state: TrainingState; result?: TrainResult; failure?: string } | undefined {
    const run = this.lastEnded;
    return run && { state: stateOf(run), result: run.trained.result, failure: run.trained.failure };
  }

  isTraining(uri?: vscode.Uri): boolean {
    return !!this.run && (!uri || this.run.uri.toString() === uri.toString());
  }

  /**
   * Trains `doc`'s checked configuration on its data; resolves with the result when the run ends, undefined when
   * it failed. `from`: the spec's own configuration, the epochs behind the weights `config` starts from, which
   * they are, and whether they are trained ones — then the worker holding them continues its model, optimizer
   * state included.
   */
  start(
    doc: vscode.TextDocument,
    config: NetworkConfig,
    data: TrainTestData,
    from?: { config: NetworkConfig; startEpoch: number; label: string; trained?: boolean },
    /** The samples of the run's final pass (the panel's choice; default the whole batch). */
    samples?: number[],
  ): Promise<TrainResult | undefined> {
    const start = from && { config: from.config, startEpoch: from.startEpoch };
    const key = doc.uri.toString();
    const held = this.held.get(key);
    const continues = this.holdsCurrent(held, key, data, !!from?.trained);
    const optimizer = config.train.optimizer.kind;
    const state = !continues
      ? ', optimizer state afresh'
      : held?.optimizer === optimizer
        ? ', optimizer state kept'
        : ', optimizer changed: its state afresh';
    const label = from?.label && `${from.label}${from.trained ? state : ''}`;
    return this.launch(doc, config.train.epochs, undefined, start, label, true, (runId, progressIntervalMs) => {
      // The worker now holding this document's model trains with this configuration and data.
      const holder = this.held.get(key);
      if (holder) this.remember(holder, config, data);
      if (continues) {
        const message: ToWorker = {
          type: 'continue',
          runId,
          train: config.train,
          epochs: config.train.epochs,
          progressIntervalMs,
          ...(samples ? { samples } : {}),
        };
        return [message, []];
      }
      // The spec store keeps its configuration and data for the other actions: the worker gets a copy, whose buffers move.
      const copy = structuredClone({ config, data });
      const message: ToWorker = { type: 'start', runId, ...copy, progressIntervalMs, ...(samples ? { samples } : {}) };
      return [message, transferList(copy.config, copy.data)];
    });
  }

  /** Trains a graph spec: gradient descent on its output over `train: params` (the graph must have `train`). */
  startGraph(doc: vscode.TextDocument, graph: GraphConfig): Promise<TrainResult | undefined> {
    return this.launch(
      doc,
      graph.train?.epochs ?? 0,
      graph.output,
      undefined,
      undefined,
      false,
      (runId, progressIntervalMs) => [{ type: 'startGraph', runId, graph, progressIntervalMs }, []],
    );
  }

  /**
   * One optimizer update on the next mini-batch of `doc`'s model, in its worker (the held model when its weights
   * are the current ones, else one built from `config`, which starts from them); the report is a backward pass at
   * the new weights over `samples`. Steps of one document run one after another; none while it trains.
   */
  async step(
    doc: vscode.TextDocument,
    config: NetworkConfig,
    data: TrainTestData,
    trained: boolean,
    samples: number[] | undefined,
  ): Promise<StepOutcome> {
    const key = doc.uri.toString();
    if (this.isTraining(doc.uri)) return { failed: `${basename(doc.uri.fsPath)} is training: stop it first` };
    let held = await this.idleHeld(key);
    const continues = this.holdsCurrent(held, key, data, trained);
    if (!held) {
      const worker = this.newWorker(doc, `nnspec-model-${this.nextRunId}`);
      if ('failed' in worker) return worker;
      held = this.hold(key, worker.worker, -1);
    }
    const runId = this.nextRunId++;
    const worker = held.worker;
    const copy = continues ? undefined : structuredClone({ config, data });
    const message: ToWorker = {
      type: 'step',
      runId,
      train: config.train,
      ...(copy ? { model: copy } : {}),
      ...(samples ? { samples } : {}),
    };
    const outcome = new Promise<StepOutcome>((resolve) => {
      const done = (o: StepOutcome): void => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(o);
      };
      const onMessage = (m: unknown): void => {
        if (!isFromWorker(m) || m.runId !== runId) return;
        if (m.type === 'failed') done({ failed: m.message });
        else if (m.type === 'stepped') {
          const { epoch, batch, batches, batchLoss, loss, metrics, report } = m;
          done({ report, position: { epoch, batch, batches, batchLoss }, loss, ...(metrics ? { metrics } : {}) });
        }
      };
      const onExit = (code: number): void => done({ failed: `the worker stopped unexpectedly (exit code ${code})` });
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
    held.busy = outcome;
    this.remember(held, config, data);
    worker.postMessage(message, copy ? transferList(copy.config, copy.data) : []);
    const result = await outcome;
    if (held.busy === outcome) held.busy = undefined;
    if ('failed' in result) this.release(key);
    return result;
  }

  /** After the record took a Step's weights: the held model is them. */
  stepTaken(uri: vscode.Uri): void {
    const held = this.held.get(uri.toString());
    if (held) held.stamp = this.records.record(uri.toString()).weightsStamp;
  }

  /** Forgets `doc`'s model in its worker (Reset Weights): the next action builds one from the current weights. */
  release(key: string): void {
    const held = this.held.get(key);
    if (!held || (this.run && this.run.worker === held.worker)) return;
    this.held.delete(key);
    void held.worker.terminate();
  }

  /** `key`'s held model once no Step is under way on it (undefined when there is none). */
  private async idleHeld(key: string): Promise<HeldModel | undefined> {
    let held = this.held.get(key);
    while (held?.busy) {
      await held.busy.catch(() => undefined);
      held = this.held.get(key);
    }
    return held;
  }

  /**
   * Whether `held` holds the document's current model: the weights an action starts from are trained (`trained`)
   * and are the ones it holds (the record's weightsStamp has not moved since), on the same data.
   */
  private holdsCurrent(held: HeldModel | undefined, key: string, data: TrainTestData, trained: boolean): boolean {
    return (
      trained && !!held && held.stamp === this.records.record(key).weightsStamp && held.data === dataFingerprint(data)
    );
  }

  /** What the model in `held` is now being trained with: the optimizer its state is for, and the data. */
  private remember(held: HeldModel, config: NetworkConfig, data: TrainTestData): void {
    held.optimizer = config.train.optimizer.kind;
    held.data = dataFingerprint(data);
  }

  /** A worker for `doc` with the memory limit of its settings, or why there is none. */
  private newWorker(doc: vscode.TextDocument, name: string): { worker: Worker } | { failed: string } {
    try {
      const limit = readSettings(doc.uri).trainingMaxMemoryMb;
      const worker = new Worker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'worker.js').fsPath, {
        name,
        resourceLimits: { maxOldGenerationSizeMb: limit },
      });
      // An idle worker that dies (memory, a crash) takes its model with it: the record's weights remain.
      worker.on('error', () => undefined);
      return { worker };
    } catch (e) {
      return { failed: `cannot start a worker: ${(e as Error).message}` };
    }
  }

  /** Keeps `worker` as the one holding `key`'s model, forgotten when it exits. */
  private hold(key: string, worker: Worker, stamp: number): HeldModel {
    const held: HeldModel = { worker, stamp };
    this.held.delete(key);
    this.held.set(key, held);
    // A bounded number of idle models (each a worker thread with its own memory): the least recently made go first.
    for (const [other, h] of this.held) {
      if (this.held.size <= MAX_HELD_MODELS) break;
      if (other !== key && !h.busy && this.run?.worker !== h.worker) this.release(other);
    }
    worker.once('exit', () => {
      if (this.held.get(key) === held) this.held.delete(key);
    });
    return held;
  }

  /**
   * Starts (or, for a network, reuses the held) worker for `doc` and a run in its record (`lossName`: a graph's
   * output), posting the message `startMessage` makes (with its transfer list); resolves with the result when the
   * run ends. `keepsModel`: the worker holds a network's model worth keeping after the run.
   */
  private async launch(
    doc: vscode.TextDocument,
    epochs: number,
    lossName: string | undefined,
    from: { config: NetworkConfig; startEpoch: number } | undefined,
    weights: string | undefined,
    keepsModel: boolean,
    startMessage: (runId: number, progressIntervalMs: number) => [ToWorker, ArrayBuffer[]],
  ): Promise<TrainResult | undefined> {
    if (this.run && this.isTraining(doc.uri)) {
      void vscode.window.showInformationMessage(`${this.run.fileName} is already training.`, 'Stop').then((c) => {
        if (c) this.stop();
      });
      return this.run.promise;
    }
    if (this.run) await this.stopAndWait();
    const key = doc.uri.toString();
    const held = await this.idleHeld(key);
    const settings = readSettings(doc.uri);
    const runId = this.nextRunId++;
    let worker: Worker;
    if (held && keepsModel) worker = held.worker;
    else {
      if (held) this.release(key);
      const made = this.newWorker(doc, `nnspec-training-${runId}`);
      if ('failed' in made) {
        void vscode.window.showErrorMessage(`Train: cannot start the training worker: ${made.failed}`);
        return undefined;
      }
      worker = made.worker;
      if (keepsModel) this.hold(key, worker, -1);
    }
    let resolve!: (r: TrainResult | undefined) => void;
    const promise = new Promise<TrainResult | undefined>((r) => {
      resolve = r;
    });
    let endNotification!: () => void;
    const notificationDone = new Promise<void>((r) => {
      endNotification = r;
    });
    const fileName = doc.isUntitled ? doc.uri.path : basename(doc.uri.fsPath);
    const record = this.records.record(doc.uri.toString());
    const run: Run = {
      runId,
      uri: doc.uri,
      fileName,
      worker,
      listeners: {
        message: (m: unknown) => {
          if (isFromWorker(m) && m.runId === runId) this.receive(run, m);
        },
        error: (e: Error) =>
          this.fail(
            run,
            (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `the training worker ran out of memory (limit ${settings.trainingMaxMemoryMb} MB, setting nnspec.training.maxMemoryMb)`
              : `the training worker crashed: ${e.message}`,
          ),
        exit: (code: number) => {
          if (!run.finished) this.fail(run, `the training worker stopped unexpectedly (exit code ${code})`);
        },
      },
      keepsModel,
      record,
      trained: record.startRun(runId, epochs, doc.version, doc.getText(), lossName, from),
      finished: false,
      resolve,
      promise,
      reported: 0,
      endNotification,
    };
    this.run = run;
    worker.on('message', run.listeners.message);
    worker.on('error', run.listeners.error);
    worker.on('exit', run.listeners.exit);
    const [start, transfer] = startMessage(runId, settings.liveUpdateIntervalMs);
    worker.postMessage(start, transfer);

    void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT, true);
    this.output.line(
      `Training ${fileName}: ${epochs} epochs in a worker thread${weights ? `, from the ${weights}` : ''}…`,
    );
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${fileName}`, cancellable: true },
      (progress, token) => {
        run.progress = progress;
        progress.report({ message: trainingText(undefined, run.trained.epochs, run.trained.lossName) });
        token.onCancellationRequested(() => {
          if (this.run === run) this.stop();
        });
        return notificationDone;
      },
    );
    return promise;
  }

  /** Asks the running worker to stop; it is terminated if it does not answer in time. False when nothing runs. */
  stop(): boolean {
    const run = this.run;
    if (!run || run.finished) return false;
    if (run.stopTimer === undefined) {
      const stop: ToWorker = { type: 'stop', runId: run.runId };
      run.worker.postMessage(stop);
      run.stopTimer = setTimeout(() => {
        if (!run.finished) this.finish(run, this.cancelledResult(run));
      }, STOP_GRACE_MS);
    }
    return true;
  }

  private async stopAndWait(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.stop();
    await run.promise;
  }

  private stopIfNoTabShowsRun(): void {
    const run = this.run;
    if (!run) return;
    if (!shownInTab(run.uri)) this.stop();
  }

  private receive(run: Run, m: FromWorker): void {
    if (run.finished) return;
    switch (m.type) {
      case 'progress': {
        run.record.progress(run.runId, m.metrics, m.epochs, m.snapshot, m.grid);
        const { latest, epochs } = stateOf(run);
        const done = latest?.epoch ?? 0;
        const increment = (100 * (done - run.reported)) / Math.max(1, epochs);
        run.reported = done;
        run.progress?.report({ message: trainingText(latest, epochs, run.trained.lossName), increment });
        return;
      }
      case 'done':
        return this.finish(run, m.result, m.snapshot, m.grid);
      case 'failed':
        return this.fail(run, m.message);
    }
  }

  /** The result of a run whose worker was ended because it did not answer a stop in time. */
  private cancelledResult(run: Run): TrainResult {
    const history = [...run.trained.history];
    const final = history[history.length - 1] ?? { epoch: 0, loss: Number.NaN };
    return { reason: 'cancelled', epochs: final.epoch, detail: 'unanswered', history, final };
  }

  private finish(run: Run, result: TrainResult, snapshot?: PassReport, grid?: DecisionGrid): void {
    // A run that answered (not one ended for want of an answer) and did not diverge leaves its model in the worker.
    const keep =
      run.keepsModel &&
      result.reason !== 'diverged' &&
      !(result.reason === 'cancelled' && result.detail === 'unanswered');
    if (!this.end(run, keep)) return;
    run.record.endRun(run.runId, result, snapshot, grid);
    const key = run.uri.toString();
    const held = this.held.get(key);
    if (keep && held?.worker === run.worker) {
      held.stamp = run.record.weightsStamp;
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.release(key);
    }
    const where = `${run.fileName}, epoch ${result.final.epoch}`;
    const metrics = formatMetrics(result.final, run.trained.lossName);
    const message = stopMessage(result, run.trained.lossName);
    this.output.line(`Training ${run.fileName} ${result.reason}: ${message} (${metrics})`);
    if (result.reason === 'diverged') void vscode.window.showErrorMessage(`Training diverged (${where}): ${message}`);
    else if (result.reason === 'cancelled')
      void vscode.window.showInformationMessage(`Training stopped (${where}, ${metrics}).`);
    else void vscode.window.showInformationMessage(finishedText(run.fileName, result, run.trained.lossName));
    run.resolve(result);
  }

  private fail(run: Run, message: string): void {
    if (!this.end(run)) return;
    run.record.failRun(run.runId, message);
    this.output.line(`Training ${run.fileName} failed: ${message}`);
    void vscode.window.showErrorMessage(`Training ${run.fileName} failed: ${message}`);
    run.resolve(undefined);
  }

  /**
   * Marks the run finished and releases its worker, notification and context key; false if it already was.
   * The caller then writes the run's end into the record, which announces it.
   */
  private end(run: Run, keepWorker = false): boolean {
    if (run.finished) return false;
    run.finished = true;
    this.lastEnded = run;
    if (run.stopTimer !== undefined) clearTimeout(run.stopTimer);
    run.worker.off('message', run.listeners.message);
    run.worker.off('error', run.listeners.error);
    run.worker.off('exit', run.listeners.exit);
    if (!keepWorker) {
      void run.worker.terminate();
      if (this.held.get(run.uri.toString())?.worker === run.worker) this.held.delete(run.uri.toString());
    }
    run.endNotification();
    if (this.run === run) {
      this.run = undefined;
      void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT, false);
    }
    return true;
  }

  override dispose(): void {
    if (this.run) this.end(this.run);
    for (const held of this.held.values()) void held.worker.terminate();
    this.held.clear();
    super.dispose();
  }
}
