/**
 * The loss chart (chart.js line chart): train and test loss per epoch, accuracy on a right-hand
 * axis for classifiers, the document's earlier runs as faint lines behind them (listed, toggled and
 * cleared in the run list below the chart), a log-scale toggle, no animation, redrawn at most a few
 * times a second while training; it sits in a fixed-height box so the panel never jumps.
 */
import type { EpochMetrics } from '../src/engine/types';
import { Chart, chartColor, chartTheme } from './charting';
import { h, setText } from './dom';
import { RunList, type RunListInput } from './runList';
import { throttle } from './throttle';
import { earlierRunSeries, latestCaption, lossChartSeries } from './viewModel/chartSeries';
import { formatLoss, formatPercent } from '../src/text/numbers';

/** Opacity of an earlier run's line. */
const FAINT_ALPHA = 0.45;

export class LossChart {
  readonly root: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly logBox: HTMLInputElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly placeholder: HTMLElement;
  private chart?: Chart;
  private metrics: readonly EpochMetrics[] = [];
  private lossName = 'loss';
  private readonly title: HTMLElement;
  private runs: RunListInput = { earlier: [], hidden: [] };
  private readonly runList = new RunList();
  /** How many of the chart's datasets are the last run's (the rest are earlier runs, left out of the legend). */
  private ownSeries = 0;
  private logScale = false;
  private readonly redraw = throttle(() => this.draw(), 250);
  /** Told when the user toggles the log scale. */
  onLogScale: (on: boolean) => void = () => undefined;
  /** Told when the user shows or hides an earlier run, or clears them. */
  set onShowRun(f: (runId: number, shown: boolean) => void) {
    this.runList.onShow = f;
  }
  set onClearRuns(f: () => void) {
    this.runList.onClear = f;
  }

  constructor() {
    this.logBox = h('input', { type: 'checkbox', id: 'log-scale' });
    this.logBox.addEventListener('change', () => {
      this.logScale = this.logBox.checked;
      this.onLogScale(this.logScale);
      this.redraw();
      this.redraw.flush();
    });
    this.caption = h('div', { class: 'caption', 'aria-live': 'polite' });
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Loss per epoch' });
    this.placeholder = h(
      'div',
      { class: 'placeholder' },
      'Loss (and accuracy, for classifiers) per epoch, drawn live while training.',
    );
    this.root = h(
      'section',
      { class: 'card chart-card', 'aria-labelledby': 'loss-title' },
      h(
        'header',
        {},
        (this.title = h('h2', { id: 'loss-title' }, 'Loss')),
        h('label', { class: 'toggle' }, this.logBox, 'log scale'),
      ),
      h('div', { class: 'chart-box' }, this.canvas, this.placeholder),
      this.caption,
      this.runList.root,
    );
  }

  /** What the loss is called: "loss", or a graph's output name (the title, the axis and the caption say it). */
  setLossName(name: string): void {
    if (name === this.lossName) return;
    this.lossName = name;
    setText(this.title, name === 'loss' ? 'Loss' : `Output ${name}`);
    this.chart?.destroy();
    this.chart = undefined;
  }

  /** New data (the last run's metrics, and the earlier runs): drawn on the next throttled frame. */
  update(
    metrics: readonly EpochMetrics[],
    logScale: boolean,
    message?: string,
    runs: RunListInput = { earlier: [], hidden: [] },
  ): void {
    this.metrics = metrics;
    this.runs = runs;
    this.logScale = logScale;
    this.runList.update(runs);
    const empty = metrics.length === 0 && runs.earlier.every((r) => r.history.length === 0);
    // The box keeps its size either way: only the canvas is hidden, so nothing moves when training starts.
    this.canvas.classList.toggle('invisible', empty);
    this.placeholder.hidden = !empty;
    this.logBox.checked = logScale;
    const cap = latestCaption(metrics, this.lossName);
    setText(this.caption, message && metrics.length ? `${cap} — ${message}` : cap);
    this.redraw();
  }

  /** Re-reads theme colours. */
  refreshTheme(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.draw();
  }

  private draw(): void {
    const options = { logScale: this.logScale, maxPoints: 800 };
    const own = lossChartSeries(this.metrics, options);
    const series = [...own, ...earlierRunSeries(this.runs.earlier, this.runs.hidden, options)];
    this.ownSeries = own.length;
    const hasAcc = series.some((s) => s.axis === 'accuracy');
    const datasets = series.map((s) => ({
      label: s.id === 'loss' && this.lossName !== 'loss' ? this.lossName : s.label,
      data: s.points,
      yAxisID: s.axis === 'loss' ? 'y' : 'y1',
      borderColor: chartColor(s.colorVar, s.faint ? FAINT_ALPHA : 1),
      backgroundColor: chartColor(s.colorVar, s.faint ? FAINT_ALPHA : 1),
      borderWidth: s.faint ? 1.25 : s.axis === 'loss' ? 2 : 1.5,
      borderDash: s.dashed ? [5, 4] : [],
      pointRadius: !s.faint && s.points.length < 40 ? 2 : 0,
      // Earlier runs are drawn first, behind the last run's lines.
      order: s.faint ? 1 : 0,
      tension: 0,
    }));
    const t = chartTheme();
    if (!this.chart) {
      this.chart = new Chart(this.canvas, {
        type: 'line',
        data: { datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          parsing: false,
          normalized: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          plugins: {
            legend: {
              position: 'bottom',
              labels: {
                boxWidth: 14,
                boxHeight: 2,
                color: t.text,
                font: { family: t.font, size: t.fontSize },
                // Earlier runs are named in the run list below the chart.
                filter: (item) => (item.datasetIndex ?? 0) < this.ownSeries,
              },
            },
            tooltip: {
              callbacks: {
                label: (c) =>
                  `${c.dataset.label}: ${c.dataset.yAxisID === 'y1' ? formatPercent(c.parsed.y ?? 0) : formatLoss(c.parsed.y ?? NaN)}`,
              },
            },
          },
          scales: {
            x: {
              type: 'linear',
              title: { display: true, text: 'epoch', color: t.text },
              ticks: { color: t.text, precision: 0 },
              grid: { color: t.grid },
            },
            y: {
              type: this.logScale ? 'logarithmic' : 'linear',
              title: { display: true, text: this.lossName, color: t.text },
              ticks: { color: t.text },
              grid: { color: t.grid },
            },
            y1: {
              type: 'linear',
              position: 'right',
              min: 0,
              max: 1,
              display: hasAcc,
              title: { display: true, text: 'accuracy', color: t.text },
              ticks: { color: t.text, callback: (v) => `${Math.round(Number(v) * 100)}%` },
              grid: { drawOnChartArea: false },
            },
          },
        },
      });
      return;
    }
    const o = this.chart.options;
    const y = o.scales!.y!;
    if (y.type !== (this.logScale ? 'logarithmic' : 'linear')) {
      this.chart.destroy();
      this.chart = undefined;
      this.draw();
      return;
    }
    o.scales!.y1!.display = hasAcc;
    this.chart.data.datasets = datasets;
    this.chart.update('none');
  }
}
