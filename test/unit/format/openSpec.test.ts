/**
 * openSpec, the one path from text to a runnable model: a clean spec gives its checked configuration
 * and its data; a data file is read and parsed once; a data problem is a diagnostic at its place (and
 * then there is no configuration); the number limit `maxNumbers` is the caller's.
 */
import * as assert from 'assert';
import { openSpec, NO_DATA } from '../../../src/format/openSpec';
import { DEFAULTS } from '../../../src/engine/config';
import { WORKED_EXAMPLE, errors, findDiagnostic, positionOf } from '../fixtures/spec';

/** readFile over `files`, counting the reads of each. */
function files(contents: Record<string, string>): { readFile: (p: string) => string; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const readFile = (p: string): string => {
    reads.set(p, (reads.get(p) ?? 0) + 1);
    if (!Object.prototype.hasOwnProperty.call(contents, p))
      throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
    return contents[p];
  };
  return { readFile, reads };
}

const csvSpec = (path: string, head = '') =>
  `${head}layers:\n  - dense: 3\n    activation: softmax\nloss: cross_entropy\ndata:\n  csv: ${path}\n  target: label\n`;
const POINTS = 'x1,x2,label\n0.1,0.2,red\n0.3,0.1,blue\n0.5,0.9,green\n';

describe('openSpec', () => {
  it('a clean spec: the analysis, the checked configuration and its data', () => {
    const opened = openSpec(WORKED_EXAMPLE);
    assert.deepStrictEqual(opened.analysis.diagnostics, []);
    assert.strictEqual(opened.analysis.summary?.totalParams, 9);
    assert.ok(opened.config && opened.data);
    assert.strictEqual(opened.config, opened.analysis.spec);
    assert.deepStrictEqual([opened.config.input, opened.config.layers.length], [2, 2]);
    const { train, test } = opened.data;
    assert.strictEqual(test, undefined);
    assert.deepStrictEqual(Array.from(train.x), [5, 3]);
    assert.deepStrictEqual(Array.from(train.targets), [1]);
  });

  it('a csv file is read once, and its table becomes the data', () => {
    const { readFile, reads } = files({ 'points.csv': POINTS });
    const opened = openSpec(csvSpec('points.csv'), { readFile });
    assert.deepStrictEqual(opened.analysis.diagnostics, []);
    assert.deepStrictEqual([...reads], [['points.csv', 1]]);
    const train = opened.data!.train;
    assert.deepStrictEqual(Array.from(train.x), [0.1, 0.2, 0.3, 0.1, 0.5, 0.9]);
    assert.deepStrictEqual(train.classNames, ['blue', 'green', 'red']);
    assert.deepStrictEqual(Array.from(train.labels!), [2, 0, 1]);
    assert.deepStrictEqual(train.featureNames, ['x1', 'x2']);
  });

  it('a data file that cannot be read, or a bad line in it, is a diagnostic at the csv value; no configuration', () => {
    const { readFile } = files({ 'ragged.csv': 'x1,x2,label\n0.1,0.2,red\n\n0.3,blue\n' });
    for (const [path, message] of [
      ['missing.csv', "cannot read 'missing.csv' (relative to the spec): no such file"],
      ['ragged.csv', "'ragged.csv' line 4 has 2 fields but the header has 3"],
    ]) {
      const text = csvSpec(path, 'input: 2\n');
      const opened = openSpec(text, { readFile });
      const d = findDiagnostic(opened.analysis, message);
      assert.strictEqual(d.severity, 'error');
      assert.deepStrictEqual(d.range.start, positionOf(text, path));
      assert.strictEqual(opened.config, undefined);
      assert.strictEqual(opened.data, undefined);
    }
  });

  it('data that cannot be loaded after a clean check is a diagnostic at the data source, and the spec is not runnable', () => {
    // Without file access (an untitled document) the check passes when input is given, but the rows are unknown.
    const text = csvSpec('points.csv', 'input: 2\n');
    const opened = openSpec(text);
    const d = findDiagnostic(opened.analysis, "cannot read 'points.csv' here");
    assert.deepStrictEqual([d.severity, d.code], ['error', 'data-load']);
    assert.deepStrictEqual(d.range.start, positionOf(text, 'points.csv'));
    assert.strictEqual(opened.config, undefined);
    assert.strictEqual(opened.analysis.spec, undefined, 'the analysis has an error, so no spec');
    assert.strictEqual(opened.data, undefined);
    assert.strictEqual(opened.analysis.summary?.totalParams, 9, 'the summary stays');
  });

  it('a clean spec without data: the configuration, no data, nothing wrong', () => {
    const opened = openSpec(WORKED_EXAMPLE.replace(/data:\n {2}samples:\n.*\n/, ''));
    assert.deepStrictEqual(errors(opened.analysis), []);
    assert.ok(opened.config);
    assert.strictEqual(opened.config.data, undefined);
    assert.strictEqual(opened.data, undefined);
    assert.match(NO_DATA, /no data: section/);
  });

  it('honours maxNumbers: a spec just over the default limit opens under a raised one', () => {
    // 1 → 4500 → 4500 → 1 has 9 000 + 20 254 500 + 4 501 = 20 268 001 parameters.
    const text =
      'input: 1\nlayers:\n  - dense: 4500\n    activation: tanh\n  - dense: 4500\n    activation: tanh\n  - dense: 1\nloss: mse\ndata:\n  samples:\n    - { x: [1], y: 0.5 }\n';
    assert.ok(20_268_001 > DEFAULTS.maxNumbers);
    const refused = openSpec(text);
    const d = findDiagnostic(refused.analysis, 'parameters');
    assert.strictEqual(d.code, 'too-big');
    assert.match(d.message, /20,268,001 parameters .*at most 20,000,000 numbers/);
    assert.strictEqual(refused.config, undefined);
    const raised = openSpec(text, { maxNumbers: 30_000_000 });
    assert.deepStrictEqual(errors(raised.analysis), []);
    assert.strictEqual(raised.analysis.summary?.totalParams, 20_268_001);
    assert.ok(raised.config && raised.data);
    // And lowered: the worked example's 9 parameters and 3 data numbers against a limit of 10.
    assert.strictEqual(openSpec(WORKED_EXAMPLE, { maxNumbers: 10 }).config, undefined);
    assert.ok(openSpec(WORKED_EXAMPLE, { maxNumbers: 12 }).config);
  });
});
