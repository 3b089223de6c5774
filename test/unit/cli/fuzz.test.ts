/**
 * The whole pipeline on hostile specs (issue 11): seeded mutations of every example (lines deleted,
 * doubled, swapped, re-indented, numbers made huge, tiny, negative or not numbers, keys that touch
 * prototypes, control characters, deep nesting) and randomly generated networks go through check →
 * summary → forward → backward → gradcheck → train (3 epochs), in-process through the CLI's own main()
 * for speed and a sample through the real CLI process. It fails on an exit code other than the
 * documented ones, a thrown error or a stack trace, a message line without FILE:LINE:COL, or a case
 * over 5 seconds. NNSPEC_FUZZ_CASES sets how many mutated specs (default 3000); failures name the
 * seed and the case, which reproduce.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { Rng } from '../../../src/engine/random';
import { ROOT, runCli } from '../fixtures/cli';

const SEED = 11;
const CASES = Number(process.env.NNSPEC_FUZZ_CASES ?? 3000);
const CASE_MS = 5000;
const COMMANDS: [string[], number[]][] = [
  [['check'], [0, 2]],
  [['summary'], [0, 2]],
  [['forward'], [0, 2]],
  [
    ['backward', '--json'],
    [0, 2],
  ],
  [['gradcheck'], [0, 1, 2]],
  [
    ['train', '--epochs', '3'],
    [0, 1, 2],
  ],
];
const MESSAGE = /^(.+):\d+:\d+: (error|warning|info): \S/;

const HOSTILE_VALUES = [
  '0',
  '-1',
  '1e308',
  '-1e308',
  '1e-320',
  '1e400',
  'NaN',
  '.nan',
  '.inf',
  '-.inf',
  '255',
  '256',
  '99999999999',
  '0.5',
  '[]',
  '{}',
  '[[1, 2], [3]]',
  '"\\u001b[31mred"',
  'null',
  '~',
  '__proto__',
  'constructor',
  '[[[[[[[[[[1]]]]]]]]]]',
  'x * sigmoid(x)',
  'log(x)',
];
const HOSTILE_LINES = [
  '__proto__: 1',
  'constructor: { prototype: 1 }',
  'toString: 3',
  '  - dense: 3',
  'oops',
  '\t tab: 1',
  'layers: []',
  'data: { generate: { kind: gaussians, centers: [[1, 2, 3], [4, 5]] } }',
  'activations: { __proto__: { f: x, df: 1 } }',
  '  activation: hasOwnProperty',
  'a: &a [*a]',
  '\u0007bell: 1',
];

function mutate(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const pick = (n: number): number => Math.floor(rng.next() * n);
  const times = 1 + pick(3);
  for (let t = 0; t < times; t++) {
    const i = pick(lines.length);
    switch (pick(8)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 2:
        if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
        break;
      case 3:
        lines[i] = pick(2) ? `  ${lines[i]}` : (lines[i] ?? '').replace(/^ {2}/, '');
        break;
      case 4:
      case 5: {
        const numbers = [...(lines[i] ?? '').matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)];
        if (numbers.length) {
          const m = numbers[pick(numbers.length)];
          lines[i] =
            lines[i].slice(0, m.index) +
            HOSTILE_VALUES[pick(HOSTILE_VALUES.length)] +
            lines[i].slice(m.index! + m[0].length);
        } else if (/:\s*\S/.test(lines[i] ?? ''))
          lines[i] = lines[i].replace(/:\s*(.*)$/, `: ${HOSTILE_VALUES[pick(HOSTILE_VALUES.length)]}`);
        break;
      }
      case 6:
        lines.splice(i, 0, HOSTILE_LINES[pick(HOSTILE_LINES.length)]);
        break;
      default:
        lines[i] = (lines[i] ?? '') + String.fromCharCode(pick(0x250));
    }
  }
  return lines.join('\n');
}

/** A random network spec over a generated data set. */
function generated(rng: Rng): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const acts = ['sigmoid', 'tanh', 'relu', 'leaky_relu(0.1)', 'elu', 'softplus', 'linear', 'step'];
  const layers = Array.from(
    { length: 1 + Math.floor(rng.next() * 3) },
    () => `  - ${pick(['dense', 'maxout'])}: ${1 + Math.floor(rng.next() * 6)}\n    activation: ${pick(acts)}`,
  );
  const classes = 2 + Math.floor(rng.next() * 3);
  const loss = pick(['cross_entropy', 'mse', 'hinge', 'binary_cross_entropy']);
  const last =
    loss === 'cross_entropy'
      ? `  - dense: ${classes}\n    activation: softmax`
      : `  - dense: ${loss === 'binary_cross_entropy' ? 1 : classes}\n    activation: ${loss === 'binary_cross_entropy' ? 'sigmoid' : 'linear'}`;
  return `seed: ${Math.floor(rng.next() * 1000)}
layers:
${[...layers, last].join('\n')}
loss: ${loss}
regularization: { l1: ${pick([0, 0.01])}, l2: ${pick([0, 0.001])} }
data:
  generate: { kind: ${pick(['spiral', 'gaussians', 'xor', 'circle'])}, points: ${5 + Math.floor(rng.next() * 60)}, classes: ${classes} }
train: { optimizer: ${pick(['gd', 'sgd', 'momentum', 'adam'])}, learning_rate: ${pick([0.01, 0.1, 1, 100])}, batch_size: ${pick([1, 8, 'full'])} }
`;
}

