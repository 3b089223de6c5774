/**
 * Entry point of the network panel (bundled to dist/webview.js): builds the page, restores the saved
 * state, validates every message from the extension, folds it into the state, and redraws —
 * immediately for user actions, throttled to a few frames a second while training. User actions go
 * back to the extension only as FromWebview messages.
 */
import { isToWebview, nullsToNaN, type FromWebview, type ToWebview } from '../src/protocol/messages';
import { ArchitectureView } from './architecture';
import { Banner } from './banner';
import { applyChartDefaults } from './charting';
import { DecisionBoundary } from './decisionBoundary';
import { h, setText } from './dom';
import { GradcheckView } from './gradcheckReport';
import { GraphGradcheckCard } from './graph/graphGradcheckCard';
import { GraphView } from './graph/graphView';
import { LossChart } from './lossChart';
import { accepts, isNewPass, persistable, reduce, restore, showRun, type PanelState } from './state';
import { onThemeChange } from './theme';
import { throttle } from './throttle';
import { Toolbar } from './toolbar';
import { isDrawable } from './validate';
import { graphPassCaption, passCaption } from './viewModel/labels';
import { plural } from '../src/text/notation';
import { staleResultsText, trainingText } from '../src/text/training';
import { NEGATIVE_VAR, POSITIVE_VAR } from './viewModel/colors';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PanelState = restore(vscode.getState());
const post = (m: FromWebview): void => vscode.postMessage(m);

applyChartDefaults();
const toolbar = new Toolbar();
const banner = new Banner();
const lossChart = new LossChart();
const boundary = new DecisionBoundary();
const gradcheck = new GradcheckView();
const title = h('h2', { id: 'arch-title' }, 'Network');
const subtitle = h('span', { class: 'subtitle' });
const swatch = (v: string, text: string): HTMLElement => {
  const dot = h('span', { class: 'swatch' });
  dot.style.background = `var(${v})`;
  return h('span', { class: 'legend-item' }, dot, text);
};
/** What an edge's width shows in the current view. */
const WIDTH_NOTE: Record<PanelState['view'], string> = {
  weights: 'width = |w|',
  gradients: 'width = |∂J/∂w|',
  activations: 'width = |w|',
  updates: 'width = |Δw| of the last Step',
};
let widthNote!: HTMLElement;
const legend = h(
  'div',
  { class: 'legend', 'aria-hidden': 'true' },
  swatch(POSITIVE_VAR, 'positive'),
  swatch(NEGATIVE_VAR, 'negative'),
  (widthNote = h('span', { class: 'legend-item' }, 'width = |w|')),
  h('span', { class: 'legend-item grad-note' }, '∂J/∂a under each unit after Backward'),
);
const archHost = h('div', { class: 'arch-host' });
const archCard = h(
  'section',
  { class: 'card arch-card', 'aria-labelledby': 'arch-title' },
  h('header', {}, title, subtitle, legend),
  archHost,
);
const arch = new ArchitectureView(archHost);
const graphView = new GraphView();
const graphTitle = h('h2', { id: 'graph-title' }, 'Graph');
const graphSubtitle = h('span', { class: 'subtitle' });
const graphLegend = h(
  'div',
  { class: 'legend', 'aria-hidden': 'true' },
  h('span', { class: 'legend-item value-note' }, 'value above each wire'),
  h('span', { class: 'legend-item grad-note' }, 'gradient below it, after Backward'),
);
const graphCard = h(
  'section',
  { class: 'card graph-card', 'aria-labelledby': 'graph-title' },
  h('header', {}, graphTitle, graphSubtitle, graphLegend),
  graphView.root,
);
const graphGradcheck = new GraphGradcheckCard();
const row = h('div', { class: 'row' }, lossChart.root, boundary.root);
const app = document.getElementById('app') ?? document.body;
app.append(toolbar.root, banner.root, h('main', {}, archCard, graphCard, row, gradcheck.root, graphGradcheck.root));

// ------------------------------------------------------------------ user actions

/** The document the panel shows, which every 'run' and 'reveal' names (nothing to act on before the first spec). */
const shown = (): string | undefined => state.spec?.uri;
toolbar.onRun = (action, sample) => {
  const uri = shown();
  if (uri === undefined) return;
  arch.skip();
  post(
    action === 'forward' || action === 'backward' || action === 'step' || action === 'train'
      ? { type: 'run', uri, action, sample }
      : { type: 'run', uri, action },
  );
};
toolbar.onView = (view) => {
  state = { ...state, view };
  renderNow();
};
toolbar.onSample = (sample) => {
  state = { ...state, sample };
  save();
};
toolbar.onSkip = () => arch.skip();
arch.onAnimating = () => renderToolbar();
lossChart.onLogScale = (logScale) => {
  state = { ...state, logScale };
  renderNow();
};
lossChart.onShowRun = (runId, shown) => {
  state = showRun(state, runId, shown);
  renderNow();
  save();
};
lossChart.onClearRuns = () => {
  const uri = shown();
  if (uri !== undefined) post({ type: 'clearRuns', uri });
};
const reveal = (line: number, character?: number): void => {
  const uri = shown();
  if (uri !== undefined)
    post(character === undefined ? { type: 'reveal', uri, line } : { type: 'reveal', uri, line, character });
};
gradcheck.onReveal = (line) => reveal(line);
gradcheck.onExpanded = (expanded) => {
  state = { ...state, expanded };
  save();
};
banner.onReveal = (line, character) => reveal(line, character);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && arch.animating) {
    arch.skip();
    e.preventDefault();
  }
});

