/** A one-line terminal progress bar for training, redrawn in place on a TTY and throttled. */
import type { EpochMetrics } from '../engine/types';
import { formatMetrics } from '../text/training';

export class ProgressBar {
  private lastDraw = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    /** What the loss is called: a graph's output name. */
    private readonly lossName = 'loss',
    private readonly width = 28,
  ) {}

  update(m: EpochMetrics, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 80 && m.epoch < this.total) return;
    this.lastDraw = now;
    const done = Math.min(1, m.epoch / this.total);
    const filled = Math.round(done * this.width);
    const bar = '█'.repeat(filled) + '░'.repeat(this.width - filled);
    this.stream.write(`\r${bar} epoch ${m.epoch}/${this.total} · ${formatMetrics(m, this.lossName)}\x1b[K`);
  }

  finish(): void {
    this.stream.write('\n');
  }
}
