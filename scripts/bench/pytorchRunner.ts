/**
 * PyTorch on one thread, float64 and float32, beside the engine in the benchmark — when this machine's
 * Python can import torch (Debian's python3-torch, which `npm run test:setup` installs). One long-lived
 * Python process (pytorchBench.py) holds the models; the bench asks it for slices of steps between the
 * other engines' slices, and it times them itself. Also names the BLAS that torch loaded (Debian's
 * reference libblas is several times slower than OpenBLAS on matrix products).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RoundTime } from './timing';
import type { LayerWeights, Workload } from './workloads';

export type TorchDtype = 'float64' | 'float32';

/** The Python that has torch, if any. */
function pythonWithTorch(): string | undefined {
  return ['python3', '/usr/bin/python3'].find(
    (p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 }).status === 0,
  );
}

export class PyTorchSide {
  private readonly replies: ((line: string) => void)[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.replies.shift()?.(line));
  }

  /** Starts the Python side, or undefined (with why) when no Python here has torch. */
  static start(script: string): { side?: PyTorchSide; why?: string } {
    const python = pythonWithTorch();
    if (!python) return { why: 'no python3 here can import torch (npm run test:setup installs python3-torch)' };
    // One thread, whatever BLAS torch loads (OpenBLAS and OpenMP start their own threads otherwise).
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'], env });
    return { side: new PyTorchSide(child) };
  }

  async ask<T>(message: object): Promise<T> {
    const reply = new Promise<string>((resolve) => this.replies.push(resolve));
    this.child.stdin.write(JSON.stringify(message) + '\n');
    const answer = JSON.parse(await reply) as T & { error?: string };
    if (answer.error) throw new Error(`pytorch: ${answer.error}`);
    return answer;
  }

  /** torch's version and the BLAS library its process mapped. */
  async describe(): Promise<string> {
    const hello = await this.ask<{ version: string; threads: number }>({ cmd: 'hello' });
    let blas = 'unknown BLAS';
    try {
      const maps = readFileSync(`/proc/${this.child.pid}/maps`, 'utf8');
      const lib = /\/([^/\s]*(openblas|libblas|mkl)[^/\s]*)/i.exec(maps);
      if (lib) blas = lib[1];
    } catch {
      /* not Linux */
    }
    const warn = /^libblas\.so/.test(blas)
      ? ' — the reference BLAS: PyTorch is much slower with it than with OpenBLAS'
      : '';
    return `PyTorch ${hello.version}, ${hello.threads} thread, ${blas}${warn}`;
  }

  /** Sets the workload up in `dtype` from the given initial weights; `key` names it later. */
  async setup(key: string, w: Workload, dtype: TorchDtype, weights: LayerWeights[]): Promise<void> {
    await this.ask({
      cmd: 'setup',
      key,
      dtype,
      n: w.data.n,
      input: w.input,
      targetWidth: w.data.targetWidth,
      x: Array.from(w.data.x),
      targets: Array.from(w.data.targets),
      layers: w.layers.map((l) => ({ units: l.units, activation: l.activation })),
      l2: w.l2,
      lr: w.learningRate,
      weights: weights.map((l) => ({ W: Array.from(l.W), b: Array.from(l.b) })),
    });
  }

  /** The losses of the first `steps` steps from the initial weights (which it returns to). */
  async losses(key: string, steps: number): Promise<number[]> {
    return (await this.ask<{ losses: number[] }>({ cmd: 'check', key, steps })).losses;
  }

  /** Steps per slice of about `ms`. */
  async calibrate(key: string, ms: number): Promise<number> {
    return (await this.ask<{ n: number }>({ cmd: 'calibrate', key, ms })).n;
  }

  /** Runs `n` steps; µs per step, wall clock and the Python process's CPU time. */
  async steps(key: string, n: number): Promise<RoundTime> {
    const t = await this.ask<{ wall: number; cpu: number }>({ cmd: 'steps', key, n });
    return { wall: t.wall, cpu: t.cpu };
  }

  async loss(key: string): Promise<number> {
    return (await this.ask<{ loss: number }>({ cmd: 'loss', key })).loss;
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

/** The Python script beside the bundle's sources (dist/bench.js runs from the repository). */
export function pytorchScript(root: string): string {
  return join(root, 'scripts', 'bench', 'pytorchBench.py');
}
