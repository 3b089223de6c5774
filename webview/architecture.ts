/**
 * The architecture drawing (SVG): units as nodes in columns and one edge per weight, painted in one
 * of three views — weights (colour = sign, width = |w|), gradients (the same for ∂J/∂w: the
 * per-edge gradients of the lecture's picture) and activations (node fill = a). Nodes show a and,
 * after a backward pass, ∂J/∂a; the output shows the loss J and ∂J/∂ŷ. Collapsed layers get their
 * full matrix as a canvas heatmap. After Forward the values appear column by column left to right,
 * after Backward the gradients right to left (skippable, off under prefers-reduced-motion).
 */
import type { LayerReport, PassReport } from '../src/engine/types';
import type { NetworkSummary } from '../src/engine/config';
import type { PassState, View } from './state';
import { h, s, setText, XHTML_NS } from './dom';
import { themeColor, reducedMotion } from './theme';
import { layoutNetwork, type LayoutEdge, type LayoutNode, type NetworkLayout } from './viewModel/layout';
import {
  fillOpacity,
  heatmapPixels,
  NEGATIVE_VAR,
  NEUTRAL_VAR,
  POSITIVE_VAR,
  robustScale,
  signColorVar,
  strokeWidth,
} from './viewModel/colors';
import { edgeTooltip, nodeTooltip, outputBox } from './viewModel/labels';
import {
  allWeights,
  biasValue,
  dominant,
  edgeValues,
  flatMatrix,
  nodeValues,
  type ParamField,
} from './viewModel/params';
import { formatCompact, formatInside, formatNumber } from '../src/text/numbers';
import { gradientSymbol, nodeName, paramEntryName, paramSymbol, PREDICTION } from '../src/text/notation';

export interface ArchitectureInput {
  summary?: NetworkSummary;
  /** The spec currently has errors: draw the last known network dimmed. */
  stale: boolean;
  pass?: PassState;
  view: View;
}

interface EdgeEls {
  l: LayoutEdge;
  line: SVGLineElement;
  hit: SVGLineElement;
  label?: SVGTextElement;
}
interface NodeEls {
  l: LayoutNode;
  g: SVGGElement;
  circle: SVGCircleElement;
  value?: SVGTextElement;
  grad?: SVGTextElement;
}
interface HeatEls {
  layer: number;
  canvas: HTMLCanvasElement;
  caption: SVGTextElement;
}
interface Staged {
  el: Element;
  fwd: number;
  bwd: number;
}

const STEP_MS = 600;
/** How long a layer stays ringed after its CodeLens was clicked. */
const HIGHLIGHT_MS = 4000;
/** Networks with at most this many drawn nodes get keyboard-focusable nodes. */
const MAX_FOCUSABLE = 40;

/** The number of each parameter a view draws on the edges and heatmaps (activations: the weights, faint). */
function fieldOf(view: View | undefined): ParamField {
  return view === 'gradients' ? 'grad' : view === 'updates' ? 'update' : 'value';
}

export class ArchitectureView {
  private readonly frame: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly empty: HTMLElement;
  private svg?: SVGSVGElement;
  private layout?: NetworkLayout;
  private shapeKey = '';
  private edges: EdgeEls[] = [];
  private nodes: NodeEls[] = [];
  private heatmaps: HeatEls[] = [];
  private staged: Staged[] = [];
  private outLines: SVGTextElement[] = [];
  private input?: ArchitectureInput;
  /** Per report, the robust scale of each edge field and of the activations, computed when first drawn. */
  private scales = new WeakMap<PassReport, Map<ParamField | 'a', number>>();
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  private anim?: { kind: 'forward' | 'backward'; step: number; timer: ReturnType<typeof setInterval> };
  /** Told when an animation starts or ends (the toolbar shows Skip meanwhile). */
  onAnimating: (running: boolean) => void = () => undefined;

  constructor(host: HTMLElement) {
    this.frame = h('div', { class: 'arch-frame' });
    this.empty = h('div', { class: 'empty' }, 'Open a .nnspec file to see its network.');
    this.tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
    this.frame.append(this.empty, this.tooltip);
    host.append(this.frame);
  }

  /** Draws the network of `input.summary` (rebuilt only when its shape changes) with the pass's numbers. */
  render(input: ArchitectureInput): void {
    this.input = input;
    const sum = input.summary;
    this.empty.hidden = !!sum;
    if (!sum) {
      this.svg?.remove();
      this.svg = undefined;
      this.shapeKey = '';
      return;
    }
    const key = JSON.stringify([sum.input, sum.layers.map((l) => [l.units, l.activation, l.pieces ?? 1])]);
    if (key !== this.shapeKey) {
      this.build(sum);
      this.shapeKey = key;
    }
    this.svg!.classList.toggle('stale', input.stale);
    this.svg!.setAttribute('data-view', input.view);
    this.paint();
  }

