/**
 * What has been run on each open document, kept in one place: its last forward/backward pass (or the
 * weights training last sent), its last gradient check and its training run (under way or ended:
 * epoch history, latest weights and decision grid, result or failure). One DocumentRecord per
 * document URI, in DocumentRecords; every change is announced as an event, which the panel, the
 * status bar and the CodeLens follow. The training host writes its worker's progress here and keeps
 * nothing else of a run. No `vscode` import, so it is unit-tested in Node.
 */
import type { DecisionGrid, EpochMetrics, GradcheckReport, PassReport, TrainResult } from '../engine/types';
import type { SampleChoice } from '../protocol/messages';
import { Disposable } from './dispose';
import { Emitter } from './events';

/** The last pass on a document: a forward or backward pass, or the weights a training run last sent. */
export interface LastPass {
  readonly kind: 'forward' | 'backward' | 'training';
  readonly report: PassReport;
  /** The samples it ran on ('all' for a training snapshot). */
  readonly sample: SampleChoice;
  /** The document version it ran on. */
  readonly version: number;
}

/** A training run: under way until it has a result or a failure. */
export interface TrainingRun {
  readonly runId: number;
  /** The document version it trains. */
  readonly version: number;
  /** The epoch budget. */
  readonly epochs: number;
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
  | { readonly type: 'trainStart'; readonly run: TrainingRun }
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
  /** The document was closed: the record is forgotten and announces nothing more. */
  | { readonly type: 'closed' };

/** One document's results. Writes about a run that is not its current, running one are ignored (false). */
export class DocumentRecord extends Disposable {
  private lastPass: LastPass | undefined;
  private lastGradcheck: GradcheckReport | undefined;
  private current: MutableRun | undefined;
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

  /** The last training run (under way or ended). */
  get run(): TrainingRun | undefined {
    return this.current;
  }

  setPass(kind: 'forward' | 'backward', report: PassReport, sample: SampleChoice, version: number): void {
    this.lastPass = { kind, report, sample, version };
    this.changed.fire({ type: 'pass', pass: this.lastPass });
  }

  setGradcheck(report: GradcheckReport): void {
    this.lastGradcheck = report;
    this.changed.fire({ type: 'gradcheck', report });
  }

  /** A new run replaces the last one (an earlier run's later messages are then ignored). */
  startRun(runId: number, epochs: number, version: number): TrainingRun {
    const run: MutableRun = { runId, version, epochs, history: [], progressMessages: 0 };
    this.current = run;
    this.changed.fire({ type: 'trainStart', run });
    return run;
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
    this.keep(run, snapshot, grid);
    this.changed.fire({ type: 'trainEnd', run, result, snapshot, grid });
    return true;
  }

  failRun(runId: number, message: string): boolean {
    const run = this.running(runId);
    if (!run) return false;
    run.failure = message;
    this.changed.fire({ type: 'trainFailed', run, message });
    return true;
  }

  /** Announces that the document closed and drops every listener. */
  close(): void {
    this.changed.fire({ type: 'closed' });
    this.dispose();
  }

  private running(runId: number): MutableRun | undefined {
    const run = this.current;
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
