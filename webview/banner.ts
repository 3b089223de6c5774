/**
 * The error banner: problems in the spec (its error diagnostics) and failed runs, each as a short
 * line with a "line N" link that asks the extension to reveal the place in the editor — so a broken
 * spec gives an explanation, not a blank panel. Below them, a notice when the results shown are from before
 * an edit of the network or its data.
 */
import type { Range, SpecDiagnostic } from '../src/format/types';
import { clear, h } from './dom';

export interface BannerInput {
  diagnostics: readonly SpecDiagnostic[];
  runError?: { message: string; range?: Range };
  /** Results shown are stale: the notice's text. */
  stale?: string;
}

const MAX_SHOWN = 3;

export class Banner {
  readonly root: HTMLElement;
  private key = '';
  /** Reveal a place in the spec (0-based line and character). */
  onReveal: (line: number, character: number) => void = () => undefined;

  constructor() {
    this.root = h('div', { class: 'banner', role: 'alert', hidden: true });
  }

  update(input: BannerInput): void {
    const items: { message: string; range?: Range }[] = [];
    if (input.runError) items.push(input.runError);
    const errors = input.diagnostics.filter((d) => d.severity === 'error');
    items.push(...errors.slice(0, MAX_SHOWN));
    const key = JSON.stringify([items, errors.length, input.stale]);
    if (key === this.key) return;
    this.key = key;
    clear(this.root);
    this.root.hidden = items.length === 0 && !input.stale;
    this.root.classList.toggle('info', items.length === 0);
    for (const it of items) {
      const line = h(
        'div',
        { class: 'banner-line' },
        h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '⚠'),
        h('span', { class: 'banner-text' }, it.message),
      );
      if (it.range) {
        const { line: l, character } = it.range.start;
        const link = h(
          'button',
          { type: 'button', class: 'link', 'aria-label': `Go to line ${l + 1} of the spec` },
          `line ${l + 1}`,
        );
        link.addEventListener('click', () => this.onReveal(l, character));
        line.append(link);
      }
      this.root.append(line);
    }
    if (input.stale)
      this.root.append(
        h(
          'div',
          { class: 'banner-line notice stale-results' },
          h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, 'ⓘ'),
          h('span', { class: 'banner-text' }, input.stale),
        ),
      );
    if (errors.length > MAX_SHOWN)
      this.root.append(
        h('div', { class: 'banner-more' }, `… and ${errors.length - MAX_SHOWN} more problems (see the Problems view)`),
      );
  }
}
