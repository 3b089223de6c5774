/**
 * The one definition of the messages that cross between the extension host, the training worker
 * and the webview panel. Both sides import this module; each side validates what it receives with
 * the guards below before acting on it.
 */
import type { GraphConfig, GraphSummary, NetworkConfig, NetworkSummary, TrainConfig } from '../engine/config';
import type { GraphGradcheckReport } from '../engine/graph/gradcheck';
import type { GraphPassPayload } from './graphPayload';
import type { SpecDiagnostic, Range } from '../format/types';
import type {
  PassReport,
  GradcheckReport,
  EpochMetrics,
  TrainResult,
  DecisionGrid,
  Dataset,
  TrainTestData,
} from '../engine/types';

/** An earlier training run of a document, drawn faintly behind its last run on the loss chart. */
export interface EarlierRun {
  runId: number;
  /** Its number among the document's runs, from 1. */
  ordinal: number;
  /** What changed in the spec since the run before it, e.g. "learning_rate 0.1 → 1". */
  label: string;
  /** Its epochs' metrics (thinned evenly for a long run). */
  history: EpochMetrics[];
}

/** Which samples a forward/backward pass runs on: one sample's index, or the whole training set. */
export type SampleChoice = number | 'all';

export type RunAction = 'forward' | 'backward' | 'gradcheck' | 'train' | 'step' | 'stop';

/** Where a Step stands: its update's epoch and batch of `batches` (from 1), and J of that batch before it. */
export interface StepPosition {
  epoch: number;
  batch: number;
  batches: number;
  batchLoss: number;
}

// ---------------------------------------------------------------- extension → webview

/**
 * Every message names the document it is about (its URI string). The webview shows one document at a
 * time (the last 'spec'), and drops messages about any other and stale ones (see webview/state.ts).
 */
export type ToWebview = { uri: string } &
  /** The spec the panel follows changed (opened, edited, switched editor). */
  (
    | {
        type: 'spec';
        fileName: string;
        summary?: NetworkSummary;
        diagnostics: SpecDiagnostic[];
        /** Layer index → the spec line (0-based) of that layer, for links back to the editor. */
        layerLines: Record<number, number>;
        /**
         * The spec keys whose edit since the shown results changed the network or its data: those results are
         * stale until the next run (absent: they still hold, or there are none).
         */
        staleResults?: string[];
        /** Input plane points for the decision boundary (2-D classifiers only). */
        points?: { x: number; y: number; label: number }[];
        classes?: number;
        sampleCount: number;
        /** A graph spec's structure (then there is no `summary`): its inputs and gates in order. */
        graph?: GraphSummary;
        /** The graph spec has `train:` (params to minimise its output over). */
        graphTrains?: boolean;
      }
    /** `replay`: an earlier result shown again (the panel came back to the document), not a new pass to animate. */
    /** `weights`: which weights the pass used ("initial weights", "trained · epoch 2000 · loss 0.249"). */
    | { type: 'forward'; report: PassReport; sample: SampleChoice; replay?: boolean; weights?: string }
    /** `step`: a Step made it — the pass at the new weights, whose parameters carry their `update`. */
    | {
        type: 'backward';
        report: PassReport;
        sample: SampleChoice;
        replay?: boolean;
        weights?: string;
        step?: StepPosition;
      }
    | { type: 'gradcheck'; report: GradcheckReport }
    /**
     * A graph spec's forward or backward pass: every wire's value (and gradient, and each edge's product).
     * `weights`: which input values it used, in words ("initial values", "trained · epoch 200 · f 0.01").
     */
    | { type: 'graphPass'; pass: 'forward' | 'backward'; report: GraphPassPayload; replay?: boolean; weights?: string }
    | { type: 'graphGradcheck'; report: GraphGradcheckReport }
    /** The spec's last tab closed: a run of it has stopped; the panel goes idle until the next spec. */
    | { type: 'closed' }
    /** Point at one layer in the drawing (a per-layer CodeLens was clicked): 1-based. */
    | { type: 'highlightLayer'; layer: number }
    /**
     * A training run starts; its `runId` marks its later messages (an earlier run's are stale). `ordinal`
     * numbers the document's runs from 1; `label` says what changed in the spec since the run before;
     * `earlier` are the document's runs kept before it, oldest first (none when absent).
     */
    | {
        type: 'trainStart';
        runId: number;
        epochs: number;
        ordinal?: number;
        label?: string;
        earlier?: EarlierRun[];
        /** What the loss is called: a graph's output name ("loss" when absent). */
        lossName?: string;
      }
    /** The document's earlier runs were cleared (its last run stays). */
    | { type: 'runsCleared' }
    /** Throttled: the metrics since the last progress message, current weights (and gradients), the decision grid. */
    | { type: 'trainProgress'; runId: number; metrics: EpochMetrics[]; snapshot?: PassReport; grid?: DecisionGrid }
    | { type: 'trainEnd'; runId: number; result: TrainResult; snapshot?: PassReport; grid?: DecisionGrid }
    /** A run failed (broken spec, NaN, crash): a short banner with a link to the problem. */
    | { type: 'error'; message: string; range?: Range }
  );

