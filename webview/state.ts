/**
 * The panel's state and how messages change it. `accepts` decides which messages count (only the
 * shown document's, and no stale ones) and `reduce` folds them in; both are pure (message in, new
 * state out) so they are unit-tested in Node. `persistable` / `restore` shape what is saved with
 * vscode.setState so the panel survives being hidden and VS Code reloading (huge reports are left
 * out of the saved copy rather than making every save slow).
 */
import type { EarlierRun, SampleChoice, StepPosition, ToWebview } from '../src/protocol/messages';
import type { DecisionGrid, EpochMetrics, GradcheckReport, PassReport } from '../src/engine/types';
import type { GraphSummary, NetworkSummary } from '../src/engine/config';
import type { GraphGradcheckReport } from '../src/engine/graph/gradcheck';
import type { GraphPassPayload } from '../src/protocol/graphPayload';
import type { Range } from '../src/format/types';
import { reportMatchesShape } from './viewModel/params';
import { stopMessage } from '../src/text/training';

export type View = 'weights' | 'gradients' | 'activations' | 'updates';
export type SpecMessage = Extract<ToWebview, { type: 'spec' }>;

export interface PassState {
  /** Which pass produced it; 'snapshot' = the weights (and gradients) sent while training. */
  kind: 'forward' | 'backward' | 'snapshot';
  report: PassReport;
  sample: SampleChoice;
  /** Increases with every new pass, so the drawing knows when to replay the animation. */
  seq: number;
  /** Which weights the pass used, in words. */
  weights?: string;
  /** A Step made it: where training stands (its parameters carry their updates). */
  step?: StepPosition;
}

export interface PanelState {
  version: 1;
  view: View;
  sample: SampleChoice;
  logScale: boolean;
  /** Expanded gradient-check groups, by row key. */
  expanded: string[];
  spec?: SpecMessage;
  /** The last summary the extension could infer: still drawn (dimmed) while the spec is too broken to have one. */
  summary?: NetworkSummary;
  pass?: PassState;
  gradcheck?: GradcheckReport;
  /** A graph spec's last structure (kept, dimmed, while the spec is too broken to have one). */
  graph?: GraphSummary;
  /** A graph spec's last pass; `seq` increases with every new pass, so the stepper starts again. */
  graphPass?: {
    pass: 'forward' | 'backward';
    report: GraphPassPayload;
    seq: number;
    replay: boolean;
    weights?: string;
  };
  graphGradcheck?: GraphGradcheckReport;
  metrics: EpochMetrics[];
  /**
   * The last training run the panel was told of (`runId` from its trainStart) and whether it is under way;
   * `ordinal` numbers the document's runs, `label` says what changed in the spec since the run before.
   */
  training: {
    running: boolean;
    epochs: number;
    message?: string;
    runId?: number;
    ordinal?: number;
    label?: string;
    /** What the loss is called (a graph's output); "loss" when absent. */
    lossName?: string;
  };
  /** The document's runs before the last one, oldest first: faint overlays on the loss chart. */
  earlier: EarlierRun[];
  /** The earlier runs (by runId) the user switched off. */
  hiddenRuns: number[];
  grid?: DecisionGrid;
  /** A failed run: shown as a banner. */
  error?: { message: string; range?: Range };
  /** The shown spec's last tab closed: nothing to run until the next spec. */
  closed?: boolean;
  /** The followed spec's uri, at the top level where the host's WebviewPanelSerializer reads it on reload. */
  uri?: string;
}

export function initialState(): PanelState {
  return {
    version: 1,
    view: 'weights',
    sample: 0,
    logScale: false,
    expanded: [],
    metrics: [],
    training: { running: false, epochs: 0 },
    earlier: [],
    hiddenRuns: [],
  };
}

function shapeOf(s: NetworkSummary): { input: number; units: number[] } {
  return { input: s.input, units: s.layers.map((l) => l.units) };
}

function sameShape(a: NetworkSummary | undefined, b: NetworkSummary | undefined): boolean {
  if (!a || !b) return false;
  const x = shapeOf(a),
    y = shapeOf(b);
  return x.input === y.input && x.units.length === y.units.length && x.units.every((u, i) => u === y.units[i]);
}

/** Two graph structures draw alike: the same nodes, operations, operands and shapes in the same order. */
function sameGraph(a: GraphSummary | undefined, b: GraphSummary | undefined): boolean {
  if (!a || !b) return false;
  return JSON.stringify(a.nodes) === JSON.stringify(b.nodes) && a.output === b.output;
}

/** A report fits the current drawing when it has the summary's layer shapes (or there is no summary yet). */
function fits(s: PanelState, r: PassReport): boolean {
  if (!s.summary) return true;
  const { input, units } = shapeOf(s.summary);
  return reportMatchesShape(r, input, units);
}

