/**
 * The built CLI with weights files: `train --save W` then `forward --weights W` gives the training's
 * final loss; `train --weights W --save W` continues a run (with gd, whose only state is the
 * weights, 6 + 4 epochs end where 10 do); every command that runs the network takes `--weights`;
 * a file that does not fit, is not a file or is not named is refused with exit 2.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(stdout: string): any[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

function relClose(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${actual} differs from ${expected} by more than ${rel} relative`,
  );
}

describe('nnspec CLI: weights files', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-weights-'));

  it('train --save W, then forward --weights W --json gives the final training loss (relative 1e-12)', () => {
    for (const example of ['maxout', 'csv-example', 'backprop-by-hand']) {
      const w = join(dir, `${example}.weights.json`);
      const t = cli('train', join(EXAMPLES, `${example}.nnspec`), '--epochs', '30', '--save', w, '--json');
      assert.equal(t.code, 0, t.stderr);
      const final = jsonLines(t.stdout).at(-1);
      assert.equal(final.epoch, 30);
      const f = cli('forward', join(EXAMPLES, `${example}.nnspec`), '--weights', w, '--json');
      assert.equal(f.code, 0, f.stderr);
      relClose(JSON.parse(f.stdout).loss, final.loss, 1e-12, example);
      const file = JSON.parse(readFileSync(w, 'utf8'));
      assert.equal(file.epoch, 30);
      relClose(file.loss, final.loss, 1e-12, `${example}: the file's loss`);
    }
  });

  it('train --weights W --save W continues a run: gd for 6 then 4 epochs ends where 10 epochs do', () => {
    const spec = join(EXAMPLES, 'gaussian-clusters.nnspec');
    const w = join(dir, 'continued.weights.json');
    const straight = jsonLines(cli('train', spec, '--epochs', '10', '--json').stdout).at(-1);
    assert.equal(cli('train', spec, '--epochs', '6', '--save', w).code, 0);
    const r = cli('train', spec, '--epochs', '4', '--weights', w, '--save', w, '--json');
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    relClose(lines.at(-1).loss, straight.loss, 1e-12, 'continued run');
    assert.equal(JSON.parse(readFileSync(w, 'utf8')).epoch, 10, 'the file counts the epochs of both runs');
  });

  it('backward and gradcheck run on the loaded weights', () => {
    const spec = join(EXAMPLES, 'xor.nnspec');
    const w = join(dir, 'xor.weights.json');
    assert.equal(cli('train', spec, '--epochs', '50', '--save', w).code, 0);
    const initial = JSON.parse(cli('backward', spec, '--json').stdout);
    const loaded = JSON.parse(cli('backward', spec, '--weights', w, '--json').stdout);
    const file = JSON.parse(readFileSync(w, 'utf8'));
    assert.deepEqual(loaded.layers[0].params.W.value, file.layers[0].W.values);
    assert.notDeepEqual(loaded.layers[0].params.W.grad, initial.layers[0].params.W.grad);
    const g = cli('gradcheck', spec, '--weights', w, '--json');
    assert.equal(g.code, 0, g.stderr);
    assert.ok(JSON.parse(g.stdout).passed);
  });

  it("a spec's weights_file gives the same loss as --weights, and train --save counts on from its epoch", () => {
    const w = join(dir, 'spiral-start.weights.json');
    const spec = join(dir, 'spiral.nnspec');
    copyFileSync(join(EXAMPLES, 'spiral.nnspec'), spec);
    assert.equal(cli('train', spec, '--epochs', '5', '--save', w).code, 0);
    const viaFlag = JSON.parse(cli('forward', spec, '--weights', w, '--json').stdout).loss;
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace('seed: 0\n', 'seed: 0\nweights_file: spiral-start.weights.json\n'),
    );
    const viaSpec = cli('forward', spec, '--json');
    assert.equal(viaSpec.code, 0, viaSpec.stderr);
    assert.equal(JSON.parse(viaSpec.stdout).loss, viaFlag);
    const next = join(dir, 'spiral-next.weights.json');
    assert.equal(cli('train', spec, '--epochs', '3', '--save', next).code, 0);
    assert.equal(JSON.parse(readFileSync(next, 'utf8')).epoch, 8);
  });

  it('a weights file of another network is refused with exit 2, naming the layer and both shapes', () => {
    const w = join(dir, 'maxout-other.weights.json');
    assert.equal(cli('train', join(EXAMPLES, 'maxout.nnspec'), '--epochs', '1', '--save', w).code, 0);
    const r = cli('forward', join(EXAMPLES, 'xor.nnspec'), '--weights', w);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      `${w}:1:1: error: cannot use the weights file: layer 1 is maxout 2 → 6 with 2 pieces (W 2×2×6, b 2×6) in the weights file but dense 2 → 4 (W 2×4, b 4) in this network`,
    );
  });

  it('refuses what is not a regular file, a missing file and a missing path, exit 2 and no trace', () => {
    const spec = join(EXAMPLES, 'xor.nnspec');
    const folder = cli('forward', spec, '--weights', dir);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /cannot read the weights file: it is not a regular file/);
    const missing = cli('forward', spec, '--weights', join(dir, 'nope.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    const usage = cli('train', spec, '--save');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--save needs a file path/);
    assert.doesNotMatch(folder.stderr + missing.stderr + usage.stderr, /\n\s+at /);
  });

  it('a diverged run writes no weights file', () => {
    const spec = join(dir, 'diverge.nnspec');
    writeFileSync(
      spec,
      readFileSync(join(EXAMPLES, 'hinge-svm.nnspec'), 'utf8').replace('learning_rate: 0.05', 'learning_rate: 1e300'),
    );
    const w = join(dir, 'diverged.weights.json');
    const r = cli('train', spec, '--epochs', '5', '--save', w);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not written/);
    assert.ok(!existsSync(w));
  });
});