// ---------------------------------------------------------------- webview → extension

/** 'run' and 'reveal' name the document the panel showed; the host drops them if it follows another one now. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'run'; uri: string; action: RunAction; sample?: SampleChoice }
  /** Reveal a spec line (0-based) in the editor, e.g. a failing gradient-check layer or an error banner. */
  | { type: 'reveal'; uri: string; line: number; character?: number }
  /** Forget the document's earlier training runs (the loss chart's overlays). */
  | { type: 'clearRuns'; uri: string };

// ---------------------------------------------------------------- extension host → training worker

export type ToWorker =
  | {
      type: 'start';
      runId: number;
      /** The checked configuration (the host opened the spec with the user's settings); the worker analyses nothing. */
      config: NetworkConfig;
      /** Its loaded data; the buffers of its typed arrays travel in the transfer list (`transferList`). */
      data: TrainTestData;
      /** Minimum milliseconds between progress messages. */
      progressIntervalMs: number;
      /** The samples of the final snapshot ('done'), as the panel's picker names them (default the whole batch). */
      samples?: number[];
    }
  /**
   * A forward or backward pass (over `samples`, default the first a report holds) or a gradient check of a
   * network, computed in the worker so the extension host never blocks; answered by 'computed'.
   */
  | {
      type: 'compute';
      runId: number;
      job: 'forward' | 'backward' | 'gradcheck';
      config: NetworkConfig;
      data: TrainTestData;
      samples?: number[];
      gradcheck?: { epsilon: number; tolerance: number };
    }
  /** Trains a graph spec: gradient descent on its output over `graph.train.params`. */
  | { type: 'startGraph'; runId: number; graph: GraphConfig; progressIntervalMs: number }
  /**
   * Trains `epochs` more epochs of the model the worker holds (its weights and optimizer state, from the last
   * 'start', 'continue' or 'step'), with the edited training settings `train`; answered like 'start'.
   */
  | {
      type: 'continue';
      runId: number;
      train: TrainConfig;
      epochs: number;
      progressIntervalMs: number;
      samples?: number[];
    }
  /**
   * One optimizer update on the next mini-batch of the held model (with `model`: of a fresh model built from that
   * configuration and data first, which the worker then holds), reported by a backward pass at the new weights over
   * `samples` (default: the first a report holds) with every parameter's update; answered by 'stepped'.
   */
  | {
      type: 'step';
      runId: number;
      train: TrainConfig;
      model?: { config: NetworkConfig; data: TrainTestData };
      samples?: number[];
    }
  | { type: 'stop'; runId: number };

// ---------------------------------------------------------------- training worker → extension host

