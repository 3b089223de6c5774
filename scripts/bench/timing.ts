/**
 * Timing helpers of the benchmark: repeat a step function in rounds, timed with performance.now
 * (wall clock) and process.cpuUsage (this process's CPU time, which other processes on a shared
 * machine disturb far less), and summarise the per-round microseconds per step as a median and a
 * spread (min, max).
 */
import { performance } from 'node:perf_hooks';

/** Microseconds per step of one round: wall clock and CPU time of this process. */
export interface RoundTime {
  wall: number;
  cpu: number;
}

/** Per-round microseconds per step and their summary. */
export interface Timing {
  rounds: RoundTime[];
  /** Median, min and max of the rounds' wall-clock µs per step. */
  median: number;
  min: number;
  max: number;
  /** Median of the rounds' CPU µs per step. */
  cpuMedian: number;
  stepsPerRound: number;
}

/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `step` `steps` times and returns the microseconds per step. */
export function timeSteps(step: () => void, steps: number): RoundTime {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wall = ((performance.now() - t0) * 1000) / steps;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / steps };
}

/**
 * How many steps make a round of about `targetMs` (at least `minSteps`): the trial grows until it lasts
 * 20 ms, then the median of three trials sets the pace, so one burst of load elsewhere does not skew it.
 */
export function calibrate(step: () => void, targetMs: number, minSteps = 3): number {
  let n = 1;
  let us = timeSteps(step, n).wall;
  while (us * n < 20_000 && n < 1 << 16) {
    n *= 4;
    us = timeSteps(step, n).wall;
  }
  us = median([us, timeSteps(step, n).wall, timeSteps(step, n).wall]);
  return Math.max(minSteps, Math.round((targetMs * 1000) / us));
}

/** Summarises the rounds of one engine on one workload. */
export function summarize(rounds: RoundTime[], stepsPerRound: number): Timing {
  const wall = rounds.map((r) => r.wall);
  return {
    rounds,
    median: median(wall),
    min: Math.min(...wall),
    max: Math.max(...wall),
    cpuMedian: median(rounds.map((r) => r.cpu)),
    stepsPerRound,
  };
}
