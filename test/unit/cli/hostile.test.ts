/**
 * Hostile files and flags through the built CLI (issue 11): each finding made by the test itself — a
 * FIFO, devices, a folder, a sparse file of a gigabyte, a one-line csv, a path outside the spec's
 * folder and a link pointing out, duplicate columns, an unterminated quote, a cell too large to be a
 * number, control characters, a huge --epochs, a pass over two million samples — and each refused (or
 * bounded) promptly with a FILE:LINE:COL message at its place, exit 2, no stack trace.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  ftruncateSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../fixtures/cli';
import { positionOf } from '../fixtures/spec';
import { MAX_DATA_FILE_BYTES } from '../../../src/format/userFiles';
import { MAX_CSV_LINE_CHARS } from '../../../src/engine/data/csv';
import { MAX_PASS_SAMPLES } from '../../../src/engine/passes';

/** A run that hangs is killed after this long and fails (it must end long before). */
const HANG_MS = 30_000;

const csvSpec = (path: string, target = 'label') =>
  `layers:\n  - dense: 2\n    activation: softmax\nloss: cross_entropy\ndata:\n  csv: ${path}\n  target: ${target}\n`;

/** Every stderr line is FILE:LINE:COL: severity: message, and none is a stack trace. */
function assertCompilerLines(r: CliRun): void {
  assert.doesNotMatch(r.stderr, /\n\s+at /, r.stderr);
  for (const line of r.stderr.split('\n').filter((l) => l !== ''))
    assert.match(line, /^[^\n]+:\d+:\d+: (error|warning|info): /, line);
}

function refused(dir: string, spec: string, text: string, needle: string, message: RegExp): void {
  const file = join(dir, spec);
  writeFileSync(file, text);
  const r = runCli(['check', file], { cwd: dir, timeoutMs: HANG_MS });
  assert.strictEqual(r.code, 2, `exit ${r.code} after ${r.ms} ms: ${r.stderr}`);
  assertCompilerLines(r);
  const at = positionOf(text, needle);
  assert.ok(r.stderr.startsWith(`${file}:${at.line + 1}:${at.character + 1}: error: `), r.stderr);
  assert.match(r.stderr, message);
  assert.ok(r.stderr.length < 2000, `a short message, not ${r.stderr.length} characters`);
}