  /** Points at layer `layer` (1-based): its units ringed for a few seconds and scrolled into view. */
  highlight(layer: number): void {
    if (this.highlightTimer !== undefined) clearTimeout(this.highlightTimer);
    const mine = this.nodes.filter((n) => n.l.column === layer);
    for (const n of this.nodes) n.g.classList.toggle('highlight', n.l.column === layer);
    mine[0]?.g.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    this.highlightTimer = setTimeout(() => {
      for (const n of this.nodes) n.g.classList.remove('highlight');
      this.highlightTimer = undefined;
    }, HIGHLIGHT_MS);
  }

  /** Replays the lecture's story: values left to right after forward, gradients right to left after backward. */
  play(kind: 'forward' | 'backward'): void {
    this.skip();
    if (reducedMotion() || !this.layout) return;
    const last = this.layout.columns.length - 1;
    this.anim = {
      kind,
      step: 0,
      timer: setInterval(() => {
        if (!this.anim) return;
        this.anim.step++;
        if (this.anim.step > last) this.skip();
        else this.applyStage();
      }, STEP_MS),
    };
    this.applyStage();
    this.onAnimating(true);
  }

  /** Ends a running animation and shows everything. */
  skip(): void {
    if (!this.anim) return;
    clearInterval(this.anim.timer);
    this.anim = undefined;
    for (const st of this.staged) st.el.classList.remove('pending', 'current');
    this.onAnimating(false);
  }

  get animating(): boolean {
    return this.anim !== undefined;
  }

  /** Repaints what depends on resolved theme colours (the heatmap canvases). */
  refreshTheme(): void {
    this.paintHeatmaps();
  }

  private applyStage(): void {
    if (!this.anim) return;
    const { kind, step } = this.anim;
    for (const st of this.staged) {
      const at = kind === 'forward' ? st.fwd : st.bwd;
      st.el.classList.toggle('pending', at > step);
      st.el.classList.toggle('current', at === step);
    }
  }

  // ------------------------------------------------------------------ building

