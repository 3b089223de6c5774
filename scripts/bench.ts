/**
 * `npm run bench [-- --json] [-- --rounds N]`: times this project's engine against TensorFlow.js's
 * `cpu` backend and — when this machine's Python has torch — PyTorch on one thread in float64 and
 * float32, side by side in one run, on workload A (seed 003's 2-100-3 spiral network, full batch of
 * 300) and workload B (a 784-128-10 ReLU MLP, batch 64). One step is forward + backward + parameter
 * update of one batch. First it checks that every engine computes the engine's losses from the same
 * weights (PyTorch float64 to 1e-9, the float32 engines to 1e-5); then it reports the median and
 * min–max of microseconds per step over rounds that alternate the engines in short slices, and the
 * issue's bars (tfjs-cpu ≥10× slower on both; nnspec ≤0.7× PyTorch float64's time on A, ≤1.0× on B),
 * in wall-clock time and in CPU time.
 */
import { initialWeights, nnspecRunner, nnspecTrainerRunner } from './bench/nnspecRunner';
import { jsonLines, markdown, table, type WorkloadResult } from './bench/report';
import { initTfjs, tfjsRunner } from './bench/tfjsRunner';
import { calibrate, summarize, timeSteps, type RoundTime } from './bench/timing';
import { workloadA, workloadB, type Runner, type Workload } from './bench/workloads';
import { PyTorchSide, pytorchScript, type TorchDtype } from './bench/pytorchRunner';
import { measureWorker } from './bench/workerRow';
import { join } from 'node:path';
import { startKernelThread } from '../src/node/kernelThreads';
import { pauseHelper } from '../src/engine/kernelHelper';

/** Whether the helper thread for the products runs here (a second core, shared WebAssembly memory). */
let threads = false;

const TORCH: readonly [TorchDtype, 'f64' | 'f32', number][] = [
  ['float64', 'f64', 1e-9],
  ['float32', 'f32', 1e-5],
];

interface Options {
  json: boolean;
  markdown: boolean;
  rounds: number;
  roundMs: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, markdown: false, rounds: 5, roundMs: 500 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') opts.json = true;
    else if (argv[i] === '--markdown') opts.markdown = true;
    else if (argv[i] === '--rounds') opts.rounds = Math.max(1, Number(argv[++i]) || opts.rounds);
    else if (argv[i] === '--round-ms') opts.roundMs = Math.max(10, Number(argv[++i]) || opts.roundMs);
    else throw new Error(`unknown option ${argv[i]} (use --json, --markdown, --rounds N, --round-ms MS)`);
  }
  return opts;
}

/** The engine's J at the weights a step starts from, then the step (its timed step does not compute J). */
function lossThenStep(nn: Runner): number {
  const loss = nn.loss();
  nn.step();
  return loss;
}

/** The first steps' losses of both engines from the same initial weights; relative differences beyond float32 rounding are a failure. */
function checkLosses(w: Workload, log: (s: string) => void): boolean {
  const nn = nnspecRunner(w);
  const tf = tfjsRunner(w, initialWeights(w));
  let ok = true;
  log(`workload ${w.id}: loss per step from the same weights (nnspec float64, tfjs float32)`);
  for (let s = 1; s <= 3; s++) {
    const a = lossThenStep(nn);
    const b = tf.step();
    const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
    const good = Number.isFinite(a) && rel < 1e-5;
    ok &&= good;
    log(
      `  step ${s}: nnspec ${a.toFixed(8)}  tfjs-cpu ${b.toFixed(8)}  relative difference ${rel.toExponential(1)}${good ? '' : '  MISMATCH'}`,
    );
  }
  nn.dispose();
  tf.dispose();
  return ok;
}

/** PyTorch's first losses from the same weights against the engine's: float64 to 1e-9, float32 to 1e-5. */
async function checkTorch(w: Workload, torch: PyTorchSide, log: (s: string) => void): Promise<boolean> {
  const nn = nnspecRunner(w);
  const ours = [lossThenStep(nn), lossThenStep(nn), lossThenStep(nn)];
  nn.dispose();
  let ok = true;
  for (const [dtype, short, tol] of TORCH) {
    await torch.setup(`${w.id}-${short}`, w, dtype, initialWeights(w));
    const theirs = await torch.losses(`${w.id}-${short}`, 3);
    const rel = Math.max(...ours.map((a, i) => Math.abs(a - theirs[i]) / Math.max(Math.abs(a), 1e-12)));
    const good = rel <= tol;
    ok &&= good;
    log(
      `  pytorch ${dtype}: first 3 losses within ${rel.toExponential(1)} of nnspec's (tolerance ${tol})${good ? '' : '  MISMATCH'}`,
    );
  }
  return ok;
}

