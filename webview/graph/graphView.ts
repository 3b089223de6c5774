/**
 * The panel's drawing of a computational graph (a spec with `graph:`): gates as circles with their
 * operation, inputs as labelled leaves, wires left to right; after a pass each wire's value above it
 * (forward colour) and, after Backward, the gradient it carries back below it (backward colour), the
 * cs231n convention. A stepper walks the pass gate by gate with "upstream × local = …" and the gate's
 * pattern, highlighting the gate and its lines of the numbered flat code; hovering a wire tells its
 * numbers. It draws what the extension sent; it computes nothing of the graph.
 */
import type { GraphSummary } from '../../src/engine/config';
import type { GraphPassPayload } from '../../src/protocol/graphPayload';
import { clear, h, s, setText } from '../dom';
import { GATE_RADIUS, layoutGraph, wireLabelSpots, type GraphLayout, type LabelSpot } from './graphLayout';
import { edgeKey, stepCount, stepView, wireHover, wireValue, type StepView } from './graphSteps';

export interface GraphViewInput {
  summary: GraphSummary;
  pass?: { pass: 'forward' | 'backward'; report: GraphPassPayload; seq: number; replay: boolean };
  /** The spec has errors now: the last good graph is drawn dimmed. */
  stale: boolean;
}

/** The smallest a narrow panel draws the graph, as a fraction of its full size. */
const MIN_SCALE = 0.75;
/** Milliseconds between steps while playing. */
const PLAY_MS = 700;

