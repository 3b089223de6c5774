/**
 * Decides when the training worker sends a progress message: it collects every epoch's metrics and
 * releases them at most once per interval (and always the first epoch), so the host and the panel get
 * a few updates a second however fast the epochs are. Pure; unit-tested in Node.
 */
import type { EpochMetrics } from '../engine/types';

export class ProgressThrottle {
  private pending: EpochMetrics[] = [];
  private lastEmit = -Infinity;

  constructor(private readonly intervalMs: number) {}

  push(m: EpochMetrics): void {
    this.pending.push(m);
  }

  /** True when there are metrics waiting and the interval since the last release has passed. */
  due(now: number): boolean {
    return this.pending.length > 0 && now - this.lastEmit >= this.intervalMs;
  }

  /** The metrics collected since the last release, in order; marks `now` as the release time. */
  take(now: number): EpochMetrics[] {
    const out = this.pending;
    this.pending = [];
    this.lastEmit = now;
    return out;
  }

  get waiting(): number {
    return this.pending.length;
  }
}
