/**
 * Output of the benchmark: the human table (median and min–max microseconds per step per engine,
 * the speed-up against the bar) and the `--json` lines, one per result.
 */
import type { Timing } from './timing';

export interface WorkloadResult {
  id: 'A' | 'B';
  title: string;
  /** The speed-up over tfjs-cpu the issue asks for. */
  bar: number;
  /** One step = Network.gradient + optimizer step (what the Trainer does per batch). */
  nnspec: Timing;
  tfjs: Timing;
  /** One step = one whole Trainer epoch of one batch, including its per-epoch metrics. */
  trainer: Timing;
}

/** tfjs-cpu median over nnspec median (wall clock). */
export function speedup(r: WorkloadResult): number {
  return r.tfjs.median / r.nnspec.median;
}

/** The same ratio in CPU time of the process. */
export function cpuSpeedup(r: WorkloadResult): number {
  return r.tfjs.cpuMedian / r.nnspec.cpuMedian;
}

/** The bar counts as met only when both ratios reach it: on a busy machine the wall clock alone is noisy. */
export function barMet(r: WorkloadResult): boolean {
  return Math.min(speedup(r), cpuSpeedup(r)) >= r.bar;
}

const fmt = (us: number): string => (us >= 100 ? us.toFixed(0) : us.toFixed(1));

export function jsonLines(results: WorkloadResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const [engine, t] of [
      ['nnspec', r.nnspec],
      ['tfjs-cpu', r.tfjs],
      ['nnspec-trainer', r.trainer],
    ] as const) {
      lines.push(
        JSON.stringify({
          workload: r.id,
          engine,
          usPerStep: round(t.median),
          minUs: round(t.min),
          maxUs: round(t.max),
          cpuUsPerStep: round(t.cpuMedian),
          rounds: t.rounds.length,
          stepsPerRound: t.stepsPerRound,
        }),
      );
    }
    lines.push(
      JSON.stringify({
        workload: r.id,
        speedup: round(speedup(r)),
        cpuSpeedup: round(cpuSpeedup(r)),
        bar: r.bar,
        met: barMet(r),
      }),
    );
  }
  return lines;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The human table: one row per engine per workload, speed-ups against tfjs-cpu in wall clock and CPU time. */
export function table(results: WorkloadResult[]): string {
  const rows = [
    ['workload', 'engine', 'µs/step', 'min–max', 'cpu µs/step', 'rounds×steps', 'speed-up', 'cpu speed-up', 'bar'],
  ];
  for (const r of results) {
    const row = (label: string, engine: string, t: Timing, extra: string[]): string[] => [
      label,
      engine,
      fmt(t.median),
      `${fmt(t.min)}–${fmt(t.max)}`,
      fmt(t.cpuMedian),
      `${t.rounds.length}×${t.stepsPerRound}`,
      ...extra,
    ];
    const ratio = (t: Timing) => [
      `${(r.tfjs.median / t.median).toFixed(1)}×`,
      `${(r.tfjs.cpuMedian / t.cpuMedian).toFixed(1)}×`,
    ];
    rows.push(
      row(`${r.id}: ${r.title}`, 'nnspec', r.nnspec, [
        ...ratio(r.nnspec),
        `≥${r.bar}× ${barMet(r) ? 'met' : 'NOT met'}`,
      ]),
    );
    rows.push(row('', 'tfjs-cpu', r.tfjs, ['', '', '']));
    rows.push(row('', 'nnspec Trainer epoch¹', r.trainer, [...ratio(r.trainer), '']));
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c >= 2 && c <= 7 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    "µs/step: median (min–max) over the rounds, wall clock; cpu: this process's CPU time, less disturbed by other load.",
    'A bar is met when both the wall-clock and the CPU-time speed-up reach it.',
    '¹ a whole Trainer.step() epoch of one batch: the step plus the epoch metrics (a second forward pass, accuracy, finiteness check).',
  ].join('\n');
}