export type FromWorker =
  | {
      type: 'progress';
      runId: number;
      metrics: EpochMetrics[];
      snapshot?: PassReport;
      grid?: DecisionGrid;
      epochs: number;
    }
  | { type: 'done'; runId: number; result: TrainResult; snapshot?: PassReport; grid?: DecisionGrid }
  | { type: 'failed'; runId: number; message: string }
  /** A computation's result; `refused`: a report too large to make, with the layer that makes it so. */
  | {
      type: 'computed';
      runId: number;
      pass?: PassReport;
      gradcheck?: GradcheckReport;
      refused?: { message: string; layer: number };
    }
  /** A gradient check's progress: entries checked of the total, and the milliseconds so far. */
  | { type: 'computeProgress'; runId: number; checked: number; total: number; ms: number }
  /**
   * A step was made: where it stands (the update's epoch and batch of `batches`, from 1), J of its batch before
   * the update, J on the whole training set after it (and the epoch's metrics when it completed an epoch), and
   * the backward pass at the new weights with each parameter's `update`.
   */
  | {
      type: 'stepped';
      runId: number;
      epoch: number;
      batch: number;
      batches: number;
      batchLoss: number;
      loss: number;
      metrics?: EpochMetrics;
      report: PassReport;
    };

// ---------------------------------------------------------------- transport

/**
 * VS Code carries webview messages as JSON, which turns NaN and ±Infinity into null (a diverged
 * run's last loss, its weights). The protocol never sends null, so the webview reads every null back
 * as NaN before validating. Rewrites `v` in place and returns it.
 */
export function nullsToNaN(v: unknown): unknown {
  if (v === null) return Number.NaN;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (v[i] === null || typeof v[i] === 'object') v[i] = nullsToNaN(v[i]);
  } else if (typeof v === 'object' && v !== undefined) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (o[k] === null || typeof o[k] === 'object') o[k] = nullsToNaN(o[k]);
  }
  return v;
}

/**
 * The buffers of a training start's typed arrays (features, targets, labels, explicit weights and
 * biases), each once: posted in the transfer list they move to the worker instead of being copied,
 * and are unusable on the sending side afterwards.
 */
export function transferList(config: NetworkConfig, data: TrainTestData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: Float64Array | Int32Array | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  };
  for (const set of [data.train, data.test]) {
    add(set?.x);
    add(set?.targets);
    add(set?.labels);
  }
  for (const layer of config.layers) {
    add(layer.weights);
    add(layer.biases);
  }
  return [...buffers];
}

// ---------------------------------------------------------------- guards

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSample(v: unknown): v is SampleChoice {
  return v === 'all' || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
}

const RUN_ACTIONS: readonly string[] = ['forward', 'backward', 'gradcheck', 'train', 'step', 'stop'];

/** Validates a message from the webview; anything else is dropped by the host. */
export function isFromWebview(v: unknown): v is FromWebview {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
      return true;
    case 'run':
      return (
        typeof v.uri === 'string' &&
        typeof v.action === 'string' &&
        RUN_ACTIONS.includes(v.action) &&
        (v.sample === undefined || isSample(v.sample))
      );
    case 'clearRuns':
      return typeof v.uri === 'string';
    case 'reveal':
      return (
        typeof v.uri === 'string' &&
        typeof v.line === 'number' &&
        Number.isInteger(v.line) &&
        v.line >= 0 &&
        (v.character === undefined ||
          (typeof v.character === 'number' && Number.isInteger(v.character) && v.character >= 0))
      );
    default:
      return false;
  }
}

const TO_WEBVIEW_TYPES: readonly string[] = [
  'spec',
  'forward',
  'backward',
  'gradcheck',
  'graphPass',
  'graphGradcheck',
  'highlightLayer',
  'closed',
  'trainStart',
  'trainProgress',
  'trainEnd',
  'runsCleared',
  'error',
];

