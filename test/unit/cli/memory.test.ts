/**
 * Memory of the largest allowed specs (issue 11), measured: a network of 18 million parameters trained
 * with Adam (parameters, gradients and two moment buffers), and a data set of 2.4 million generated
 * points, each through train, forward and gradcheck in the real CLI process. The peak resident memory
 * stays under the bound the README documents: 48 bytes per number the default limit allows, plus
 * 150 MB for Node itself (about 1.1 GB). A refused report is a clear error, not a crash.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../src/engine/config';
import { CLI } from '../fixtures/cli';

const BOUND_BYTES = 48 * DEFAULTS.maxNumbers + 150 * 2 ** 20;

const WIDE = `input: 2
layers:
  - dense: 3000
    activation: tanh
  - dense: 6000
    activation: tanh
  - dense: 2
    activation: softmax
loss: cross_entropy
data:
  generate: { kind: xor, points: 64 }
train: { optimizer: adam, epochs: 1, batch_size: 32 }
`;

const MANY_POINTS = `input: 2
layers:
  - dense: 8
    activation: tanh
  - dense: 2
    activation: softmax
loss: cross_entropy
data:
  generate: { kind: gaussians, points: 2400000, centers: [[0, 0], [2, 2]] }
train: { optimizer: sgd, epochs: 1, batch_size: 1000 }
`;

/** Runs the CLI and reads its peak resident memory, which it reports on exit (a preloaded hook). */
function peak(args: string[]): { code: number | null; bytes: number; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-mem-'));
  const hook = join(dir, 'rss.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => process.stderr.write(`maxrss-kb ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  const r = spawnSync(process.execPath, ['--require', hook, CLI, ...args], { encoding: 'utf8', timeout: 300_000 });
  const m = /maxrss-kb (\d+)/.exec(r.stderr ?? '');
  assert.ok(m, `no memory reading: ${r.stderr}`);
  return { code: r.status, bytes: Number(m[1]) * 1024, stderr: r.stderr };
}

describe('CLI: memory of the largest allowed specs', function () {
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-mem-specs-'));
  const wide = join(dir, 'wide.nnspec');
  const many = join(dir, 'many-points.nnspec');
  writeFileSync(wide, WIDE);
  writeFileSync(many, MANY_POINTS);

  for (const [name, file, commands] of [
    ['18 million parameters (Adam)', wide, [['train'], ['forward'], ['gradcheck']]],
    ['2.4 million points', many, [['train'], ['forward'], ['gradcheck']]],
  ] as const)
    it(`${name}: train, forward and gradcheck stay under ${Math.round(BOUND_BYTES / 2 ** 20)} MB`, () => {
      for (const [command] of commands) {
        const r = peak([command, file]);
        assert.ok([0, 1, 2].includes(r.code ?? -1), `${command} exited ${r.code}: ${r.stderr}`);
        if (r.code === 2) assert.match(r.stderr, /:\d+:\d+: error: .*report/, `${command}: a refusal says why`);
        assert.ok(
          r.bytes <= BOUND_BYTES,
          `${command}: ${Math.round(r.bytes / 2 ** 20)} MB > ${Math.round(BOUND_BYTES / 2 ** 20)} MB`,
        );
      }
    });
});
