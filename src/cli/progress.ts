/** A one-line terminal progress bar for training, redrawn in place on a TTY and throttled. */
import type { EpochMetrics } from '../engine/types';

export function formatMetrics(m: EpochMetrics): string {
  const parts = [`loss ${fmt(m.loss)}`];
  if (m.accuracy !== undefined) parts.push(`accuracy ${(m.accuracy * 100).toFixed(1)}%`);
  if (m.testLoss !== undefined) parts.push(`test loss ${fmt(m.testLoss)}`);
  if (m.testAccuracy !== undefined) parts.push(`test accuracy ${(m.testAccuracy * 100).toFixed(1)}%`);
  return parts.join(' · ');
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

export class ProgressBar {
  private lastDraw = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    private readonly width = 28,
  ) {}

  update(m: EpochMetrics, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 80 && m.epoch < this.total) return;
    this.lastDraw = now;
    const done = Math.min(1, m.epoch / this.total);
    const filled = Math.round(done * this.width);
    const bar = '█'.repeat(filled) + '░'.repeat(this.width - filled);
    this.stream.write(`\r${bar} epoch ${m.epoch}/${this.total} · ${formatMetrics(m)}\x1b[K`);
  }

  finish(): void {
    this.stream.write('\n');
  }
}