/** Validates the envelope of a message from the extension; the webview ignores anything else. */
export function isToWebview(v: unknown): v is ToWebview {
  if (!isObj(v) || typeof v.type !== 'string' || !TO_WEBVIEW_TYPES.includes(v.type) || typeof v.uri !== 'string')
    return false;
  switch (v.type) {
    case 'spec':
      return Array.isArray(v.diagnostics);
    case 'forward':
    case 'backward':
      return isObj(v.report) && Array.isArray((v.report as Record<string, unknown>).layers);
    case 'gradcheck':
    case 'graphGradcheck':
      return isObj(v.report) && Array.isArray((v.report as Record<string, unknown>).groups);
    case 'graphPass':
      return (
        (v.pass === 'forward' || v.pass === 'backward') &&
        isObj(v.report) &&
        (v.weights === undefined || typeof v.weights === 'string')
      );
    case 'highlightLayer':
      return typeof v.layer === 'number' && Number.isInteger(v.layer) && v.layer >= 1;
    case 'closed':
      return true;
    case 'trainStart':
      return (
        typeof v.runId === 'number' &&
        typeof v.epochs === 'number' &&
        (v.ordinal === undefined || typeof v.ordinal === 'number') &&
        (v.label === undefined || typeof v.label === 'string') &&
        (v.earlier === undefined || Array.isArray(v.earlier)) &&
        (v.lossName === undefined || typeof v.lossName === 'string')
      );
    case 'runsCleared':
      return true;
    case 'trainProgress':
      return typeof v.runId === 'number' && Array.isArray(v.metrics);
    case 'trainEnd':
      return typeof v.runId === 'number' && isObj(v.result);
    case 'error':
      return typeof v.message === 'string';
    default:
      return false;
  }
}

function isDataset(v: unknown): v is Dataset {
  if (!isObj(v)) return false;
  const { n, inputs, targetWidth, x, targets, labels } = v;
  return (
    typeof n === 'number' &&
    typeof inputs === 'number' &&
    typeof targetWidth === 'number' &&
    x instanceof Float64Array &&
    x.length === n * inputs &&
    targets instanceof Float64Array &&
    targets.length === n * targetWidth &&
    (labels === undefined || (labels instanceof Int32Array && labels.length === n))
  );
}

/** Absent, or sample indices (whole numbers from 0). */
const isSampleList = (v: unknown): boolean =>
  v === undefined || (Array.isArray(v) && v.every((i) => Number.isInteger(i) && i >= 0));

export function isToWorker(v: unknown): v is ToWorker {
  if (!isObj(v) || typeof v.runId !== 'number') return false;
  if (v.type === 'stop') return true;
  if (v.type === 'compute')
    return (
      (v.job === 'forward' || v.job === 'backward' || v.job === 'gradcheck') &&
      isObj(v.config) &&
      Array.isArray(v.config.layers) &&
      isObj(v.data) &&
      isDataset(v.data.train) &&
      isSampleList(v.samples)
    );
  if (v.type === 'continue')
    return isObj(v.train) && typeof v.epochs === 'number' && v.epochs >= 0 && typeof v.progressIntervalMs === 'number';
  if (v.type === 'step')
    return (
      isObj(v.train) &&
      (v.model === undefined ||
        (isObj(v.model) &&
          isObj(v.model.config) &&
          Array.isArray(v.model.config.layers) &&
          isObj(v.model.data) &&
          isDataset(v.model.data.train))) &&
      isSampleList(v.samples)
    );
  if (v.type === 'startGraph')
    return (
      isObj(v.graph) &&
      Array.isArray(v.graph.inputs) &&
      Array.isArray(v.graph.nodes) &&
      typeof v.graph.output === 'string' &&
      isObj(v.graph.train) &&
      typeof v.progressIntervalMs === 'number'
    );
  return (
    v.type === 'start' &&
    isObj(v.config) &&
    Array.isArray(v.config.layers) &&
    isObj(v.config.train) &&
    isObj(v.data) &&
    isDataset(v.data.train) &&
    (v.data.test === undefined || isDataset(v.data.test)) &&
    typeof v.progressIntervalMs === 'number' &&
    isSampleList(v.samples)
  );
}

export function isFromWorker(v: unknown): v is FromWorker {
  if (!isObj(v) || typeof v.runId !== 'number') return false;
  switch (v.type) {
    case 'progress':
      return Array.isArray(v.metrics);
    case 'done':
      return isObj(v.result);
    case 'failed':
      return typeof v.message === 'string';
    case 'computed':
      return v.pass !== undefined || v.gradcheck !== undefined || isObj(v.refused);
    case 'computeProgress':
      return typeof v.checked === 'number' && typeof v.total === 'number' && typeof v.ms === 'number';
    case 'stepped':
      return typeof v.epoch === 'number' && typeof v.batch === 'number' && isObj(v.report);
    default:
      return false;
  }
}
