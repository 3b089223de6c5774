/**
 * Runs training in a worker thread (dist/worker.js, the bundled core) so the extension host never
 * blocks: one run at a time, progress as a cancellable notification, live updates to the panel, the
 * status bar and the hover. Stop, cancelling the notification and closing the document end the run;
 * divergence (NaN) or a crash of the worker ends that run with a clear message and nothing else.
 */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import type { NetworkConfig } from '../engine/config';
import type { DecisionGrid, EpochMetrics, PassReport, TrainResult } from '../engine/types';
import { isFromWorker, type FromWorker, type ToWebview, type ToWorker } from '../protocol/messages';
import { SpecStore } from './specStore';
import { RunResults } from './runResults';
import { NetworkPanelHost } from './panelHost';
import { Output } from './output';
import { readSettings } from './settings';
import { trainingText, fmt } from './format';
import { TRAINING_CONTEXT } from './commandIds';

/** How long a worker may take to acknowledge 'stop' before it is terminated. */
const STOP_GRACE_MS = 1500;

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

interface Run {
  state: TrainingState;
  doc: vscode.TextDocument;
  worker: Worker;
  history: EpochMetrics[];
  finished: boolean;
  stopTimer?: ReturnType<typeof setTimeout>;
  resolve: (r: TrainResult | undefined) => void;
  promise: Promise<TrainResult | undefined>;
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  reported: number;
  endNotification: () => void;
  lastSnapshot?: PassReport;
  lastGrid?: DecisionGrid;
}