/** Appends metrics, keeping epochs strictly increasing (a repeated progress message adds nothing). */
export function appendMetrics(history: readonly EpochMetrics[], more: readonly EpochMetrics[]): EpochMetrics[] {
  const out = history.slice();
  for (const m of more) if (out.length === 0 || m.epoch > out[out.length - 1].epoch) out.push(m);
  return out;
}

/**
 * Whether a message is for this panel now: a 'spec' always is (it says which document the panel
 * shows); any other message only when it is about that document, and a run's progress or end only
 * when it is the run the panel last saw start (an earlier run's messages are stale).
 */
export function accepts(s: PanelState, msg: ToWebview): boolean {
  if (msg.type === 'spec') return true;
  if (s.spec === undefined || msg.uri !== s.spec.uri) return false;
  if (msg.type === 'trainProgress' || msg.type === 'trainEnd') return msg.runId === s.training.runId;
  return true;
}

/** The state after a message from the extension (unchanged if it does not accept the message). Pure. */
export function reduce(s: PanelState, msg: ToWebview): PanelState {
  if (!accepts(s, msg)) return s;
  const seq = (s.pass?.seq ?? 0) + 1;
  switch (msg.type) {
    case 'spec': {
      const newFile = s.spec !== undefined && s.spec.uri !== msg.uri;
      const summary = msg.summary ?? (newFile ? undefined : s.summary);
      const graph = msg.graph ?? (newFile || msg.summary ? undefined : s.graph);
      const next: PanelState = {
        ...s,
        spec: msg,
        summary: graph ? undefined : summary,
        graph,
        error: undefined,
        closed: false,
      };
      if (newFile || !sameShape(s.summary, summary)) {
        next.pass = undefined;
        next.gradcheck = undefined;
        next.grid = undefined;
      }
      if (newFile || !sameGraph(s.graph, graph)) {
        next.graphPass = undefined;
        next.graphGradcheck = undefined;
      }
      if (newFile) {
        next.metrics = [];
        next.training = { running: false, epochs: 0 };
        next.earlier = [];
        next.hiddenRuns = [];
      }
      if (typeof next.sample === 'number' && next.sample >= Math.max(1, msg.sampleCount)) next.sample = 0;
      return next;
    }
    case 'forward':
    case 'backward':
      if (!fits(s, msg.report)) return s;
      return {
        ...s,
        pass: {
          kind: msg.type,
          report: msg.report,
          sample: msg.sample,
          seq,
          ...(msg.weights !== undefined ? { weights: msg.weights } : {}),
          ...(msg.type === 'backward' && msg.step ? { step: msg.step } : {}),
        },
        error: undefined,
      };
    case 'gradcheck':
      return { ...s, gradcheck: msg.report, error: undefined };
    case 'graphPass': {
      const graphSeq = (s.graphPass?.seq ?? 0) + 1;
      const graphPass = {
        pass: msg.pass,
        report: msg.report,
        seq: graphSeq,
        replay: msg.replay === true,
        ...(msg.weights !== undefined ? { weights: msg.weights } : {}),
      };
      return { ...s, graphPass, error: undefined };
    }
    case 'graphGradcheck':
      return { ...s, graphGradcheck: msg.report, error: undefined };
    case 'highlightLayer':
      return s; // a moment's pointer, drawn by main.ts, not kept
    case 'closed':
      return {
        ...s,
        closed: true,
        training: {
          ...s.training,
          running: false,
          ...(s.training.running ? { message: 'stopped: the spec was closed' } : {}),
        },
        error: { message: `${s.spec?.fileName ?? 'The spec'} was closed: open a .nnspec file to run a network again.` },
      };
    case 'trainStart': {
      const earlier = msg.earlier ?? [];
      return {
        ...s,
        metrics: [],
        grid: undefined,
        training: {
          running: true,
          epochs: msg.epochs,
          runId: msg.runId,
          ordinal: msg.ordinal,
          label: msg.label,
          ...(msg.lossName !== undefined ? { lossName: msg.lossName } : {}),
        },
        earlier,
        hiddenRuns: s.hiddenRuns.filter((id) => earlier.some((r) => r.runId === id)),
        error: undefined,
      };
    }
    case 'runsCleared':
      return { ...s, earlier: [], hiddenRuns: [] };
    case 'trainProgress': {
      const next: PanelState = {
        ...s,
        metrics: appendMetrics(s.metrics, msg.metrics),
        training: { ...s.training, running: true },
      };
      if (msg.snapshot && fits(s, msg.snapshot))
        next.pass = { kind: 'snapshot', report: msg.snapshot, sample: 'all', seq };
      if (msg.grid) next.grid = msg.grid;
      return next;
    }
    case 'trainEnd': {
      const history = msg.result.history?.length ? msg.result.history : s.metrics;
      const next: PanelState = {
        ...s,
        metrics: appendMetrics([], history),
        training: { ...s.training, running: false, message: stopMessage(msg.result, s.training.lossName) },
      };
      if (msg.snapshot && fits(s, msg.snapshot))
        next.pass = { kind: 'snapshot', report: msg.snapshot, sample: 'all', seq };
      if (msg.grid) next.grid = msg.grid;
      return next;
    }
    case 'error':
      return { ...s, error: { message: msg.message, range: msg.range }, training: { ...s.training, running: false } };
  }
}

