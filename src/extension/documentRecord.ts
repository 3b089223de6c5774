/**
 * What has been run on each open document, kept in one place: its last forward/backward pass (or the
 * weights training last sent), its last gradient check and its training runs, the last one under way
 * or ended (epoch history, latest weights and decision grid, result or failure) and a few earlier ones
 * (each labelled with what changed in the spec since the run before it). One DocumentRecord per
 * document URI, in DocumentRecords; every change is announced as an event, which the panel, the
 * status bar and the CodeLens follow. The training host writes its worker's progress here and keeps
 * nothing else of a run. No `vscode` import, so it is unit-tested in Node.
 */
import type { DecisionGrid, EpochMetrics, GradcheckReport, PassReport, TrainResult } from '../engine/types';
import type { SampleChoice, StepPosition } from '../protocol/messages';
import type { NetworkConfig } from '../engine/config';
import type { GraphGradcheckReport } from '../engine/graph/gradcheck';
import type { GraphPassReport } from '../engine/graph/passes';
import { changeLabel, specChanges } from '../format/specChanges';
import { Disposable } from './dispose';
import { Emitter } from './events';

/** How many training runs a record keeps: the last one and the five before it (the loss chart's overlays). */
export const RUNS_KEPT = 6;
/** The label of a document's first run (there is no run before it to compare with). */
export const FIRST_RUN = 'first run';

/** The last pass on a document: a forward or backward pass, or the weights a training run last sent. */
export interface LastPass {
  readonly kind: 'forward' | 'backward' | 'training';
  readonly report: PassReport;
  /** The samples it ran on ('all' for a training snapshot). */
  readonly sample: SampleChoice;
  /** The document version it ran on. */
  readonly version: number;
  /** Which weights it used, in words ("initial weights", "trained · epoch 2000 · loss 0.249"). */
  readonly weights?: string;
  /** Set when a Step made it: the pass at the new weights, each parameter carrying its `update`. */
  readonly step?: StepPosition;
}

/** The weights the last Step left (in its report's parameter values), and what they belong to. */
export interface SteppedWeights {
  readonly report: PassReport;
  /** J on the whole training set with them. */
  readonly loss: number;
  /** Epochs completed behind them (a weights file's included). */
  readonly epochs: number;
  readonly position: StepPosition;
  /** The spec's configuration stepped (without its start weights), to tell a later edit's kind. */
  readonly config: NetworkConfig;
  /** The ordinal of the document's last run when it was made (0: none). */
  readonly afterRun: number;
}

/** The last pass on a graph spec, and the document version it ran on. */
export interface LastGraphPass {
  readonly kind: 'forward' | 'backward';
  readonly report: GraphPassReport;
  readonly version: number;
}

/** A training run: under way until it has a result or a failure. */
export interface TrainingRun {
  readonly runId: number;
  /** Its number among the document's runs, from 1. */
  readonly ordinal: number;
  /** The document version it trains, and its text. */
  readonly version: number;
  readonly specText: string;
  /** What changed in the spec since the run before, e.g. "learning_rate 0.1 → 1" (FIRST_RUN for the first). */
  readonly label: string;
  /** The epoch budget. */
  readonly epochs: number;
  /** What its loss is called: a graph's output name (absent: "loss"). */
  readonly lossName?: string;
  /** The spec's configuration it trained (without the weights it started from), to tell a later edit's kind. */
  readonly config?: NetworkConfig;
  /** Epochs behind the weights it started from (a weights file's, or earlier runs' it continued). */
  readonly startEpoch?: number;
  /** Every epoch's metrics so far, in order. */
  readonly history: readonly EpochMetrics[];
  /** The latest weights (and gradients) and decision grid the run sent. */
  readonly snapshot?: PassReport;
  readonly grid?: DecisionGrid;
  /** How many progress messages arrived. */
  readonly progressMessages: number;
  readonly result?: TrainResult;
  readonly failure?: string;
}

type MutableRun = { -readonly [K in keyof TrainingRun]: TrainingRun[K] } & { history: EpochMetrics[] };

/** Whether `run` is still under way. */
export function isRunning(run: TrainingRun | undefined): run is TrainingRun {
  return !!run && run.result === undefined && run.failure === undefined;
}