  private build(sum: NetworkSummary): void {
    this.skip();
    this.svg?.remove();
    const L = layoutNetwork(sum);
    this.layout = L;
    this.edges = [];
    this.nodes = [];
    this.heatmaps = [];
    this.staged = [];
    this.outLines = [];
    const last = L.columns.length - 1;
    const svg = s('svg', {
      class: `arch text-${L.textMode}`,
      viewBox: `0 0 ${L.width} ${L.height}`,
      role: 'img',
      'aria-label': `Network ${[sum.input, ...sum.layers.map((l) => l.units)].join('-')}: ${sum.totalParams} parameters`,
    });
    svg.style.aspectRatio = `${L.width} / ${L.height}`;

    const titles = s('g', { class: 'titles' });
    for (const c of L.columns)
      titles.append(s('text', { x: c.x, y: 18, 'text-anchor': 'middle', class: 'col-title' }, c.title));
    for (let l = 1; l <= last; l++) {
      const x = (L.columns[l - 1].x + L.columns[l].x) / 2;
      titles.append(s('text', { x, y: 34, 'text-anchor': 'middle', class: 'w-title' }, paramSymbol('W', l)));
    }
    const edgeG = s('g', { class: 'edges' });
    const hitG = s('g', { class: 'edge-hits' });
    const labelG = s('g', { class: 'edge-labels' });
    for (const e of L.edges) {
      const param = paramEntryName(e.layer, 'W', [e.input, e.unit]);
      const line = s('line', { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, class: 'edge', 'data-param': param });
      const hit = s('line', { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, class: 'edge-hit' });
      const els: EdgeEls = { l: e, line, hit };
      hit.addEventListener('pointerenter', (ev) => this.showTip(ev, () => this.edgeTip(e)));
      hit.addEventListener('pointermove', (ev) => this.moveTip(ev));
      hit.addEventListener('pointerleave', () => this.hideTip());
      hit.addEventListener('pointerenter', () => line.classList.add('hover'));
      hit.addEventListener('pointerleave', () => line.classList.remove('hover'));
      edgeG.append(line);
      hitG.append(hit);
      this.staged.push({ el: line, fwd: e.layer, bwd: last - e.layer + 1 });
      if (e.label) {
        els.label = s('text', {
          x: e.label.x,
          y: e.label.y,
          class: 'edge-label',
          'text-anchor': 'middle',
          'data-param': param,
          transform: `rotate(${e.label.angle.toFixed(2)} ${e.label.x.toFixed(2)} ${e.label.y.toFixed(2)})`,
        });
        labelG.append(els.label);
        this.staged.push({ el: els.label, fwd: e.layer, bwd: last - e.layer + 1 });
      }
      this.edges.push(els);
    }

    const nodeG = s('g', { class: 'nodes' });
    for (const n of L.nodes) {
      const g = s('g', {
        class: `node ${n.role}`,
        transform: `translate(${n.x},${n.y})`,
        'data-column': n.column,
      });
      const circle = s('circle', { r: n.r, class: 'node-circle' });
      g.append(circle);
      const els: NodeEls = { l: n, g, circle };
      if (n.role === 'more') {
        g.append(
          s('text', { class: 'more-label', x: 0, y: 0, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, '…'),
        );
        g.append(
          s('text', { class: 'more-count', x: n.r + 6, y: 0, 'dominant-baseline': 'central' }, `${n.hidden} more`),
        );
      } else {
        const col = L.columns[n.column];
        const name = nodeName(n.role, n.column, n.unit, col.units);
        if (L.textMode === 'full') {
          g.append(s('text', { class: 'node-name', 'text-anchor': 'middle', 'dominant-baseline': 'central' }, name));
          els.value = s('text', { class: 'node-value', y: n.r + 14, 'text-anchor': 'middle' });
          els.grad = s('text', { class: 'node-grad', y: n.r + 29, 'text-anchor': 'middle' });
          g.append(els.value, els.grad);
        } else if (L.textMode === 'compact') {
          els.value = s('text', {
            class: 'node-value inside',
            'text-anchor': 'middle',
            'dominant-baseline': 'central',
          });
          g.append(els.value);
        }
        g.setAttribute('aria-label', name);
        if (L.nodes.length <= MAX_FOCUSABLE) {
          // Small networks: every unit is reachable with Tab and reads out its numbers.
          g.setAttribute('tabindex', '0');
          g.setAttribute('role', 'img');
          g.addEventListener('focus', () => {
            const text = this.nodeTip(n);
            g.setAttribute('aria-label', text);
            this.showTipAt(circle, text);
          });
          g.addEventListener('blur', () => this.hideTip());
        }
        g.addEventListener('pointerenter', (ev) => this.showTip(ev, () => this.nodeTip(n)));
        g.addEventListener('pointermove', (ev) => this.moveTip(ev));
        g.addEventListener('pointerleave', () => this.hideTip());
        this.staged.push({ el: circle, fwd: n.column, bwd: -1 });
        if (els.value) this.staged.push({ el: els.value, fwd: n.column, bwd: -1 });
        if (els.grad) this.staged.push({ el: els.grad, fwd: Infinity, bwd: last - n.column });
      }
      nodeG.append(g);
      this.nodes.push(els);
    }

    const out = s('g', { class: 'output-box', transform: `translate(${L.outputBox.x},${L.outputBox.y})` });
    for (let i = 0; i < 3; i++) {
      const t = s('text', { x: 0, y: (i - 1) * 17, 'dominant-baseline': 'middle', class: `out-line out-${i}` });
      out.append(t);
      this.outLines.push(t);
    }
    this.staged.push({ el: this.outLines[0], fwd: -1, bwd: -1 });
    this.staged.push({ el: this.outLines[1], fwd: last, bwd: -1 });
    this.staged.push({ el: this.outLines[2], fwd: Infinity, bwd: 0 });

    const heatG = s('g', { class: 'heatmaps' });
    for (const slot of L.heatmaps) {
      const fo = s('foreignObject', { x: slot.x, y: slot.y, width: slot.width, height: slot.height });
      const canvas = document.createElementNS(XHTML_NS, 'canvas') as HTMLCanvasElement;
      canvas.className = 'heatmap' + (slot.rows < slot.height && slot.cols < slot.width ? ' pixelated' : '');
      canvas.width = Math.max(1, slot.cols);
      canvas.height = Math.max(1, slot.rows);
      fo.append(canvas);
      const caption = s('text', {
        x: slot.x + slot.width / 2,
        y: slot.y + slot.height + 15,
        'text-anchor': 'middle',
        class: 'heat-caption',
      });
      heatG.append(
        s('rect', {
          x: slot.x - 0.5,
          y: slot.y - 0.5,
          width: slot.width + 1,
          height: slot.height + 1,
          class: 'heat-frame',
        }),
        fo,
        caption,
      );
      this.heatmaps.push({ layer: slot.layer, canvas, caption });
    }

    svg.append(titles, edgeG, labelG, hitG, nodeG, out, heatG);
    this.svg = svg;
    this.frame.insertBefore(svg, this.tooltip);
  }

  // ------------------------------------------------------------------ painting

  /** The scale of an edge field (or 'a', the activations) of report r; 1 without a report. */
  private scaleOf(r: PassReport | undefined, of: ParamField | 'a'): number {
    if (!r) return 1;
    let scales = this.scales.get(r);
    if (!scales) this.scales.set(r, (scales = new Map()));
    let scale = scales.get(of);
    if (scale === undefined) {
      const acts: number[] = [];
      if (of === 'a') for (let c = 1; c <= r.layers.length; c++) acts.push(...(nodeValues(r, c, 'a') ?? []));
      scale = robustScale(of === 'a' ? acts : allWeights(r, of));
      scales.set(of, scale);
    }
    return scale;
  }

  private paint(): void {
    const input = this.input,
      L = this.layout;
    if (!input || !L) return;
    const report = input.pass?.report;
    const view = input.view;
    const field = fieldOf(view);
    const scale = this.scaleOf(report, field);
    for (const e of this.edges) {
      const layer = report?.layers[e.l.layer - 1];
      const v = dominant(edgeValues(layer, field, e.l.input, e.l.unit));
      e.line.style.stroke = `var(${v === undefined ? NEUTRAL_VAR : signColorVar(v)})`;
      e.line.style.strokeWidth = String(v === undefined ? 1 : strokeWidth(v, scale));
      e.line.classList.toggle('faint', view === 'activations' || v === undefined);
      if (e.label) {
        const text = v === undefined || view === 'activations' ? '' : formatCompact(v);
        setText(e.label, text);
        e.label.style.fill = `var(${v === undefined ? NEUTRAL_VAR : signColorVar(v)})`;
      }
    }
    const cols = L.columns.length;
    const a = Array.from({ length: cols }, (_, c) => nodeValues(report, c, 'a'));
    const dA = Array.from({ length: cols }, (_, c) => nodeValues(report, c, 'dA'));
    for (const n of this.nodes) {
      if (n.l.role === 'more') continue;
      const av = a[n.l.column]?.[n.l.unit];
      const dv = dA[n.l.column]?.[n.l.unit];
      if (n.value)
        setText(
          n.value,
          av === undefined ? '' : n.value.classList.contains('inside') ? formatInside(av) : formatNumber(av),
        );
      // A single output's ∂J/∂ŷ is written in the output box beside it.
      const inBox = n.l.role === 'output' && L.columns[n.l.column].units === 1;
      const of = n.l.role === 'output' ? PREDICTION : 'a';
      if (n.grad) setText(n.grad, dv === undefined || inBox ? '' : `${gradientSymbol(of)} ${formatNumber(dv)}`);
      if (view === 'activations' && av !== undefined) {
        n.circle.style.fill = `var(${signColorVar(av)})`;
        n.circle.style.fillOpacity = String(
          fillOpacity(
            av,
            n.l.column === 0 ? Math.max(...(a[0] ?? [1]).map(Math.abs), 1e-12) : this.scaleOf(report, 'a'),
          ),
        );
      } else {
        n.circle.style.fill = '';
        n.circle.style.fillOpacity = '';
      }
    }
    this.paintOutput(report, input.pass?.kind);
    this.fitOutputBox(L);
    this.paintHeatmaps();
  }

  /**
   * Widens the drawing when the output box's longest line would pass its right edge (a long J, ∂J/∂ŷ or
   * "trained · 4 samples" in a narrow panel), so no label is clipped; back to the layout's width otherwise.
   */
  private fitOutputBox(L: NetworkLayout): void {
    const svg = this.svg;
    if (!svg) return;
    let longest = 0;
    for (const t of this.outLines) {
      try {
        longest = Math.max(longest, t.textContent ? t.getComputedTextLength() : 0);
      } catch {
        /* not laid out (hidden): keep the layout's width */
      }
    }
    const width = Math.max(L.width, Math.ceil(L.outputBox.x + longest + 8));
    svg.setAttribute('viewBox', `0 0 ${width} ${L.height}`);
    svg.style.aspectRatio = `${width} / ${L.height}`;
  }

  private paintOutput(report: PassReport | undefined, kind: PassState['kind'] | undefined): void {
    const [t, j, d] = this.outLines;
    if (!report) {
      setText(t, '');
      setText(j, '');
      setText(d, '');
      return;
    }
    const box = outputBox(report, kind ?? 'forward');
    setText(t, box.lines[0]);
    setText(j, box.lines[1]);
    setText(d, box.lines[2]);
    d.classList.toggle('is-grad', box.gradient);
  }

  private paintHeatmaps(): void {
    if (this.heatmaps.length === 0) return;
    const report = this.input?.pass?.report;
    const which = fieldOf(this.input?.view);
    const pos = themeColor(POSITIVE_VAR, '#1a85ff'),
      neg = themeColor(NEGATIVE_VAR, '#d18616');
    for (const hm of this.heatmaps) {
      const layer: LayerReport | undefined = report?.layers[hm.layer - 1];
      const m = flatMatrix(layer?.params.W, which);
      const ctx = hm.canvas.getContext('2d');
      const shape = this.layout!.heatmaps.find((x) => x.layer === hm.layer)!;
      const W = paramSymbol('W', hm.layer);
      const label = `${which === 'grad' ? gradientSymbol(W) : which === 'update' ? `Δ${W}` : W} · ${shape.rows}×${shape.cols}`;
      if (!ctx) continue;
      if (!m || m.rows !== hm.canvas.height || m.cols !== hm.canvas.width) {
        ctx.clearRect(0, 0, hm.canvas.width, hm.canvas.height);
        setText(hm.caption, `${label} · no values yet`);
        continue;
      }
      const img = ctx.createImageData(m.cols, m.rows);
      const scale = robustScale(m.values);
      heatmapPixels(m.values, pos, neg, scale, img.data);
      ctx.putImageData(img, 0, 0);
      setText(hm.caption, `${label} · ±${formatNumber(scale)}`);
    }
  }

  // ------------------------------------------------------------------ tooltips

  private edgeTip(e: LayoutEdge): string {
    const layer = this.input?.pass?.report.layers[e.layer - 1];
    const w = edgeValues(layer, 'value', e.input, e.unit);
    const g = edgeValues(layer, 'grad', e.input, e.unit);
    const u = edgeValues(layer, 'update', e.input, e.unit);
    return edgeTooltip({
      update: u && u.length === 1 ? u[0] : u,
      layer: e.layer,
      input: e.input,
      unit: e.unit,
      weight: w && w.length === 1 ? w[0] : w,
      grad: g && g.length === 1 ? g[0] : g,
    });
  }

  private nodeTip(n: LayoutNode): string {
    const L = this.layout!,
      sum = this.input!.summary!;
    const report = this.input?.pass?.report;
    const col = L.columns[n.column];
    const spec = sum.layers[n.column - 1];
    const layer = report?.layers[n.column - 1];
    return (
      nodeTooltip({
        role: n.role as 'input' | 'hidden' | 'output',
        layer: n.column,
        unit: n.unit,
        units: col.units,
        activation: spec && (spec.pieces && spec.pieces > 1 ? `maxout×${spec.pieces}` : spec.activation),
        samples: report?.samples.length ?? 1,
        z: nodeValues(report, n.column, 'z')?.[n.unit],
        a: nodeValues(report, n.column, 'a')?.[n.unit],
        dA: nodeValues(report, n.column, 'dA')?.[n.unit],
        bias: biasValue(layer, 'value', n.unit),
        biasGrad: biasValue(layer, 'grad', n.unit),
      }) + (n.column > 0 && !report ? '\n(run Forward to see values)' : '')
    );
  }

  private showTip(ev: PointerEvent, text: () => string): void {
    this.tooltip.textContent = text();
    this.tooltip.hidden = false;
    this.moveTip(ev);
  }

  private moveTip(ev: PointerEvent): void {
    const box = this.frame.getBoundingClientRect();
    const tw = this.tooltip.offsetWidth,
      th = this.tooltip.offsetHeight;
    let x = ev.clientX - box.left + 14,
      y = ev.clientY - box.top + 14;
    if (x + tw > box.width) x = Math.max(0, ev.clientX - box.left - tw - 10);
    if (y + th > box.height) y = Math.max(0, ev.clientY - box.top - th - 10);
    this.tooltip.style.left = `${x}px`;
    this.tooltip.style.top = `${y}px`;
  }

  /** Shows the tooltip beside an element (keyboard focus). */
  private showTipAt(target: Element, text: string): void {
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    const box = this.frame.getBoundingClientRect(),
      r = target.getBoundingClientRect();
    let x = r.right - box.left + 8;
    if (x + this.tooltip.offsetWidth > box.width) x = Math.max(0, r.left - box.left - this.tooltip.offsetWidth - 8);
    this.tooltip.style.left = `${x}px`;
    this.tooltip.style.top = `${Math.max(0, r.top - box.top)}px`;
  }

  private hideTip(): void {
    this.tooltip.hidden = true;
  }
}