/** The state with the earlier run `runId` shown on the loss chart or not. Pure. */
export function showRun(s: PanelState, runId: number, shown: boolean): PanelState {
  const hiddenRuns = s.hiddenRuns.filter((id) => id !== runId);
  if (!shown && s.earlier.some((r) => r.runId === runId)) hiddenRuns.push(runId);
  return { ...s, hiddenRuns };
}

/**
 * Whether `msg` (folded from `before` into `after`) brought a new forward/backward pass, to animate
 * and to choose the view for: it was drawn, and the host did not mark it as shown again (`replay`).
 */
export function isNewPass(
  msg: ToWebview,
  before: PanelState,
  after: PanelState,
): msg is Extract<ToWebview, { type: 'forward' | 'backward' }> {
  return (
    (msg.type === 'forward' || msg.type === 'backward') &&
    msg.replay !== true &&
    after.pass !== undefined &&
    after.pass.seq !== before.pass?.seq
  );
}

/** Rough count of the numbers a pass report holds. */
export function reportSize(r: PassReport): number {
  let n = r.input.length * (r.input[0]?.length ?? 0);
  for (const l of r.layers) {
    const w = l.params.W.shape.reduce((a, b) => a * b, 1);
    n += w * (l.params.W.grad ? 2 : 1);
    n += l.a.length * (l.a[0]?.length ?? 0) * (l.dA ? 3 : 2);
  }
  return n;
}

/** The copy of the state given to vscode.setState: big reports and very long histories are left out. */
export function persistable(s: PanelState, maxNumbers = 200_000, maxMetrics = 5000): PanelState {
  const out: PanelState = { ...s, uri: s.spec?.uri };
  if (s.pass && reportSize(s.pass.report) > maxNumbers) out.pass = undefined;
  if (s.metrics.length > maxMetrics) out.metrics = s.metrics.slice(s.metrics.length - maxMetrics);
  if (s.gradcheck && s.gradcheck.entries.length > 5000)
    out.gradcheck = { ...s.gradcheck, entries: s.gradcheck.entries.slice(0, 5000) };
  // A reload cannot resume a run in this webview: the host tells it again if training is still going.
  out.training = { ...s.training, running: false };
  return out;
}

/** The state saved by an earlier panel, or a fresh one when there is none or it is not ours. */
export function restore(saved: unknown): PanelState {
  const base = initialState();
  if (typeof saved !== 'object' || saved === null || (saved as { version?: unknown }).version !== 1) return base;
  const s = saved as Partial<PanelState>;
  const views: View[] = ['weights', 'gradients', 'activations', 'updates'];
  return {
    ...base,
    ...s,
    view: views.includes(s.view as View) ? (s.view as View) : base.view,
    sample:
      s.sample === 'all' || (typeof s.sample === 'number' && Number.isInteger(s.sample) && s.sample >= 0)
        ? s.sample
        : 0,
    logScale: s.logScale === true,
    expanded: Array.isArray(s.expanded) ? s.expanded.filter((k) => typeof k === 'string') : [],
    metrics: Array.isArray(s.metrics) ? s.metrics : [],
    training: {
      running: false,
      epochs: typeof s.training?.epochs === 'number' ? s.training.epochs : 0,
      message: s.training?.message,
      runId: typeof s.training?.runId === 'number' ? s.training.runId : undefined,
      ordinal: typeof s.training?.ordinal === 'number' ? s.training.ordinal : undefined,
      label: typeof s.training?.label === 'string' ? s.training.label : undefined,
    },
    earlier: Array.isArray(s.earlier)
      ? s.earlier.filter((r) => typeof r?.runId === 'number' && typeof r.label === 'string' && Array.isArray(r.history))
      : [],
    hiddenRuns: Array.isArray(s.hiddenRuns) ? s.hiddenRuns.filter((id) => typeof id === 'number') : [],
  };
}