/** One change to a record, as it happened (progress carries only what is new). */
export type RecordChange =
  | { readonly type: 'pass'; readonly pass: LastPass }
  | { readonly type: 'gradcheck'; readonly report: GradcheckReport }
  /** A graph spec's forward or backward pass. */
  | { readonly type: 'graphPass'; readonly pass: LastGraphPass }
  | { readonly type: 'graphGradcheck'; readonly report: GraphGradcheckReport }
  /** A run starts; `earlier` are the runs kept before it, oldest first. */
  | { readonly type: 'trainStart'; readonly run: TrainingRun; readonly earlier: readonly TrainingRun[] }
  /** The earlier runs were cleared (the last run stays). */
  | { readonly type: 'runsCleared' }
  | {
      readonly type: 'trainProgress';
      readonly run: TrainingRun;
      readonly metrics: readonly EpochMetrics[];
      readonly snapshot?: PassReport;
      readonly grid?: DecisionGrid;
    }
  | {
      readonly type: 'trainEnd';
      readonly run: TrainingRun;
      readonly result: TrainResult;
      readonly snapshot?: PassReport;
      readonly grid?: DecisionGrid;
    }
  | { readonly type: 'trainFailed'; readonly run: TrainingRun; readonly message: string }
  /** Reset Weights: the next action starts from the spec's initial weights. */
  | { readonly type: 'weightsReset' }
  /** The document was closed: the record is forgotten and announces nothing more. */
  | { readonly type: 'closed' };

/** One document's results. Writes about a run that is not its current, running one are ignored (false). */
export class DocumentRecord extends Disposable {
  private lastPass: LastPass | undefined;
  private lastGradcheck: GradcheckReport | undefined;
  private lastGraphPass: LastGraphPass | undefined;
  private lastGraphGradcheck: GraphGradcheckReport | undefined;
  /** Reset Weights since the last run: the next action starts from the spec's initial weights. */
  private reset = false;
  private lastStep: SteppedWeights | undefined;
  /** The spec's configuration the last result (pass, gradient check, run or Step) was computed for. */
  private configOfResults: NetworkConfig | undefined;
  /** Counts the changes of which weights are current (a run's end or failure, a step, a reset). */
  private stamp = 0;
  /** The runs kept, oldest first; the last is the current one. */
  private readonly kept: MutableRun[] = [];
  private ordinals = 0;
  private readonly changed = this._register(new Emitter<RecordChange>());
  readonly onDidChange = this.changed.event;

  /** `uri`: the document's URI string. */
  constructor(readonly uri: string) {
    super();
  }

  get pass(): LastPass | undefined {
    return this.lastPass;
  }

  get gradcheck(): GradcheckReport | undefined {
    return this.lastGradcheck;
  }

  /** Whether Reset Weights was asked for since the last run. */
  get weightsReset(): boolean {
    return this.reset;
  }

  /** The spec's configuration of the last pass, gradient check, training run or Step (staleResults.ts). */
  get resultsConfig(): NetworkConfig | undefined {
    return this.configOfResults;
  }

  /** The last Step's weights, until Reset Weights. */
  get stepped(): SteppedWeights | undefined {
    return this.lastStep;
  }

  /** Changes whenever the document's current weights may have changed (a run ended or failed, a Step, a reset). */
  get weightsStamp(): number {
    return this.stamp;
  }

  /** Back to the spec's initial weights: the runs stay on the chart, their weights are no longer used. */
  resetWeights(): void {
    this.reset = true;
    this.lastStep = undefined;
    this.stamp++;
    this.changed.fire({ type: 'weightsReset' });
  }

  get graphPass(): LastGraphPass | undefined {
    return this.lastGraphPass;
  }

  get graphGradcheck(): GraphGradcheckReport | undefined {
    return this.lastGraphGradcheck;
  }

  /** The last training run (under way or ended). */
  get run(): TrainingRun | undefined {
    return this.kept[this.kept.length - 1];
  }

  /** The runs before the last one that are kept (at most RUNS_KEPT − 1), oldest first. */
  get earlierRuns(): readonly TrainingRun[] {
    return this.kept.slice(0, -1);
  }

  setPass(
    kind: 'forward' | 'backward',
    report: PassReport,
    sample: SampleChoice,
    version: number,
    weights?: string,
    config?: NetworkConfig,
    step?: StepPosition,
  ): void {
    this.configOfResults = config;
    this.lastPass = {
      kind,
      report,
      sample,
      version,
      ...(weights !== undefined ? { weights } : {}),
      ...(step ? { step } : {}),
    };
    this.changed.fire({ type: 'pass', pass: this.lastPass });
  }

  /** A Step was made: its weights are the document's now, and its pass (at them, with the updates) the last pass. */
  setStep(stepped: Omit<SteppedWeights, 'afterRun'>, sample: SampleChoice, version: number, weights: string): void {
    this.reset = false;
    this.lastStep = { ...stepped, afterRun: this.run?.ordinal ?? 0 };
    this.stamp++;
    this.setPass('backward', stepped.report, sample, version, weights, stepped.config, stepped.position);
  }

  setGradcheck(report: GradcheckReport, config?: NetworkConfig): void {
    this.configOfResults = config;
    this.lastGradcheck = report;
    this.changed.fire({ type: 'gradcheck', report });
  }

  setGraphPass(kind: 'forward' | 'backward', report: GraphPassReport, version: number): void {
    this.lastGraphPass = { kind, report, version };
    this.changed.fire({ type: 'graphPass', pass: this.lastGraphPass });
  }

  setGraphGradcheck(report: GraphGradcheckReport): void {
    this.lastGraphGradcheck = report;
    this.changed.fire({ type: 'graphGradcheck', report });
  }