export class TrainingHost implements vscode.Disposable {
  private run: Run | undefined;
  private nextRunId = 1;
  private readonly changed = new vscode.EventEmitter<TrainingState | undefined>();
  /** Fires when a run starts, makes progress or ends (then with undefined). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** The last finished run's state and result, for the API. */
  lastFinished: { state: TrainingState; result?: TrainResult; failure?: string } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: SpecStore,
    private readonly results: RunResults,
    private readonly panel: NetworkPanelHost,
    private readonly output: Output,
  ) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.isTraining(doc.uri)) this.stop();
      }),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.closed.length > 0) this.stopIfNoTabShowsRun();
      }),
    );
    panel.trainingReplay = (uri) => this.replay(uri);
  }

  /** What a freshly loaded panel needs to show the run of `uri` under way: its start and its history so far. */
  private replay(uri: vscode.Uri): ToWebview[] {
    const run = this.run;
    if (!run || run.finished || run.state.uri.toString() !== uri.toString()) return [];
    return [
      { type: 'trainStart', epochs: run.state.epochs },
      { type: 'trainProgress', metrics: run.history, snapshot: run.lastSnapshot, grid: run.lastGrid },
    ];
  }

  get state(): TrainingState | undefined {
    return this.run?.state;
  }

  isTraining(uri?: vscode.Uri): boolean {
    return !!this.run && (!uri || this.run.state.uri.toString() === uri.toString());
  }

  /** Starts training `doc`'s spec; resolves with the result when the run ends, undefined when it failed. */
  async start(doc: vscode.TextDocument, spec: NetworkConfig): Promise<TrainResult | undefined> {
    if (this.run && this.isTraining(doc.uri)) {
      void vscode.window.showInformationMessage(`${this.run.state.fileName} is already training.`, 'Stop').then((c) => {
        if (c) this.stop();
      });
      return this.run.promise;
    }
    if (this.run) await this.stopAndWait();
    let files: Record<string, string>;
    try {
      files = this.store.filesFor(doc, spec);
    } catch (e) {
      void vscode.window.showErrorMessage(`Train: cannot read the data file: ${(e as Error).message}`);
      return undefined;
    }
    const settings = readSettings(doc.uri);
    const runId = this.nextRunId++;
    let worker: Worker;
    try {
      worker = new Worker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'worker.js').fsPath, {
        name: `nnspec-training-${runId}`,
        resourceLimits: { maxOldGenerationSizeMb: settings.trainingMaxMemoryMb },
      });
    } catch (e) {
      void vscode.window.showErrorMessage(`Train: cannot start the training worker: ${(e as Error).message}`);
      return undefined;
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
    const run: Run = {
      state: {
        runId,
        uri: doc.uri,
        fileName,
        epochs: spec.train.epochs,
        threadId: worker.threadId,
        progressMessages: 0,
      },
      doc,
      worker,
      history: [],
      finished: false,
      resolve,
      promise,
      reported: 0,
      endNotification,
    };
    this.run = run;
    worker.on('message', (m: unknown) => {
      if (isFromWorker(m) && m.runId === runId) this.receive(run, m);
    });
    worker.on('error', (e) =>
      this.fail(
        run,
        (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the training worker ran out of memory (limit ${settings.trainingMaxMemoryMb} MB, setting nnspec.training.maxMemoryMb)`
          : `the training worker crashed: ${e.message}`,
      ),
    );
    worker.on('exit', (code) => {
      if (!run.finished) this.fail(run, `the training worker stopped unexpectedly (exit code ${code})`);
    });
    const start: ToWorker = {
      type: 'start',
      runId,
      specText: doc.getText(),
      files,
      progressIntervalMs: settings.liveUpdateIntervalMs,
    };
    worker.postMessage(start);

    void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT, true);
    this.panel.post(doc, { type: 'trainStart', epochs: spec.train.epochs });
    this.output.line(`Training ${fileName}: ${spec.train.epochs} epochs in a worker thread…`);
    this.changed.fire(run.state);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${fileName}`, cancellable: true },
      (progress, token) => {
        run.progress = progress;
        progress.report({ message: trainingText(undefined, run.state.epochs) });
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
      const stop: ToWorker = { type: 'stop', runId: run.state.runId };
      run.worker.postMessage(stop);
      run.stopTimer = setTimeout(() => {
        if (!run.finished)
          this.finish(
            run,
            this.cancelledResult(run, 'stopped (the worker was ended because it did not answer in time)'),
          );
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
    const uri = run.state.uri.toString();
    const shown = vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri),
    );
    if (!shown) this.stop();
  }

  private receive(run: Run, m: FromWorker): void {
    if (run.finished) return;
    switch (m.type) {
      case 'progress': {
        run.history.push(...m.metrics);
        run.state.latest = m.metrics[m.metrics.length - 1] ?? run.state.latest;
        run.state.epochs = m.epochs;
        run.state.progressMessages++;
        run.lastSnapshot = m.snapshot ?? run.lastSnapshot;
        run.lastGrid = m.grid ?? run.lastGrid;
        this.snapshot(run, m.snapshot);
        const done = run.state.latest?.epoch ?? 0;
        const increment = (100 * (done - run.reported)) / Math.max(1, run.state.epochs);
        run.reported = done;
        run.progress?.report({ message: trainingText(run.state.latest, run.state.epochs), increment });
        this.panel.post(
          run.doc,
          { type: 'trainProgress', metrics: m.metrics, snapshot: m.snapshot, grid: m.grid },
          false,
        );
        this.changed.fire(run.state);
        return;
      }
      case 'done':
        return this.finish(run, m.result, m.snapshot, m.grid);
      case 'failed':
        return this.fail(run, m.message);
    }
  }

  private snapshot(run: Run, report: PassReport | undefined): void {
    if (report) this.results.setPass(run.state.uri, 'training', report, run.doc.version);
  }

  private cancelledResult(run: Run, message: string): TrainResult {
    const final = run.history[run.history.length - 1] ?? { epoch: 0, loss: Number.NaN };
    return { reason: 'cancelled', message, history: run.history, final };
  }

  private finish(run: Run, result: TrainResult, snapshot?: PassReport, grid?: DecisionGrid): void {
    if (!this.end(run)) return;
    this.snapshot(run, snapshot);
    this.results.setTraining(run.state.uri, {
      epochs: run.state.epochs,
      result,
      snapshot: snapshot ?? run.lastSnapshot,
      grid: grid ?? run.lastGrid,
    });
    this.lastFinished = { state: run.state, result };
    const where = `${run.state.fileName}, epoch ${result.final.epoch}`;
    const metrics = `loss ${fmt(result.final.loss, 4)}${result.final.accuracy !== undefined ? `, accuracy ${(result.final.accuracy * 100).toFixed(1)}%` : ''}`;
    this.output.line(`Training ${run.state.fileName} ${result.reason}: ${result.message} (${metrics})`);
    this.panel.post(run.doc, { type: 'trainEnd', result, snapshot, grid }, false);
    if (result.reason === 'diverged')
      void vscode.window.showErrorMessage(`Training diverged (${where}): ${result.message}`);
    else if (result.reason === 'cancelled')
      void vscode.window.showInformationMessage(`Training stopped (${where}, ${metrics}).`);
    else void vscode.window.showInformationMessage(`Training finished (${where}): ${metrics}. ${result.message}`);
    run.resolve(result);
  }

  private fail(run: Run, message: string): void {
    if (!this.end(run)) return;
    this.lastFinished = { state: run.state, failure: message };
    this.output.line(`Training ${run.state.fileName} failed: ${message}`);
    this.panel.post(run.doc, { type: 'error', message: `Training failed: ${message}` }, false);
    void vscode.window.showErrorMessage(`Training ${run.state.fileName} failed: ${message}`);
    run.resolve(undefined);
  }

  /** Marks the run finished and releases its worker, notification and context key; false if it already was. */
  private end(run: Run): boolean {
    if (run.finished) return false;
    run.finished = true;
    if (run.stopTimer !== undefined) clearTimeout(run.stopTimer);
    void run.worker.terminate();
    run.endNotification();
    if (this.run === run) {
      this.run = undefined;
      void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT, false);
    }
    this.changed.fire(undefined);
    return true;
  }

  dispose(): void {
    if (this.run) this.end(this.run);
    for (const d of this.disposables) d.dispose();
  }
}
