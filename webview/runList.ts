/**
 * The list of runs under the loss chart, shown once a document has been trained more than once: each
 * earlier run with its colour, its number, what changed in the spec since the run before and its last
 * loss, and a checkbox that shows or hides its faint line; the last run (the chart's full-colour lines)
 * named the same way; and a Clear button that forgets the earlier runs. Native, labelled controls.
 */
import type { EarlierRun } from '../src/protocol/messages';
import { clear, h } from './dom';
import { earlierRunColor, runName } from './viewModel/chartSeries';
import { formatLoss } from '../src/text/numbers';

export interface RunListInput {
  earlier: readonly EarlierRun[];
  hidden: readonly number[];
  /** The last run: its number and label (drawn in the chart's own colours). */
  current?: { ordinal?: number; label?: string };
}

/** The colour of the last run's train loss (the chart's 'loss' series). */
const CURRENT_COLOR = '--vscode-charts-blue';

export class RunList {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private key = '';
  /** Told when the user shows or hides an earlier run. */
  onShow: (runId: number, shown: boolean) => void = () => undefined;
  /** Told when the user asks to forget the earlier runs. */
  onClear: () => void = () => undefined;

  constructor() {
    this.list = h('ul', { class: 'run-list', 'aria-label': 'Training runs' });
    const clearButton = h(
      'button',
      { type: 'button', class: 'btn secondary clear-runs', title: 'Forget the earlier runs (the last run stays)' },
      'Clear',
    );
    clearButton.addEventListener('click', () => this.onClear());
    this.root = h(
      'div',
      { class: 'runs', hidden: true },
      h('div', { class: 'runs-header' }, h('span', { class: 'runs-title' }, 'Runs'), clearButton),
      this.list,
    );
  }

  update(input: RunListInput): void {
    const { earlier, hidden, current } = input;
    const key = JSON.stringify([
      earlier.map((r) => [r.runId, r.ordinal, r.label, r.history.length]),
      hidden,
      current?.ordinal,
      current?.label,
    ]);
    if (key === this.key) return;
    this.key = key;
    clear(this.list);
    this.root.hidden = earlier.length === 0;
    for (const run of earlier) {
      const box = h('input', { type: 'checkbox', 'data-run': run.runId });
      box.checked = !hidden.includes(run.runId);
      box.addEventListener('change', () => this.onShow(run.runId, box.checked));
      const last = run.history[run.history.length - 1];
      this.list.append(
        h(
          'li',
          { class: 'run earlier' },
          h(
            'label',
            {},
            box,
            swatch(earlierRunColor(run.ordinal), true),
            h('span', { class: 'run-name', title: runName(run.ordinal, run.label) }, runName(run.ordinal, run.label)),
            h('span', { class: 'run-loss' }, last ? `loss ${formatLoss(last.loss)}` : 'no epochs'),
          ),
        ),
      );
    }
    if (current)
      this.list.append(
        h(
          'li',
          { class: 'run current' },
          swatch(CURRENT_COLOR, false),
          h('span', { class: 'run-name' }, `${runName(current.ordinal, current.label)} (last run)`),
        ),
      );
  }
}

function swatch(colorVar: string, faint: boolean): HTMLElement {
  const dot = h('span', { class: `swatch${faint ? ' faint' : ''}`, 'aria-hidden': 'true' });
  dot.style.background = `var(${colorVar})`;
  return dot;
}
