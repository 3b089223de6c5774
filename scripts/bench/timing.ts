/**
 * Timing helpers of the benchmark: repeat a step function in rounds with performance.now and
 * summarise the per-round microseconds per step as a median and a spread (min, max).
 */
import { performance } from 'node:perf_hooks';

/** Microseconds per step, one value per round, and their summary. */
export interface Timing {
  rounds: number[];
  median: number;
  min: number;
  max: number;
  stepsPerRound: number;
}

/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `step` `steps` times and returns the microseconds per step. */
export function timeSteps(step: () => void, steps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  return ((performance.now() - t0) * 1000) / steps;
}

/** How many steps make a round of about `targetMs`, judged from a short trial (at least `minSteps`). */
export function calibrate(step: () => void, targetMs: number, minSteps = 3): number {
  let n = 1;
  let us = timeSteps(step, n);
  // Grow the trial until it lasts long enough to be measured reliably.
  while (us * n < 20_000 && n < 1 << 16) {
    n *= 4;
    us = timeSteps(step, n);
  }
  return Math.max(minSteps, Math.round((targetMs * 1000) / us));
}

/** Summarises per-round microseconds per step. */
export function summarize(rounds: number[], stepsPerRound: number): Timing {
  return { rounds, median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds), stepsPerRound };
}