/** Slices per round: each round alternates the engines this many times, so load drifts hit all of them alike. */
const SLICES = 5;

/**
 * Warms the engines up, sizes the slices (about roundMs / SLICES each), then runs the rounds: each
 * round alternates tfjs, nnspec and nnspec-Trainer slices SLICES times and adds up their times.
 */
async function measure(
  w: Workload,
  bar: number,
  torchBar: number,
  opts: Options,
  log: (s: string) => void,
  torch: PyTorchSide | undefined,
): Promise<WorkloadResult> {
  const torchCounts: Record<'f64' | 'f32', number> = { f64: 0, f32: 0 };
  const torchRounds: Record<'f64' | 'f32', RoundTime[]> = { f64: [], f32: [] };
  if (torch)
    for (const [, short] of TORCH) {
      await torch.steps(`${w.id}-${short}`, 5); // warm-up
      torchCounts[short] = await torch.calibrate(`${w.id}-${short}`, opts.roundMs / SLICES);
    }
  const runners: Record<'tfjs' | 'nnspec' | 'trainer' | 'nnspec2', Runner> = {
    tfjs: tfjsRunner(w, initialWeights(w)),
    nnspec: nnspecRunner(w),
    trainer: nnspecTrainerRunner(w),
    nnspec2: nnspecRunner(w, 2),
  };
  const names = (Object.keys(runners) as (keyof typeof runners)[]).filter((k) => threads || k !== 'nnspec2');
  const steps = {} as Record<keyof typeof runners, () => void>;
  const counts = {} as Record<keyof typeof runners, number>;
  const rounds = {
    tfjs: [] as RoundTime[],
    nnspec: [] as RoundTime[],
    trainer: [] as RoundTime[],
    nnspec2: [] as RoundTime[],
  };
  for (const k of names) {
    const r = runners[k];
    steps[k] = () => {
      r.step();
    };
    // Warm-up (let the JIT compile the hot paths), then size a slice.
    timeSteps(steps[k], k === 'tfjs' ? 5 : 50);
    counts[k] = calibrate(steps[k], opts.roundMs / SLICES, 1);
  }
  for (let i = 0; i < opts.rounds; i++) {
    const sum = {
      tfjs: { wall: 0, cpu: 0 },
      nnspec: { wall: 0, cpu: 0 },
      trainer: { wall: 0, cpu: 0 },
      nnspec2: { wall: 0, cpu: 0 },
    };
    const torchSum = { f64: { wall: 0, cpu: 0 }, f32: { wall: 0, cpu: 0 } };
    for (let s = 0; s < SLICES; s++) {
      for (const k of names) {
        const t = timeSteps(steps[k], counts[k]);
        sum[k].wall += t.wall / SLICES;
        sum[k].cpu += t.cpu / SLICES;
      }
      if (torch)
        for (const [, short] of TORCH) {
          const t = await torch.steps(`${w.id}-${short}`, torchCounts[short]);
          torchSum[short].wall += t.wall / SLICES;
          torchSum[short].cpu += t.cpu / SLICES;
        }
    }
    for (const k of names) rounds[k].push(sum[k]);
    if (torch) for (const [, short] of TORCH) torchRounds[short].push(torchSum[short]);
    log(
      `  ${w.id} round ${i + 1}/${opts.rounds}: ` +
        names
          .map((k) => `${LABEL[k]} ${rounds[k][i].wall.toFixed(0)} µs/step (cpu ${rounds[k][i].cpu.toFixed(0)})`)
          .join(', ') +
        (torch
          ? TORCH.map(([, short]) => `, pytorch-${short} ${torchRounds[short][i].wall.toFixed(0)} µs/step`).join('')
          : ''),
    );
  }
  log(
    `  ${w.id} losses after the timed steps (each engine ran its own number of steps): ` +
      names.map((k) => `${LABEL[k]} ${runners[k].loss().toFixed(6)}`).join(', '),
  );
  for (const k of Object.keys(runners) as (keyof typeof runners)[]) runners[k].dispose();
  const summary = (k: keyof typeof runners) => summarize(rounds[k], counts[k] * SLICES);
  return {
    id: w.id,
    title: w.title,
    bar,
    tfjs: summary('tfjs'),
    nnspec: summary('nnspec'),
    trainer: summary('trainer'),
    ...(threads ? { twoThreads: summary('nnspec2') } : {}),
    torchBar,
    ...(torch
      ? {
          pytorch: {
            f64: summarize(torchRounds.f64, torchCounts.f64 * SLICES),
            f32: summarize(torchRounds.f32, torchCounts.f32 * SLICES),
          },
        }
      : {}),
  };
}

