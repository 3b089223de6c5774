/**
 * The PyTorch export run in real PyTorch (Debian's python3-torch, which `npm run test:setup`
 * installs): every example (as written and as full-batch gd) and the covering networks (every
 * activation, loss, L1/L2, maxout, custom activations, every optimizer, mini-batches with and without
 * shuffling, a stop rule) print, for 20 epochs, the same JSON lines as `nnspec train --json`: the same
 * keys, epochs, stop reason and message, and every number within a relative 1e-9. Two processes
 * (torchrun's environment set by hand, and --nproc 2) print the same losses as one. The program's
 * weights file loads back into nnspec with its final loss, and its --weights continues an nnspec run;
 * with --data-csv it reads the same data from a CSV file beside it.
 * All single-process programs run in one Python process to keep the suite short.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSpec } from '../../../src/format/openSpec';
import type { NetworkConfig } from '../../../src/engine/config';
import { Network } from '../../../src/engine/network';
import { Trainer } from '../../../src/engine/trainer';
import type { TrainTestData } from '../../../src/engine/types';
import { exportData, exportPytorch } from '../../../src/export/pytorch';
import { trainEndJson } from '../../../src/text/json';
import { loadWeightsInto, paramsOf } from '../../../src/format/weightsFile';
import { coveringNetworks, type NamedSpec } from '../fixtures/networks';
import { pythonWith } from '../fixtures/python';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');
const EPOCHS = 20;

/** Runs each job's program (its main(args)) in this one process, stdout to the job's file. */
const RUNNER = `
import contextlib, importlib.util, json, sys, traceback
jobs = json.load(open(sys.argv[1]))
for i, job in enumerate(jobs):
    with open(job["stdout"], "w") as out, open(job["stdout"] + ".err", "w") as err:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                spec = importlib.util.spec_from_file_location("program%d" % i, job["program"])
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                module.main(job["args"])
            except BaseException:
                traceback.print_exc()
`;

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `nnspec ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function lines(text: string): any[] {
  return text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

function opened(s: NamedSpec): { config: NetworkConfig; data: TrainTestData } {
  const readFile = (p: string): string => readFileSync(join(EXAMPLES, p), 'utf8');
  const { config, data, analysis } = openSpec(s.text, { readFile });
  assert.ok(config && data, `${s.name}: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return { config, data };
}

/** What `nnspec train --json --epochs N` prints for this configuration: one line per epoch and the final line. */
function nnspecLines(config: NetworkConfig, data: TrainTestData, epochs = EPOCHS): any[] {
  const trainer = new Trainer(Network.fromSpec(config), data, { epochs });
  const out: any[] = [];
  for (let m = trainer.step(); m; m = trainer.step()) out.push(cliJson(m));
  const r = trainer.result();
  out.push(cliJson(trainEndJson(r)));
  return out;
}

