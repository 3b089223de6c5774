/**
 * The gradient-check report: a headline, one row per layer and parameter group with its worst
 * relative error and verdict (coloured by theme status colours), each expandable to the individual
 * parameters, a link from each group to its layer's spec line, and a scatter chart of analytic
 * against numeric gradients where points off the diagonal are the mistakes.
 */
import type { GradcheckReport } from '../src/engine/types';
import { Chart, chartColor, chartTheme } from './charting';
import { clear, h, setText } from './dom';
import {
  diagonal,
  gradcheckHeadline,
  gradcheckRows,
  gradcheckScatter,
  STATUS_TEXT,
  type GroupRow,
} from './viewModel/gradcheckTable';
import { formatNumber } from '../src/text/numbers';
import { gradcheckMessage } from '../src/text/gradcheck';

export class GradcheckView {
  readonly root: HTMLElement;
  private readonly headline: HTMLElement;
  private readonly message: HTMLElement;
  private readonly table: HTMLTableSectionElement;
  private readonly canvas: HTMLCanvasElement;
  private chart?: Chart;
  private report?: GradcheckReport;
  private layerLines: Record<number, number> = {};
  private expanded = new Set<string>();
  /** Reveal a spec line (0-based). */
  onReveal: (line: number) => void = () => undefined;
  /** The set of expanded groups changed (saved in the panel state). */
  onExpanded: (keys: string[]) => void = () => undefined;

  constructor() {
    this.headline = h(
      'div',
      { class: 'gc-headline', 'aria-live': 'polite' },
      'Press Gradient check to compare backpropagation with finite differences.',
    );
    this.message = h('div', { class: 'gc-message' });
    this.table = h('tbody');
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Analytic against numeric gradients' });
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['', 'Parameters', 'Checked', 'Worst relative error', 'Largest |a \u2212 n|', 'Verdict', 'Spec'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    );
    this.root = h(
      'section',
      { class: 'card gc-card', 'aria-labelledby': 'gc-title' },
      h('header', {}, h('h2', { id: 'gc-title' }, 'Gradient check')),
      this.headline,
      this.message,
      h(
        'div',
        { class: 'gc-body' },
        h('div', { class: 'gc-table-box' }, h('table', { class: 'gc-table' }, head, this.table)),
        h('div', { class: 'gc-chart-box' }, this.canvas),
      ),
    );
    this.root.classList.add('empty-report');
  }

  update(report: GradcheckReport | undefined, layerLines: Record<number, number>, expanded: readonly string[]): void {
    const changed = report !== this.report || layerLines !== this.layerLines;
    this.report = report;
    this.layerLines = layerLines;
    this.expanded = new Set(expanded);
    this.root.classList.toggle('empty-report', !report);
    if (!changed) return;
    if (!report) {
      setText(this.headline, 'Press Gradient check to compare backpropagation with finite differences.');
      setText(this.message, '');
      clear(this.table);
      this.chart?.destroy();
      this.chart = undefined;
      return;
    }
    setText(this.headline, gradcheckHeadline(report));
    this.headline.className = `gc-headline ${report.passed ? 'passed' : 'failed'}`;
    setText(this.message, gradcheckMessage(report));
    this.renderRows();
    this.drawChart();
  }

  refreshTheme(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.drawChart();
  }

  private renderRows(): void {
    clear(this.table);
    if (!this.report) return;
    for (const row of gradcheckRows(this.report, this.layerLines)) this.table.append(...this.groupRows(row));
  }

  private groupRows(row: GroupRow): HTMLTableRowElement[] {
    const open = this.expanded.has(row.key);
    const toggle = h(
      'button',
      {
        class: 'icon-button',
        'aria-expanded': String(open),
        'aria-label': `${open ? 'Collapse' : 'Expand'} ${row.title}`,
      },
      open ? '▾' : '▸',
    );
    const verdict = h('span', { class: `badge status-${row.status}` }, STATUS_TEXT[row.status]);
    verdict.style.color = `var(${row.colorVar})`;
    verdict.style.borderColor = `var(${row.colorVar})`;
    const link =
      row.line !== undefined
        ? h(
            'button',
            { class: 'link', 'aria-label': `Show layer ${row.layer} in the spec, line ${row.line + 1}` },
            `line ${row.line + 1}`,
          )
        : h('span', {}, '');
    if (row.line !== undefined) link.addEventListener('click', () => this.onReveal(row.line!));
    const tr = h(
      'tr',
      { class: `group status-${row.status}` },
      h('td', {}, toggle),
      h('th', { scope: 'row' }, row.title),
      h('td', { class: 'num' }, String(row.checked)),
      h('td', { class: 'num' }, row.worst),
      h('td', { class: 'num' }, row.largest),
      h('td', {}, verdict),
      h('td', {}, link),
    );
    const entries = h('tbody');
    for (const e of row.entries) {
      const st = h('span', {}, e.status);
      st.style.color = `var(${e.colorVar})`;
      entries.append(
        h(
          'tr',
          {},
          h('th', { scope: 'row', class: 'mono' }, e.name),
          h('td', { class: 'num' }, e.analytic),
          h('td', { class: 'num' }, e.numeric),
          h('td', { class: 'num' }, e.absoluteError),
          h('td', { class: 'num' }, e.relativeError),
          h('td', {}, st),
        ),
      );
    }
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['parameter', 'analytic', 'numeric', '|a \u2212 n|', 'relative error', 'verdict'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    );
    const detail = h(
      'tr',
      { class: 'detail' },
      h('td', {}),
      h('td', { colspan: 6 }, h('table', { class: 'entries' }, head, entries)),
    );
    detail.hidden = !open;
    toggle.addEventListener('click', () => {
      const now = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(now));
      toggle.setAttribute('aria-label', `${now ? 'Collapse' : 'Expand'} ${row.title}`);
      toggle.textContent = now ? '▾' : '▸';
      detail.hidden = !now;
      if (now) this.expanded.add(row.key);
      else this.expanded.delete(row.key);
      this.onExpanded([...this.expanded]);
    });
    return [tr, detail];
  }

  private drawChart(): void {
    if (!this.report) return;
    const t = chartTheme();
    const sets = gradcheckScatter(this.report);
    const datasets = [
      {
        type: 'line' as const,
        label: 'analytic = numeric',
        data: diagonal(this.report),
        borderColor: chartColor('--vscode-descriptionForeground', 0.6),
        borderDash: [4, 4],
        borderWidth: 1,
        pointRadius: 0,
      },
      ...sets.map((s) => ({
        type: 'scatter' as const,
        label: s.status,
        data: s.points,
        backgroundColor: chartColor(s.colorVar, 0.85),
        borderColor: chartColor(s.colorVar),
        pointRadius: 3.5,
      })),
    ];
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: {
            position: 'bottom',
            labels: { boxWidth: 10, color: t.text, font: { family: t.font, size: t.fontSize } },
          },
          tooltip: {
            callbacks: {
              label: (c) => {
                const p = c.raw as { x: number; y: number; name?: string };
                return `${p.name ?? ''} analytic ${formatNumber(p.y)} · numeric ${formatNumber(p.x)}`;
              },
            },
          },
        },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: 'numeric ∂J/∂θ', color: t.text },
            ticks: { color: t.text },
            grid: { color: t.grid },
          },
          y: {
            type: 'linear',
            title: { display: true, text: 'analytic ∂J/∂θ', color: t.text },
            ticks: { color: t.text },
            grid: { color: t.grid },
          },
        },
      },
    });
  }
}