const LABEL = {
  tfjs: 'tfjs-cpu',
  nnspec: 'nnspec',
  trainer: 'nnspec Trainer epoch',
  nnspec2: 'nnspec 2 threads',
} as const;

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  // Progress and the loss check go to stderr in --json mode so stdout holds only the result lines.
  const log =
    opts.json || opts.markdown
      ? (s: string) => process.stderr.write(s + '\n')
      : (s: string) => process.stdout.write(s + '\n');
  const t0 = Date.now();
  log(`${await initTfjs()}; node ${process.version}`);
  threads = startKernelThread();
  pauseHelper(true); // only the "2 threads" rows use it
  log(
    threads
      ? 'nnspec 2 threads: the products helper runs on a second core'
      : 'nnspec 2 threads: left out (one core, or no shared memory)',
  );
  const started = PyTorchSide.start(pytorchScript(join(__dirname, '..')));
  const torch = started.side;
  log(torch ? await torch.describe() : `PyTorch left out: ${started.why}`);
  // The bars: tfjs-cpu at least 10× slower on both; nnspec at most 0.7× PyTorch float64's time on A, 1.0× on B.
  const workloads: [Workload, number, number][] = [
    [workloadA(), 10, 0.7],
    [workloadB(), 10, 1.0],
  ];
  let same = true;
  for (const [w] of workloads) {
    same = checkLosses(w, log) && same;
    if (torch) same = (await checkTorch(w, torch, log)) && same;
  }
  const results: WorkloadResult[] = [];
  for (const [w, bar, torchBar] of workloads) results.push(await measure(w, bar, torchBar, opts, log, torch));
  torch?.close();
  // Training in the editor: workload A through the real worker, about 3 s a run, against the Trainer alone.
  const a = workloads[0][0];
  const row = await measureWorker(a, Math.max(200, Math.round(3e6 / results[0].trainer.median)), 3, __dirname);
  const overhead = row.worker / row.engine - 1;
  const workerLine = `A through the training worker (live updates every 250 ms, ${row.progress} progress messages): ${row.worker.toFixed(0)} µs/epoch against the Trainer alone's ${row.engine.toFixed(0)}: ${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(1)} % (bar: within 5 %, ${Math.abs(overhead) <= 0.05 ? 'met' : 'NOT met'}; ${row.epochs} epochs a run, median of ${row.rounds})`;
  if (opts.json) {
    for (const line of jsonLines(results)) process.stdout.write(line + '\n');
    process.stdout.write(
      JSON.stringify({
        workload: 'A',
        engine: 'nnspec-worker',
        usPerEpoch: Math.round(row.worker),
        trainerUsPerEpoch: Math.round(row.engine),
        overhead: Math.round(overhead * 1000) / 1000,
        met: Math.abs(overhead) <= 0.05,
      }) + '\n',
    );
  } else if (opts.markdown) {
    process.stdout.write(markdown(results) + '\n\n' + workerLine + '\n');
  } else {
    log('');
    log(table(results));
    log(workerLine);
    log(
      `\n(${opts.rounds} rounds of about ${opts.roundMs} ms per engine, each alternating the engines ${SLICES} times; ${((Date.now() - t0) / 1000).toFixed(0)} s in all)`,
    );
  }
  if (!same) {
    process.stderr.write('bench: the engines disagree on the loss; the timings do not compare like with like\n');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