describe('nnspec CLI: hostile files are refused, never read forever', function () {
  this.timeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'nnspec-hostile-'));
  const unix = process.platform !== 'win32';

  it('a FIFO named by csv: is refused at the csv value (it would block forever)', function () {
    if (!unix) this.skip();
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    refused(
      dir,
      'fifo.nnspec',
      csvSpec('pipe.csv'),
      'pipe.csv',
      /cannot read 'pipe.csv'.*not a regular file but a named pipe/,
    );
  });

  it('a FIFO as the spec itself is refused', function () {
    if (!unix) this.skip();
    execFileSync('mkfifo', [join(dir, 'spec-pipe.nnspec')]);
    const r = runCli(['check', join(dir, 'spec-pipe.nnspec')], { timeoutMs: HANG_MS });
    assert.strictEqual(r.code, 2, r.stderr);
    assertCompilerLines(r);
    assert.match(r.stderr, /:1:1: error: cannot read the spec: it is not a regular file but a named pipe/);
  });

  for (const device of ['/dev/zero', '/dev/urandom', '/dev/null']) {
    it(`${device} named by csv: is refused (a device never ends)`, function () {
      if (!existsSync(device)) this.skip();
      // Devices lie outside the spec's folder: in the current folder (/dev) the device itself is refused.
      const text = csvSpec(device);
      const file = join(dir, `device-${device.slice(5)}.nnspec`);
      writeFileSync(file, text);
      const r = runCli(['check', file], { cwd: '/dev', timeoutMs: HANG_MS });
      assert.strictEqual(r.code, 2, r.stderr);
      assertCompilerLines(r);
      assert.match(r.stderr, /not a regular file but a device/);
    });
  }

  it('a folder named by csv: is refused', () => {
    mkdirSync(join(dir, 'folder.csv'));
    refused(dir, 'folder.nnspec', csvSpec('folder.csv'), 'folder.csv', /not a regular file but a folder/);
  });

  it('a sparse file of a gigabyte is refused by its size, before reading', () => {
    const fd = openSync(join(dir, 'sparse.csv'), 'w');
    ftruncateSync(fd, 1024 * 1024 * 1024);
    closeSync(fd);
    assert.ok(MAX_DATA_FILE_BYTES < 1024 * 1024 * 1024);
    refused(dir, 'sparse.nnspec', csvSpec('sparse.csv'), 'sparse.csv', /larger than 192 MB/);
  });

  it('a csv of one endless line is refused at its first line, in a short message', () => {
    writeFileSync(join(dir, 'oneline.csv'), 'a,'.repeat(MAX_CSV_LINE_CHARS));
    refused(dir, 'oneline.nnspec', csvSpec('oneline.csv'), 'oneline.csv', /line 1: the line has more than/);
  });

  it('a header of 50 000 columns without the target: the message names ten of them', () => {
    const header = Array.from({ length: 50_000 }, (_, i) => `column${i}`).join(',');
    writeFileSync(join(dir, 'wide.csv'), `${header}\n${'1,'.repeat(49_999)}1\n`);
    refused(
      dir,
      'wide.nnspec',
      csvSpec('wide.csv', 'colour'),
      'colour',
      /its columns are column0, .*column9 and 49990 more/,
    );
  });

  it('a path outside the spec’s folder and the current folder is refused (no /etc/passwd in a message)', () => {
    const inner = join(dir, 'project');
    mkdirSync(inner);
    const text = csvSpec('../../../../../../../../etc/passwd');
    const file = join(inner, 'outside.nnspec');
    writeFileSync(file, text);
    const r = runCli(['check', file], { cwd: inner, timeoutMs: HANG_MS });
    assert.strictEqual(r.code, 2, r.stderr);
    assertCompilerLines(r);
    assert.match(r.stderr, /lies outside the spec's folder and the current folder/);
    assert.doesNotMatch(r.stderr, /root:/);
  });

  it('a link inside the folder that points outside is refused', function () {
    if (!unix) this.skip();
    const inner = join(dir, 'linked');
    mkdirSync(inner);
    writeFileSync(join(dir, 'secret.csv'), 'root,label\n1,a\n2,b\n');
    symlinkSync(join(dir, 'secret.csv'), join(inner, 'data.csv'));
    const text = csvSpec('data.csv');
    const file = join(inner, 'link.nnspec');
    writeFileSync(file, text);
    const r = runCli(['check', file], { cwd: inner, timeoutMs: HANG_MS });
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /is a link to a file outside/);
    assert.doesNotMatch(r.stderr, /root/);
  });

  it('two columns of one name are an error at the column the spec names', () => {
    writeFileSync(join(dir, 'twice.csv'), 'x,x,label\n1,2,a\n3,4,b\n');
    const text = `${csvSpec('twice.csv')}  features: [x]\n`;
    refused(dir, 'twice.nnspec', text, 'x]', /two columns named 'x' \(columns 1 and 2\)/);
  });

  it('an unterminated quote is an error naming the line it opens on', () => {
    writeFileSync(join(dir, 'quote.csv'), 'x,label\n1,a\n2,"b\n3,c\n4,d\n');
    refused(
      dir,
      'quote.nnspec',
      csvSpec('quote.csv'),
      'quote.csv',
      /line 3: a quoted field opened on line 3 is never closed/,
    );
  });

  it('a cell too large to be a number fails check, as every run command would', () => {
    writeFileSync(join(dir, 'huge.csv'), 'x,label\n1,a\n1e400,b\n');
    refused(dir, 'huge.nnspec', csvSpec('huge.csv'), 'huge.csv', /line 3: '1e400' in column 'x' is too large/);
  });

  it('control characters in the spec and the csv reach the terminal escaped, one line each', () => {
    writeFileSync(join(dir, 'esc.csv'), 'x,label\n1,\u001b]0;pwned\u0007\n2,b\n');
    const text = `na\u001b[31mme: red\n${csvSpec('esc.csv')}`;
    const file = join(dir, 'esc.nnspec');
    writeFileSync(file, text);
    const check = runCli(['check', file], { cwd: dir, timeoutMs: HANG_MS });
    assert.strictEqual(check.code, 2);
    assertCompilerLines(check);
    assert.match(check.stderr, /unknown key 'na\\u001b\[31mme'/);
    assert.ok(!(check.stderr + check.stdout).includes('\u001b'), 'no raw escape character');
    writeFileSync(file, csvSpec('esc.csv').replace('dense: 2', 'dense: 2\n    weights: [[1, 0]]'));
    const forward = runCli(['forward', file], { cwd: dir, timeoutMs: HANG_MS });
    const printed = forward.stderr + forward.stdout;
    assert.ok(![...printed].some((c) => c < ' ' && c !== '\n'), 'no raw control character');
  });

  it('--epochs beyond the most a run trains is a usage error, not a run forever', () => {
    const r = runCli(['train', join(dir, 'twice.nnspec'), '--epochs', '99999999999'], { timeoutMs: HANG_MS });
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /--epochs must be at most 10000000, not 99999999999/);
  });

  it('forward --json over two million samples reports the first ones, bounded', () => {
    const text =
      'layers:\n  - dense: 2\n    activation: softmax\nloss: cross_entropy\ndata:\n  generate: { kind: xor, points: 1000000 }\n';
    const file = join(dir, 'million.nnspec');
    writeFileSync(file, text);
    const r = runCli(['forward', file, '--json'], { timeoutMs: 120_000 });
    assert.strictEqual(r.code, 0, r.stderr);
    assertCompilerLines(r);
    assert.match(r.stderr, new RegExp(`info: the first ${MAX_PASS_SAMPLES} of 2000000 training samples as one batch`));
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.samples.length, MAX_PASS_SAMPLES);
    assert.strictEqual(report.layers[0].a.length, MAX_PASS_SAMPLES);
  });
});
