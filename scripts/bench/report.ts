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

/** tfjs-cpu median over nnspec median. */
export function speedup(r: WorkloadResult): number {
  return r.tfjs.median / r.nnspec.median;
}

const fmt = (us: number): string => (us >= 100 ? us.toFixed(0) : us.toFixed(1));

export function jsonLines(results: WorkloadResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const [engine, t] of [['nnspec', r.nnspec], ['tfjs-cpu', r.tfjs], ['nnspec-trainer', r.trainer]] as const) {
      lines.push(JSON.stringify({
        workload: r.id, engine, usPerStep: round(t.median), minUs: round(t.min), maxUs: round(t.max),
        rounds: t.rounds.length, stepsPerRound: t.stepsPerRound,
      }));
    }
    const s = speedup(r);
    lines.push(JSON.stringify({ workload: r.id, speedup: round(s), bar: r.bar, met: s >= r.bar }));
  }
  return lines;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function table(results: WorkloadResult[]): string {
  const rows = [['workload', 'engine', 'µs/step (median)', 'min–max', 'rounds × steps', 'speed-up', 'bar']];
  for (const r of results) {
    const s = speedup(r);
    rows.push([`${r.id}: ${r.title}`, 'nnspec', fmt(r.nnspec.median), `${fmt(r.nnspec.min)}–${fmt(r.nnspec.max)}`,
      `${r.nnspec.rounds.length} × ${r.nnspec.stepsPerRound}`, `${s.toFixed(1)}×`, `≥${r.bar}× ${s >= r.bar ? 'met' : 'NOT met'}`]);
    rows.push(['', 'tfjs-cpu', fmt(r.tfjs.median), `${fmt(r.tfjs.min)}–${fmt(r.tfjs.max)}`,
      `${r.tfjs.rounds.length} × ${r.tfjs.stepsPerRound}`, '', '']);
    const st = r.tfjs.median / r.trainer.median;
    rows.push(['', 'nnspec Trainer epoch¹', fmt(r.trainer.median), `${fmt(r.trainer.min)}–${fmt(r.trainer.max)}`,
      `${r.trainer.rounds.length} × ${r.trainer.stepsPerRound}`, `${st.toFixed(1)}×`, '']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c >= 2 && c <= 5 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line),
    '¹ a whole Trainer.step() epoch of one batch: the step plus the epoch metrics (a second forward pass, accuracy, finiteness check)'].join('\n');
}
