/**
 * The built CLI (dist/cli.js) run as a user runs it: exit codes, compiler-style diagnostics,
 * JSON outputs that reproduce the lecture's worked example (seed 000).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WORKED_EXAMPLE as WORKED_TEXT, positionOf } from '../fixtures/spec';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const WORKED = join(ROOT, 'examples', 'backprop-by-hand.nnspec');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tmpSpec(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
}

describe('nnspec CLI', function () {
  this.timeout(120_000);

  it('check: a valid spec exits 0 and says ok', () => {
    const r = cli('check', WORKED);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok/);
  });

  it('check: a misspelt activation is FILE:LINE:COL: error with a suggestion, exit 2, no stack trace', () => {
    const text = WORKED_TEXT.replace('activation: sigmoid ', 'activation: sigmod  ');
    const file = tmpSpec('typo.nnspec', text);
    const at = positionOf(text, 'sigmod');
    const r = cli('check', file);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${file}:${at.line + 1}:${at.character + 1}: error: `), r.stderr);
    assert.match(r.stderr, /'sigmod'.*did you mean 'sigmoid'\?/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('check: a wrong weights shape names both shapes at the weights value', () => {
    const text = WORKED_TEXT.replace('[[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]', '[[1.0, -1.0], [2.0, 2.0]]');
    const file = tmpSpec('shape.nnspec', text);
    const at = positionOf(text, '[[1.0, -1.0]');
    const r = cli('check', file);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${file}:${at.line + 1}:${at.character + 1}: error: `), r.stderr);
    assert.match(r.stderr, /2×2/);
    assert.match(r.stderr, /2×3/);
  });

  it('check: an unreadable file is a one-line error, exit 2', () => {
    const r = cli('check', join(tmpdir(), 'does-not-exist.nnspec'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read the spec/);
  });

  it('summary --json: shapes and parameter counts (2-3-1 without biases has 9)', () => {
    const r = cli('summary', WORKED, '--json');
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.input, 2);
    assert.equal(s.totalParams, 9);
    assert.deepEqual(s.layers[0].shapes.W, [2, 3]);
    assert.equal(s.layers[0].units, 3);
    assert.equal(s.layers[1].params, 3);
  });

  it('summary --json: 2-3-1 with biases has 13 parameters, not the 12 seed 002 prints', () => {
    const file = tmpSpec(
      'biased.nnspec',
      'input: 2\nlayers:\n  - dense: 3\n    activation: sigmoid\n  - dense: 1\n    activation: sigmoid\nloss: binary_cross_entropy\n',
    );
    const r = cli('summary', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).totalParams, 13);
  });

  it('backward --json reproduces the lecture: loss, ∂J/∂V, ∂J/∂W', () => {
    const r = cli('backward', WORKED, '--json');
    assert.equal(r.code, 0, r.stderr);
    const b = JSON.parse(r.stdout);
    close(b.loss, 0.52699227, 1e-8, 'loss');
    const [l1, l2] = b.layers;
    close(l1.a[0][1], 0.73106, 1e-5, 'h2');
    close(l2.a[0][0], 0.590378, 1e-6, 'y');
    const dV = l2.params.W.grad.map((row: number[]) => row[0]);
    [-0.40961516, -0.29945768, -0.40961948].forEach((v, i) => close(dV[i], v, 1e-8, `dJ/dV${i + 1}`));
    close(l1.params.W.grad[0][1], -0.201341432, 1e-9, 'dJ/dW12');
    close(l1.params.W.grad[1][1], -0.120804859, 1e-9, 'dJ/dW22');
    close(l1.params.W.grad[0][0], -3.42057777e-6, 1e-13, 'dJ/dW11');
    assert.equal(l1.params.b, undefined, 'no bias in the lecture network');
    assert.deepEqual(b.samples, [1], 'samples are numbered from 1');
    assert.deepEqual([l1.index, l2.index], [1, 2]);
    assert.equal(l1.activation, 'sigmoid', 'activations as the spec writes them');
  });

  it('backward (human): tells the story with ∂J/∂ŷ = −1.6938', () => {
    const r = cli('backward', WORKED);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0\.52699/);
    assert.match(r.stdout, /∂J\/∂ŷ = \(−1\.6938\)/);
    assert.match(r.stdout, /∂J\/∂W² \(3×1\)/);
  });

  it('--sample counts from 1: sample 1 is the first, 0 and one past the end are clear errors, exit 2', () => {
    const first = cli('forward', WORKED, '--sample', '1', '--json');
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout).samples, [1]);
    assert.match(cli('forward', WORKED, '--sample', '1').stdout, /^Forward pass · sample 1$/m);
    const past = cli('forward', WORKED, '--sample', '2');
    assert.equal(past.code, 2);
    assert.match(past.stderr, /--sample 2 is out of range: the training set has 1 sample \(1 to 1\)/);
    const r = cli('forward', WORKED, '--sample', '3');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /out of range/);
    const zero = cli('forward', WORKED, '--sample', '0');
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--sample must be a whole number ≥ 1, not '0'/);
  });

  it('gradcheck passes on the worked example (exit 0) and fails on a wrong custom derivative (exit 1)', () => {
    const ok = cli('gradcheck', WORKED, '--json');
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const rep = JSON.parse(ok.stdout);
    assert.equal(rep.passed, true);
    assert.ok(rep.maxRelativeError < 1e-6, `max relative error ${rep.maxRelativeError}`);
    // The raw difference is reported too, and it is the largest |analytic − numeric| of the entries.
    const diffs = rep.entries.map((e: { analytic: number; numeric: number; absoluteError: number }) => {
      assert.equal(e.absoluteError, Math.abs(e.analytic - e.numeric));
      return e.absoluteError;
    });
    assert.equal(rep.maxAbsoluteError, Math.max(...diffs));
    assert.ok(rep.maxAbsoluteError > 0 && rep.maxAbsoluteError < 1e-9, `largest |a − n| ${rep.maxAbsoluteError}`);
    const human = cli('gradcheck', WORKED);
    assert.match(human.stdout, /max \|a−n\|/);
    assert.match(human.stdout, /largest \|analytic − numeric\| \d(\.\d+)?e−1\d/);
    assert.match(rep.message, /^gradient check passed: 9 parameters checked/);
    // Entries are numbered from 1 as their names are: W¹[1,2] is index [1, 2].
    const w12 = rep.entries.find((e: { layer: number; index: number[] }) => e.layer === 1 && e.index.join() === '1,2');
    close(w12.analytic, -0.201341432, 1e-9, 'W¹[1,2]');

    const wrong = tmpSpec(
      'wrong-df.nnspec',
      `input: 2
activations:
  cube:
    f: x^3 / 3 + x
    df: x^2
layers:
  - dense: 3
    activation: cube
  - dense: 1
    activation: sigmoid
loss: binary_cross_entropy
data:
  samples:
    - { x: [0.5, -0.2], y: 1 }
    - { x: [-0.3, 0.8], y: 0 }
`,
    );
    const bad = cli('gradcheck', wrong, '--json');
    assert.equal(bad.code, 1, bad.stderr + bad.stdout);
    const badRep = JSON.parse(bad.stdout);
    assert.equal(badRep.passed, false);
    const failing = badRep.groups.filter((g: { status: string }) => g.status === 'fail');
    assert.ok(
      failing.some((g: { layer: number }) => g.layer === 1),
      'layer 1 (the custom activation) is named',
    );
    assert.match(badRep.message, /layer 1 uses the custom activation 'cube'/);
    assert.match(cli('gradcheck', wrong).stdout, /✘ gradient check failed in layer 1 \(W¹/);
  });

  it('train --json: one JSON line per epoch and a final line; the loss falls', () => {
    const r = cli('train', WORKED, '--epochs', '20', '--json');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 21);
    assert.deepEqual(
      lines.slice(0, 20).map((l) => l.epoch),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.ok(lines[19].loss < lines[0].loss);
    assert.equal(lines[20].epoch, 20);
    assert.equal(lines[20].loss, lines[19].loss);
    assert.equal(lines[20].reason, 'completed');
    assert.equal(lines[20].message, 'trained 20 epochs');
  });

  it('train: a huge learning rate stops with the epoch and the likely cause, exit 1', () => {
    const file = tmpSpec(
      'diverge.nnspec',
      WORKED_TEXT.replace('learning_rate: 0.1', 'learning_rate: 1e300')
        .replace('loss: binary_cross_entropy', 'loss: mse')
        .replace(
          'activation: sigmoid\n    bias: false\n    weights: [[0.1]',
          'activation: linear\n    bias: false\n    weights: [[0.1]',
        ),
    );
    assert.match(
      readFileSync(file, 'utf8'),
      /activation: linear/,
      'the output layer is linear, so the loss can blow up',
    );
    const r = cli('train', file);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /epoch \d+/);
    assert.match(r.stderr, /learning rate/);
  });

  it('an unknown command prints usage and exits 2', () => {
    const r = cli('frobnicate', WORKED);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    assert.match(r.stderr, /Usage: nnspec/);
  });
});
