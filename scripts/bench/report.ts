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
  /** The step as `nnspec`, its large products split with the helper thread on the second core (when it runs). */
  twoThreads?: Timing;
  /** PyTorch on one thread (when this machine's Python has torch). */
  pytorch?: { f64: Timing; f32: Timing };
  /** The bar against PyTorch float64: nnspec's time per step at most this fraction of PyTorch's. */
  torchBar: number;
}

/** nnspec's time per step over PyTorch float64's (wall clock and CPU), when PyTorch ran. */
export function torchRatios(r: WorkloadResult): { wall: number; cpu: number; f32: number } | undefined {
  if (!r.pytorch) return undefined;
  return {
    wall: r.nnspec.median / r.pytorch.f64.median,
    cpu: r.nnspec.cpuMedian / r.pytorch.f64.cpuMedian,
    f32: r.nnspec.median / r.pytorch.f32.median,
  };
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
    const engines: [string, Timing][] = [
      ['nnspec', r.nnspec],
      ['tfjs-cpu', r.tfjs],
      ['nnspec-trainer', r.trainer],
    ];
    if (r.twoThreads) engines.push(['nnspec-2threads', r.twoThreads]);
    if (r.pytorch) engines.push(['pytorch-f64', r.pytorch.f64], ['pytorch-f32', r.pytorch.f32]);
    for (const [engine, t] of engines) {
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
    const torch = torchRatios(r);
    if (torch)
      lines.push(
        JSON.stringify({
          workload: r.id,
          nnspecOverPytorchF64: round(torch.wall),
          cpuNnspecOverPytorchF64: round(torch.cpu),
          nnspecOverPytorchF32: round(torch.f32),
          torchBar: r.torchBar,
          torchMet: Math.max(torch.wall, torch.cpu) <= r.torchBar,
          ...(r.twoThreads && r.pytorch
            ? { twoThreadsOverPytorchF64: round(r.twoThreads.median / r.pytorch.f64.median) }
            : {}),
        }),
      );
  }
  return lines;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The documentation's table (`--markdown`): median µs per step per engine, and the two ratios the bars judge. */
export function markdown(results: WorkloadResult[]): string {
  const torch = results.some((r) => r.pytorch);
  const two = results.some((r) => r.twoThreads);
  const head = ['workload', 'nnspec (float64)', ...(two ? ['nnspec, 2 threads'] : [])];
  head.push(...(torch ? ['PyTorch float64', 'PyTorch float32'] : []), 'tfjs-cpu');
  head.push(...(torch ? ['nnspec ÷ PyTorch float64'] : []), ...(torch && two ? ['2 threads ÷ PyTorch float64'] : []));
  head.push('tfjs-cpu ÷ nnspec');
  const rows = results.map((r) => {
    const t = torchRatios(r);
    return [
      `${r.id}: ${r.title}`,
      fmt(r.nnspec.median),
      ...(two ? [r.twoThreads ? fmt(r.twoThreads.median) : '—'] : []),
      ...(torch ? [r.pytorch ? fmt(r.pytorch.f64.median) : '—', r.pytorch ? fmt(r.pytorch.f32.median) : '—'] : []),
      fmt(r.tfjs.median),
      ...(torch ? [t ? `${t.wall.toFixed(2)}× (bar ≤ ${r.torchBar}×)` : '—'] : []),
      ...(torch && two
        ? [r.twoThreads && r.pytorch ? `${(r.twoThreads.median / r.pytorch.f64.median).toFixed(2)}×` : '—']
        : []),
      `${speedup(r).toFixed(1)}× (bar ≥ ${r.bar}×)`,
    ];
  });
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
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
    if (r.twoThreads) rows.push(row('', 'nnspec, 2 threads', r.twoThreads, [...ratio(r.twoThreads), '']));
    const torch = torchRatios(r);
    if (r.pytorch && torch) {
      const met = Math.max(torch.wall, torch.cpu) <= r.torchBar;
      rows.push(
        row('', 'pytorch-f64 (1 thread)', r.pytorch.f64, [
          ...ratio(r.pytorch.f64),
          `nnspec ${torch.wall.toFixed(2)}× its time (cpu ${torch.cpu.toFixed(2)}×), bar ≤${r.torchBar}× ${met ? 'met' : 'NOT met'}`,
        ]),
      );
      rows.push(
        row('', 'pytorch-f32 (1 thread)', r.pytorch.f32, [
          ...ratio(r.pytorch.f32),
          `nnspec ${torch.f32.toFixed(2)}× its time`,
        ]),
      );
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c >= 2 && c <= 7 ? cell.padStart(widths[c]) : c === 8 ? cell : cell.padEnd(widths[c])))
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
