/**
 * The gradient check of a graph in the panel: the verdict in words, then a row per input (entries checked,
 * largest relative error, largest |analytic − numeric|, status) and the entries that are not ok — the
 * same facts and words as the CLI's table (src/text/graph.ts).
 */
import type { GraphGradcheckReport } from '../../src/engine/graph/gradcheck';
import { graphEntryName, graphGradcheckMessage } from '../../src/text/graph';
import { formatError, formatNumber } from '../../src/text/numbers';
import { clear, h, setText } from '../dom';

export class GraphGradcheckCard {
  readonly root: HTMLElement;
  private readonly verdict: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    this.verdict = h('p', { class: 'verdict' });
    this.body = h('div', { class: 'table-box' });
    this.root = h(
      'section',
      { class: 'card gradcheck-card graph-gradcheck', 'aria-labelledby': 'graph-gradcheck-title' },
      h('header', {}, h('h2', { id: 'graph-gradcheck-title' }, 'Gradient check')),
      this.verdict,
      this.body,
    );
    this.root.hidden = true;
  }

  update(report: GraphGradcheckReport | undefined): void {
    this.root.hidden = !report;
    if (!report) return;
    setText(this.verdict, `${report.passed ? '✔' : '✘'} ${graphGradcheckMessage(report)}`);
    this.verdict.classList.toggle('fail', !report.passed);
    clear(this.body);
    const rel = (v: number): string => (v === 0 ? '0 (noise)' : formatError(v));
    const table = (head: string[], rows: string[][]): HTMLTableElement =>
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...rows.map((r) => h('tr', { class: `status-${r[r.length - 1]}` }, ...r.map((c) => h('td', {}, c)))),
        ),
      );
    this.body.append(
      table(
        ['input', 'checked', 'max rel. error', 'max |a−n|', 'status'],
        report.groups.map((g) => [
          g.param,
          String(g.checked),
          rel(g.maxRelativeError),
          formatError(g.maxAbsoluteError),
          g.status,
        ]),
      ),
    );
    const notable = report.entries.filter((e) => e.status !== 'ok').slice(0, 20);
    if (notable.length)
      this.body.append(
        table(
          ['entry', 'analytic', 'numeric', 'rel. error', 'status'],
          notable.map((e) => [
            graphEntryName(e.param, e.index),
            formatNumber(e.analytic),
            formatNumber(e.numeric),
            rel(e.relativeError),
            e.status,
          ]),
        ),
      );
  }
}