/** Runs main() in-process with stdout and stderr captured. */
function runMain(args: string[]): { code: number; stdout: string; stderr: string; thrown?: unknown } {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: main(args), stdout, stderr };
  } catch (thrown) {
    return { code: -1, stdout, stderr, thrown };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

function problems(
  name: string,
  args: string[],
  allowed: number[],
  r: { code: number | null; stdout: string; stderr: string; thrown?: unknown },
  ms: number,
): string[] {
  const found: string[] = [];
  const what = `${name}: nnspec ${args.join(' ')}`;
  if (r.thrown !== undefined)
    found.push(`${what} threw ${r.thrown instanceof Error ? r.thrown.stack : String(r.thrown)}`);
  else if (r.code === null || !allowed.includes(r.code)) found.push(`${what} exited ${r.code}`);
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr + r.stdout)) found.push(`${what} printed a stack trace`);
  for (const line of r.stderr.split('\n').filter(Boolean))
    if (!MESSAGE.test(line)) found.push(`${what} printed a message without FILE:LINE:COL: ${line.slice(0, 200)}`);
  if (ms > CASE_MS) found.push(`${what} took ${ms} ms`);
  return found;
}

describe('CLI: the whole pipeline on hostile specs', function () {
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-fuzz-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const sources = [
    ...readdirSync(dir).filter((f) => f.endsWith('.nnspec')),
    ...readdirSync(join(dir, 'graphs')).map((f) => join('graphs', f)),
  ].map((f) => readFileSync(join(dir, f), 'utf8'));

  const cases: { name: string; file: string }[] = [];
  before(() => {
    const rng = new Rng(SEED);
    for (let k = 0; k < CASES; k++) {
      const text = k % 5 === 4 ? generated(rng) : mutate(sources[k % sources.length], rng);
      const file = join(dir, `case-${k}.nnspec`);
      writeFileSync(file, text);
      cases.push({ name: `seed ${SEED} case ${k}`, file });
    }
  });

  it(`${CASES} mutated and generated specs through check, summary, forward, backward, gradcheck and train`, () => {
    const found: string[] = [];
    let ran = 0;
    let trained = 0;
    for (const c of cases) {
      for (const [args, allowed] of COMMANDS) {
        const argv = [args[0], c.file, ...args.slice(1)];
        const t0 = Date.now();
        const r = runMain(argv);
        found.push(...problems(c.name, argv, allowed, r, Date.now() - t0));
        if (args[0] === 'train' && r.code !== 2) trained++;
        ran++;
      }
      if (found.length >= 10) break;
    }
    assert.deepEqual(found, [], `${found.length} problems in ${ran} runs`);
    // The mutations are not all refused at the door: a good share of the specs train.
    assert.ok(trained >= CASES / 5, `only ${trained} of ${CASES} specs reached training`);
  });

  it('a sample of them through the real CLI process: the same codes, no trace, every message placed', () => {
    const found: string[] = [];
    for (const c of cases.filter((_, k) => k % Math.max(1, Math.floor(CASES / 12)) === 0)) {
      for (const [args, allowed] of COMMANDS.filter(([a]) => a[0] === 'check' || a[0] === 'train')) {
        const argv = [args[0], c.file, ...args.slice(1)];
        const r = runCli(argv, { timeoutMs: 30_000 });
        found.push(...problems(c.name, argv, allowed, r, r.ms > CASE_MS + 2000 ? r.ms : 0));
      }
    }
    assert.deepEqual(found, []);
  });
});