// ------------------------------------------------------------------ messages

window.addEventListener('message', (event: MessageEvent) => {
  const m: unknown = nullsToNaN(event.data);
  if (!isToWebview(m) || !isDrawable(m) || !accepts(state, m)) return;
  handle(m);
});

function handle(m: ToWebview): void {
  if (m.type === 'highlightLayer') {
    arch.highlight(m.layer);
    return;
  }
  const before = state;
  state = reduce(state, m);
  const newPass = isNewPass(m, before, state);
  if (m.type === 'backward' && newPass) state = { ...state, view: m.step ? 'updates' : 'gradients' };
  if (m.type === 'forward' && newPass && state.view === 'gradients') state = { ...state, view: 'activations' };
  if (m.type === 'trainProgress' || m.type === 'trainStart') {
    arch.skip();
    renderThrottled();
    save();
    return;
  }
  renderNow();
  if ((m.type === 'forward' || m.type === 'backward') && newPass) arch.play(m.type);
  save();
}

// ------------------------------------------------------------------ rendering

function statusText(s: PanelState): string {
  if (s.graph) {
    const latest = s.metrics[s.metrics.length - 1];
    if (s.training.running) return `training · ${trainingText(latest, s.training.epochs, s.graph.output)}`;
    return graphPassCaption(s.graphPass);
  }
  const training = s.training.running
    ? { latest: s.metrics[s.metrics.length - 1], epochs: s.training.epochs }
    : undefined;
  return passCaption(s.pass, training);
}

/** The spec can be run: it has a network or a graph, and no errors. */
function runnable(s: PanelState): boolean {
  if (s.closed) return false;
  return (!!s.spec?.summary || !!s.spec?.graph) && !s.spec.diagnostics.some((d) => d.severity === 'error');
}

function renderToolbar(): void {
  toolbar.update({
    hasNetwork: runnable(state),
    graph: !!state.graph,
    canTrain: state.graph ? state.spec?.graphTrains === true : true,
    training: state.training.running,
    sampleCount: state.spec?.sampleCount ?? 1,
    sample: state.sample,
    view: state.view,
    animating: arch.animating,
    status: statusText(state),
  });
}

function render(): void {
  renderToolbar();
  const spec = state.spec;
  const stale = spec?.staleResults;
  banner.update({
    diagnostics: spec?.diagnostics ?? [],
    runError: state.error,
    ...(stale ? { stale: `The results shown are ${staleResultsText(stale)}.` } : {}),
  });
  const graph = state.graph;
  archCard.hidden = !!graph;
  graphCard.hidden = !graph;
  gradcheck.root.hidden = !!graph;
  lossChart.setLossName(graph ? graph.output : 'loss');
  if (graph) {
    setText(graphTitle, spec ? `Graph — ${spec.fileName}` : 'Graph');
    const inputs = graph.nodes.filter((n) => n.op === 'input').length;
    setText(graphSubtitle, `${plural(inputs, 'input')} · ${plural(graph.gates, 'gate')} · output ${graph.output}`);
    graphView.update({ summary: graph, pass: state.graphPass, stale: !!spec && !runnable(state) });
    graphGradcheck.update(state.graphGradcheck);
  } else graphGradcheck.update(undefined);
  const sum = state.summary;
  setText(title, spec ? `Network — ${spec.fileName}` : 'Network');
  setText(
    subtitle,
    sum ? `${[sum.input, ...sum.layers.map((l) => l.units)].join('-')} · ${sum.totalParams} parameters` : '',
  );
  setText(widthNote, WIDTH_NOTE[state.view]);
  arch.render({ summary: sum, stale: !!spec && (!runnable(state) || !!stale), pass: state.pass, view: state.view });
  lossChart.update(state.metrics, state.logScale, state.training.running ? undefined : state.training.message, {
    earlier: state.earlier,
    hidden: state.hiddenRuns,
    current: state.training.runId !== undefined ? state.training : undefined,
  });
  const b = { points: spec?.points, classes: spec?.classes, grid: state.grid };
  const showBoundary = !graph && DecisionBoundary.applies(b);
  boundary.root.hidden = !showBoundary;
  row.classList.toggle('single', !showBoundary);
  if (showBoundary) boundary.update(b);
  if (!graph) gradcheck.update(state.gradcheck, spec?.layerLines ?? {}, state.expanded);
}

const renderThrottled = throttle(render, 250);
function renderNow(): void {
  renderThrottled.cancel();
  render();
}
const save = throttle(() => vscode.setState(persistable(state)), 1000);

onThemeChange(() => {
  applyChartDefaults();
  arch.refreshTheme();
  lossChart.refreshTheme();
  boundary.refreshTheme();
  gradcheck.refreshTheme();
});

render();
post({ type: 'ready' });