  /**
   * A new run of the spec `specText` becomes the last one, labelled with what changed since the run
   * before; the oldest is dropped beyond RUNS_KEPT. An earlier run's later messages are ignored.
   */
  startRun(
    runId: number,
    epochs: number,
    version: number,
    specText: string,
    lossName?: string,
    start?: { config: NetworkConfig; startEpoch: number },
  ): TrainingRun {
    this.reset = false;
    this.configOfResults = start?.config;
    const previous = this.run;
    const label = previous ? changeLabel(specChanges(previous.specText, specText)) : FIRST_RUN;
    const ordinal = ++this.ordinals;
    const run: MutableRun = {
      runId,
      ordinal,
      version,
      specText,
      label,
      epochs,
      history: [],
      progressMessages: 0,
      ...(lossName !== undefined ? { lossName } : {}),
      ...(start ? { config: start.config, startEpoch: start.startEpoch } : {}),
    };
    this.kept.push(run);
    if (this.kept.length > RUNS_KEPT) this.kept.splice(0, this.kept.length - RUNS_KEPT);
    this.changed.fire({ type: 'trainStart', run, earlier: this.earlierRuns });
    return run;
  }

  /** Forgets the earlier runs (the last run stays, and the next one is still compared with it). */
  clearEarlierRuns(): void {
    if (this.kept.length <= 1) return;
    this.kept.splice(0, this.kept.length - 1);
    this.changed.fire({ type: 'runsCleared' });
  }

  /** The run's metrics since its last progress, its epoch budget, and its latest weights and grid if sent. */
  progress(
    runId: number,
    metrics: readonly EpochMetrics[],
    epochs: number,
    snapshot?: PassReport,
    grid?: DecisionGrid,
  ): boolean {
    const run = this.running(runId);
    if (!run) return false;
    for (const m of metrics) run.history.push(m);
    run.epochs = epochs;
    run.progressMessages++;
    this.keep(run, snapshot, grid);
    this.changed.fire({ type: 'trainProgress', run, metrics, snapshot, grid });
    return true;
  }

  endRun(runId: number, result: TrainResult, snapshot?: PassReport, grid?: DecisionGrid): boolean {
    const run = this.running(runId);
    if (!run) return false;
    run.result = result;
    this.stamp++;
    // The result has every epoch; progress may not have carried the last few.
    if (result.history.length > run.history.length) run.history = result.history.slice();
    this.keep(run, snapshot, grid);
    this.changed.fire({ type: 'trainEnd', run, result, snapshot, grid });
    return true;
  }

  failRun(runId: number, message: string): boolean {
    const run = this.running(runId);
    if (!run) return false;
    run.failure = message;
    this.stamp++;
    this.changed.fire({ type: 'trainFailed', run, message });
    return true;
  }

  /** Announces that the document closed and drops every listener. */
  close(): void {
    this.changed.fire({ type: 'closed' });
    this.dispose();
  }

  private running(runId: number): MutableRun | undefined {
    const run = this.kept[this.kept.length - 1];
    return run && run.runId === runId && isRunning(run) ? run : undefined;
  }

  /** A run's latest weights are also the document's last pass (the hover shows them). */
  private keep(run: MutableRun, snapshot: PassReport | undefined, grid: DecisionGrid | undefined): void {
    if (snapshot) {
      run.snapshot = snapshot;
      this.lastPass = { kind: 'training', report: snapshot, sample: 'all', version: run.version };
    }
    if (grid) run.grid = grid;
  }
}

/** A change and the record it happened to. */
export interface RecordEvent {
  readonly record: DocumentRecord;
  readonly change: RecordChange;
}

/** The records of the open documents, keyed by URI string; one event stream for all of them. */
export class DocumentRecords extends Disposable {
  private readonly records = new Map<string, DocumentRecord>();
  private readonly changed = this._register(new Emitter<RecordEvent>());
  readonly onDidChange = this.changed.event;

  /** The record of the document `uri`, if anything was run on it. */
  get(uri: string): DocumentRecord | undefined {
    return this.records.get(uri);
  }

  /** The record of the document `uri`, created empty the first time. */
  record(uri: string): DocumentRecord {
    let record = this.records.get(uri);
    if (!record) {
      const created = new DocumentRecord(uri);
      created.onDidChange((change) => this.changed.fire({ record: created, change }));
      this.records.set(uri, created);
      record = created;
    }
    return record;
  }

  /** The record whose training run is under way, if any. */
  training(): DocumentRecord | undefined {
    for (const record of this.records.values()) if (isRunning(record.run)) return record;
    return undefined;
  }

  /** The document `uri` was closed: its record says so and is forgotten. */
  close(uri: string): void {
    const record = this.records.get(uri);
    if (!record) return;
    this.records.delete(uri);
    record.close();
  }

  override dispose(): void {
    for (const record of this.records.values()) record.dispose();
    this.records.clear();
    super.dispose();
  }
}