/** A value as the CLI's --json writes it: NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
function cliJson(v: unknown): any {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));
}

function fullBatchGd(config: NetworkConfig): NetworkConfig {
  return { ...config, train: { ...config.train, optimizer: { kind: 'gd' }, batchSize: 'full' } };
}

/** Same lines, keys, epochs and words; numbers within a relative `tol`. */
function assertSameRun(name: string, actual: any[], expected: any[], tol = 1e-9): void {
  assert.ok(expected.length > 1, `${name}: nnspec printed nothing`);
  assert.equal(actual.length, expected.length, `${name}: ${actual.length} lines, nnspec printed ${expected.length}`);
  expected.forEach((e, i) => {
    const a = actual[i];
    assert.deepEqual(Object.keys(a), Object.keys(e), `${name} line ${i + 1}: keys`);
    for (const [k, v] of Object.entries(e)) {
      if (typeof v === 'number' && k !== 'epoch') {
        const d = Math.abs(a[k] - v) / Math.max(Math.abs(v), Number.MIN_VALUE);
        assert.ok(d <= tol, `${name} line ${i + 1} ${k}: PyTorch ${a[k]}, nnspec ${v} (relative ${d})`);
      } else {
        assert.equal(a[k], v, `${name} line ${i + 1} ${k}`);
      }
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

/** Runs Python with the extra environment; a run still going after 5 minutes is killed with all it started. */
function runPython(
  python: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(python, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the processes it starts are ended with it
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 300_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('PyTorch export in PyTorch', function () {
  this.timeout(600_000);
  let python = '';
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-pytorch-'));
  const expected = new Map<string, any[]>();
  const programs: { name: string; program: string; stdout: string }[] = [];
  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.nnspec'));

  /** Writes the program of a configuration and what nnspec prints for it. */
  function prepare(name: string, config: NetworkConfig, data: TrainTestData): string {
    const program = join(dir, `${name}.py`);
    const net = Network.fromSpec(config);
    writeFileSync(program, exportPytorch({ config, data, params: paramsOf(net.layers), source: `${name}.nnspec` }));
    expected.set(name, nnspecLines(config, data));
    return program;
  }

  before(async function () {
    python = pythonWith('torch');
    // The examples as written, through the CLI (export and train --json).
    for (const f of examples) {
      const name = f.replace('.nnspec', '');
      const program = join(dir, `${name}.py`);
      cli('export', join(EXAMPLES, f), '--to', 'pytorch', '-o', program);
      expected.set(name, lines(cli('train', join(EXAMPLES, f), '--epochs', String(EPOCHS), '--json')));
      programs.push({ name, program, stdout: join(dir, `${name}.out`) });
    }
    // The examples as full-batch gd, and the covering networks as written and as full-batch gd.
    const specs = [
      ...examples.map((f) => ({
        name: `${f.replace('.nnspec', '')}-gd`,
        text: readFileSync(join(EXAMPLES, f), 'utf8'),
        gd: true,
      })),
      {
        name: 'diverges',
        text: readFileSync(join(EXAMPLES, 'hinge-svm.nnspec'), 'utf8').replace(
          'learning_rate: 0.05',
          'learning_rate: 1e300',
        ),
        gd: false,
      },
      ...coveringNetworks().flatMap((s) => [
        { ...s, gd: false },
        { ...s, name: `${s.name}-gd`, gd: true },
      ]),
    ];
    for (const s of specs) {
      const { config, data } = opened(s);
      const program = prepare(s.name, s.gd ? fullBatchGd(config) : config, data);
      programs.push({ name: s.name, program, stdout: join(dir, `${s.name}.out`) });
    }
    // The data in a CSV file beside the program: through the CLI (with a test split), and a regression in-process.
    const viaCsv = join(dir, 'csv-example-datafile.py');
    cli('export', join(EXAMPLES, 'csv-example.nnspec'), '--to', 'pytorch', '--data-csv', '-o', viaCsv);
    expected.set('csv-example-datafile', expected.get('csv-example')!);
    programs.push({ name: 'csv-example-datafile', program: viaCsv, stdout: join(dir, 'csv-example-datafile.out') });
    const regression = coveringNetworks().find((s) => s.name === 'regression-adam-wrong-df')!;
    const { config, data } = opened(regression);
    const program = join(dir, 'regression-datafile.py');
    const net = Network.fromSpec(config);
    writeFileSync(join(dir, 'regression-datafile.data.csv'), exportData(data));
    writeFileSync(
      program,
      exportPytorch({
        config,
        data,
        params: paramsOf(net.layers),
        source: 'regression.nnspec',
        dataFile: 'regression-datafile.data.csv',
      }),
    );
    expected.set('regression-datafile', nnspecLines(config, data));
    programs.push({ name: 'regression-datafile', program, stdout: join(dir, 'regression-datafile.out') });
    const jobs = join(dir, 'jobs.json');
    writeFileSync(
      jobs,
      JSON.stringify(
        programs.map((p) => ({ program: p.program, stdout: p.stdout, args: ['--epochs', String(EPOCHS)] })),
      ),
    );
    writeFileSync(join(dir, 'runner.py'), RUNNER);
    const r = spawnSync(python, [join(dir, 'runner.py'), jobs], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(r.status, 0, r.stderr);
  });

  it('prints the same per-epoch JSON lines as nnspec train --json for every example and covering network (relative 1e-9)', () => {
    assert.ok(programs.length >= 2 * examples.length + 2 * coveringNetworks().length);
    for (const p of programs) {
      const err = readFileSync(`${p.stdout}.err`, 'utf8');
      assert.doesNotMatch(err, /Traceback/, `${p.name}: ${err}`);
      assertSameRun(p.name, lines(readFileSync(p.stdout, 'utf8')), expected.get(p.name)!);
    }
  });

  it('with --data-csv the program reads the data from its CSV file instead of holding it', () => {
    const text = readFileSync(join(dir, 'csv-example-datafile.py'), 'utf8');
    assert.match(text, /DATA_FILE = "csv-example-datafile.data.csv"/);
    assert.doesNotMatch(text, /X_TRAIN = \[/);
    assert.ok(existsSync(join(dir, 'csv-example-datafile.data.csv')));
    assert.match(readFileSync(join(dir, 'regression-datafile.data.csv'), 'utf8'), /^set,x1,x2,x3,t1,t2,label\ntrain,/);
  });

  it('stops where nnspec stops, with its words (loss below, weights converged, diverged)', () => {
    for (const [name, reason] of [
      ['stops-on-loss-below', 'loss_below'],
      ['stops-on-weight-change', 'weight_change_below'],
      ['diverges', 'diverged'],
    ]) {
      const stopped = lines(readFileSync(join(dir, `${name}.out`), 'utf8')).at(-1);
      assert.equal(stopped.reason, reason, name);
      assert.ok(stopped.epoch < EPOCHS, name);
      assert.equal(stopped.message, expected.get(name)!.at(-1).message, name);
    }
  });

  it('writes a weights file that nnspec loads with the final loss (relative 1e-12), and a torch.save checkpoint', () => {
    for (const name of ['maxout', 'custom-every-function', 'csv-example']) {
      const final = lines(readFileSync(join(dir, `${name}.out`), 'utf8')).at(-1);
      const text = readFileSync(join(dir, `${name}.weights.json`), 'utf8');
      const base =
        name === 'custom-every-function'
          ? coveringNetworks().find((s) => s.name === name)!
          : { name, text: readFileSync(join(EXAMPLES, `${name}.nnspec`), 'utf8') };
      const { config, data } = opened(base);
      const loaded = loadWeightsInto(config, text);
      assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
      assert.equal(loaded.value.file.epoch, EPOCHS);
      const net = Network.fromSpec(loaded.value.config);
      const loss = net.lossOf(data.train.x, data.train.targets, data.train.n);
      assert.ok(Math.abs(loss - final.loss) <= 1e-12 * final.loss, `${name}: nnspec ${loss}, PyTorch ${final.loss}`);
      assert.ok(existsSync(join(dir, `${name}.pt`)), `${name}.pt`);
    }
  });

  it('two processes with RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT set by hand print the losses of one (uneven shuffled mini-batches)', async () => {
    const port = await freePort();
    const program = join(dir, 'csv-example.py');
    const env = (rank: number) => ({
      RANK: String(rank),
      WORLD_SIZE: '2',
      LOCAL_RANK: String(rank),
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: String(port),
    });
    const args = [program, '--epochs', String(EPOCHS), '--save', join(dir, 'two.weights.json')];
    const [r0, r1] = await Promise.all([runPython(python, args, env(0)), runPython(python, args, env(1))]);
    assert.equal(r0.code, 0, r0.stderr);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r1.stdout, '', 'only rank 0 prints');
    const one = lines(readFileSync(join(dir, 'csv-example.out'), 'utf8'));
    assertSameRun('csv-example on 2 processes vs 1', lines(r0.stdout), one);
    assertSameRun('csv-example on 2 processes vs nnspec', lines(r0.stdout), expected.get('csv-example')!);
  });

  it('--nproc 2 starts two processes itself and prints the losses of one', async () => {
    const program = join(dir, 'maxout-hinge.py');
    const r = await runPython(python, [
      program,
      '--nproc',
      '2',
      '--epochs',
      String(EPOCHS),
      '--save',
      join(dir, 'nproc.weights.json'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assertSameRun('maxout-hinge with --nproc 2', lines(r.stdout), expected.get('maxout-hinge')!);
  });

  it('--weights W continues from a weights file nnspec wrote, as nnspec train --weights W does', async () => {
    const spec = join(EXAMPLES, 'custom-activation.nnspec');
    const w = join(dir, 'swish-5.weights.json');
    cli('train', spec, '--epochs', '5', '--save', w);
    const ours = lines(cli('train', spec, '--epochs', '4', '--weights', w, '--json'));
    const saved = join(dir, 'swish-9.weights.json');
    const r = await runPython(python, [
      join(dir, 'custom-activation.py'),
      '--epochs',
      '4',
      '--weights',
      w,
      '--save',
      saved,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assertSameRun('custom-activation continued', lines(r.stdout), ours);
    assert.equal(JSON.parse(readFileSync(saved, 'utf8')).epoch, 9);
  });
});