export class GraphView {
  readonly root: HTMLElement;
  private readonly svgHost: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly position: HTMLElement;
  private readonly forwardCode: HTMLOListElement;
  private readonly backwardCode: HTMLOListElement;
  private readonly buttons: Record<'first' | 'back' | 'next' | 'last' | 'play', HTMLButtonElement>;
  private input?: GraphViewInput;
  private layout?: GraphLayout;
  private layoutKey = '';
  private seq = -1;
  private report: GraphPassPayload | undefined;
  private step = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    const button = (label: string, aria: string): HTMLButtonElement =>
      h('button', { type: 'button', class: 'btn secondary', 'aria-label': aria, title: aria }, label);
    this.buttons = {
      first: button('«', 'To the start of the pass'),
      back: button('◀', 'One gate back'),
      next: button('▶', 'One gate on'),
      last: button('»', 'To the end of the pass'),
      play: button('Play', 'Play the pass gate by gate'),
    };
    this.buttons.first.addEventListener('click', () => this.go(0));
    this.buttons.back.addEventListener('click', () => this.go(this.step - 1));
    this.buttons.next.addEventListener('click', () => this.go(this.step + 1));
    this.buttons.last.addEventListener('click', () => this.go(Number.MAX_SAFE_INTEGER));
    this.buttons.play.addEventListener('click', () => (this.timer ? this.pause() : this.play()));
    this.svgHost = h('div', { class: 'graph-host' });
    this.caption = h('div', { class: 'graph-caption', 'aria-live': 'polite' });
    this.position = h('span', { class: 'graph-position' });
    this.forwardCode = h('ol', { class: 'flat-code', 'aria-label': 'Forward pass as flat code' });
    this.backwardCode = h('ol', { class: 'flat-code', 'aria-label': 'Backward pass as flat code' });
    const stepper = h(
      'div',
      { class: 'graph-stepper', role: 'toolbar', 'aria-label': 'Step through the pass' },
      this.buttons.first,
      this.buttons.back,
      this.buttons.next,
      this.buttons.last,
      this.buttons.play,
      this.position,
    );
    const code = h(
      'div',
      { class: 'flat-code-box' },
      h('div', {}, h('h3', {}, 'Forward, flat'), this.forwardCode),
      h('div', {}, h('h3', {}, 'Backward, flat'), this.backwardCode),
    );
    this.root = h('div', { class: 'graph-view' }, this.svgHost, stepper, this.caption, code);
  }

  /** The step shown now (for tests: 0 … the gate count). */
  get currentStep(): number {
    return this.step;
  }

  update(input: GraphViewInput): void {
    this.input = input;
    const key = JSON.stringify([input.summary.nodes, input.summary.output]);
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.layout = layoutGraph(input.summary);
    }
    const pass = input.pass;
    // A new pass: a new sequence number, or another document's pass (its numbers start again from 1).
    if (pass && (pass.seq !== this.seq || pass.report !== this.report)) {
      this.seq = pass.seq;
      this.report = pass.report;
      this.pause();
      // A new pass starts at its beginning and plays; one shown again (a replay) is shown whole.
      this.step = pass.replay ? stepCount(pass.report) : 0;
      if (!pass.replay) this.play();
    }
    this.draw();
  }

  private go(step: number): void {
    const pass = this.input?.pass;
    if (!pass) return;
    this.step = Math.max(0, Math.min(step, stepCount(pass.report)));
    if (this.step >= stepCount(pass.report)) this.pause();
    this.draw();
  }

  private play(): void {
    const pass = this.input?.pass;
    if (!pass) return;
    if (this.step >= stepCount(pass.report)) this.step = 0;
    this.timer = setInterval(() => this.go(this.step + 1), PLAY_MS);
    setText(this.buttons.play, 'Pause');
  }

  private pause(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    setText(this.buttons.play, 'Play');
  }

  private draw(): void {
    const input = this.input;
    const L = this.layout;
    if (!input || !L) return;
    const pass = input.pass;
    const count = pass ? stepCount(pass.report) : 0;
    this.step = Math.min(this.step, count);
    const view: StepView | undefined = pass ? stepView(pass.report, pass.pass, this.step) : undefined;
    for (const b of Object.values(this.buttons)) b.disabled = !pass;
    if (pass) {
      this.buttons.first.disabled = this.buttons.back.disabled = this.step === 0;
      this.buttons.next.disabled = this.buttons.last.disabled = this.step >= count;
    }
    setText(
      this.position,
      pass
        ? `${pass.pass === 'forward' ? 'forward' : 'backward'} · gate ${this.step} of ${count}`
        : 'run Forward or Backward',
    );
    clear(this.caption);
    for (const line of view?.caption ?? [
      'Run Forward to put a value on every wire, Backward to send the gradient back.',
    ])
      this.caption.append(h('div', {}, line));
    this.drawCode(pass?.report, view);
    this.drawSvg(L, input, view);
  }

  private drawCode(report: GraphPassPayload | undefined, view: StepView | undefined): void {
    const fill = (ol: HTMLOListElement, lines: readonly string[], pass: 'forward' | 'backward'): void => {
      clear(ol);
      lines.forEach((text, i) => {
        const current = view?.code.pass === pass && view.code.lines.includes(i + 1);
        ol.append(h('li', { class: current ? 'current' : '', 'aria-current': current ? 'step' : undefined }, text));
      });
    };
    fill(this.forwardCode, report?.code.forward ?? [], 'forward');
    fill(this.backwardCode, report?.code.backward ?? [], 'backward');
  }

  private drawSvg(L: GraphLayout, input: GraphViewInput, view: StepView | undefined): void {
    clear(this.svgHost);
    const report = input.pass?.report;
    const byName = new Map((report?.nodes ?? []).map((n) => [n.name, n]));
    const edgeOf = new Map((report?.edges ?? []).map((e) => [edgeKey(e), e]));
    const svg = s('svg', {
      class: `graph${input.stale ? ' stale' : ''}`,
      viewBox: `0 0 ${L.width} ${L.height}`,
      width: L.width,
      height: L.height,
      role: 'img',
      'aria-label': `Computational graph: ${L.nodes.filter((n) => n.kind === 'gate').length} gates, output ${input.summary.output}`,
    });
    const wires = s('g', { class: 'wires' });
    const labels = s('g', { class: 'wire-labels' });
    const label = (at: LabelSpot, text: string, cls: string, edge = 'output'): void => {
      labels.append(s('text', { x: at.x, y: at.y, class: cls, 'text-anchor': at.anchor, 'data-edge': edge }, text));
    };
    for (const e of L.edges) {
      const key = edgeKey(e);
      const from = byName.get(e.from);
      const grad = view?.grads.has(key) ? edgeOf.get(key) : undefined;
      const hot = view?.gate === e.to || (grad && view?.gate === e.to);
      const line = s('line', { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, class: `wire${hot ? ' hot' : ''}` });
      if (from) line.append(s('title', {}, wireHover(grad, from)));
      wires.append(line);
      // A wider invisible line to hover.
      const hit = s('line', { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, class: 'wire-hit', 'data-edge': key });
      if (from) hit.append(s('title', {}, wireHover(grad, from)));
      wires.append(hit);
      const spot = wireLabelSpots(e);
      if (from && view?.values.has(e.from)) label(spot.value, wireValue(from.value, from.shape), 'wire-value', key);
      if (grad && from) label(spot.grad, wireValue(grad.product, from.shape), 'wire-grad', key);
    }
    const o = L.output;
    wires.append(s('line', { x1: o.x1, y1: o.y1, x2: o.x2, y2: o.y2, class: 'wire output' }));
    const out = byName.get(o.name);
    const os = wireLabelSpots(o);
    if (out && view?.values.has(o.name)) label(os.value, wireValue(out.value, out.shape), 'wire-value');
    if (view?.grads.has('output')) label(os.grad, '1', 'wire-grad');
    labels.append(s('text', { x: o.x2 + 6, y: o.y1 + 4, class: 'output-name' }, input.summary.output));
    const nodes = s('g', { class: 'graph-nodes' });
    for (const n of L.nodes) {
      const current = view?.gate === n.name;
      if (n.kind === 'input') {
        nodes.append(
          s('circle', { cx: n.x, cy: n.y, r: 4, class: 'input-dot' }),
          s('text', { x: n.x - 10, y: n.y + 4, 'text-anchor': 'end', class: 'input-name' }, n.label),
        );
        continue;
      }
      const g = s('g', { class: `gate${current ? ' current' : ''}`, 'data-node': n.name });
      g.append(
        s('title', {}, `${n.name}: ${n.op}`),
        s('circle', { cx: n.x, cy: n.y, r: GATE_RADIUS }),
        s('text', { x: n.x, y: n.y + 5, 'text-anchor': 'middle', class: 'gate-op' }, n.label),
      );
      // A node the user named (generated gates are s0, s1, …; the pass says which are whose).
      const reported = byName.get(n.name);
      if (n.name !== input.summary.output && (reported ? reported.node === n.name : !/^s\d+$/.test(n.name)))
        g.append(s('text', { x: n.x, y: n.y - GATE_RADIUS - 22, 'text-anchor': 'middle', class: 'gate-name' }, n.name));
      nodes.append(g);
    }
    svg.append(wires, labels, nodes);
    // Narrow panels shrink the drawing to at most 3/4 of its size (the numbers stay legible), then scroll.
    const room = this.svgHost.clientWidth || L.width;
    const width = Math.max(MIN_SCALE * L.width, Math.min(L.width, room));
    svg.style.width = `${width}px`;
    svg.style.height = `${(width / L.width) * L.height}px`;
    this.svgHost.append(svg);
  }

  dispose(): void {
    this.pause();
  }
}
