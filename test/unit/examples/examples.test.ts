/**
 * Every shipped example in examples/: it teaches (opens with comments), analyzes with no errors or
 * warnings, loads its data, passes the gradient check; and the headline ones do what their comments
 * promise: the worked example's loss, the spiral above 95 %, XOR at 100 %, the iris neuron converging.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import { forwardReport } from '../../../src/engine/passes';
import { gradcheck } from '../../../src/engine/gradcheck';
import { train } from '../../../src/engine/trainer';
import { gradcheckMessage } from '../../../src/text/gradcheck';
import { stopMessage } from '../../../src/text/training';
import type { NetworkConfig } from '../../../src/engine/config';
import type { TrainTestData } from '../../../src/engine/types';

const dir = path.join(__dirname, '../../../../examples');
const readFile = (p: string): string => fs.readFileSync(path.join(dir, p), 'utf8');

/** The example opened as every surface opens it (openSpec): clean, with its checked spec and its data. */
function load(file: string): { spec: NetworkConfig; data: TrainTestData } {
  const { analysis, config, data } = openSpec(readFile(file), { readFile });
  const problems = analysis.diagnostics.map(
    (d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message}`,
  );
  assert.deepStrictEqual(problems, [], `${file} is not clean`);
  assert.ok(config, `${file} has no spec`);
  assert.ok(data, `${file} has no data`);
  return { spec: config, data };
}

describe('examples/', () => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.nnspec'))
    .sort();

  it('has the examples the issue and the lectures call for', () => {
    for (const name of [
      'backprop-by-hand',
      'iris-setosa',
      'gaussian-clusters',
      'gaussians-3d',
      'spiral',
      'xor',
      'custom-activation',
      'hinge-svm',
      'maxout',
      'csv-example',
    ]) {
      assert.ok(files.includes(`${name}.nnspec`), `examples/${name}.nnspec is missing`);
    }
  });

  for (const file of files) {
    it(`${file}: opens with teaching comments, is clean, loads its data and passes the gradient check`, () => {
      const lines = readFile(file).split('\n');
      assert.ok(
        lines.slice(0, 5).every((l) => l.startsWith('#')),
        'the first lines are comments',
      );
      assert.match(lines.slice(0, 30).join('\n'), /Try:/, 'the comments say what to try');
      const { spec, data } = load(file);
      assert.ok(data.train.n > 0);
      assert.strictEqual(data.train.inputs, spec.input);
      const report = gradcheck(Network.fromSpec(spec), data.train, spec.gradcheck);
      assert.ok(report.passed, `${file}: ${gradcheckMessage(report)}`);
    });
  }

  it('gaussians-3d.nnspec generates three features from three-coordinate centers, one class per center', () => {
    const { spec, data } = load('gaussians-3d.nnspec');
    assert.equal(data.train.inputs, 3);
    assert.equal(spec.input, 3);
    assert.equal(data.train.classes, 4);
    // Each class's points sit around its own center: the class means are nearest their centers.
    const centers = [
      [2, 0, 0],
      [0, 2, 0],
      [0, 0, 2],
      [-2, -2, -2],
    ];
    const t = data.train;
    for (let c = 0; c < 4; c++) {
      const rows = Array.from({ length: t.n }, (_, i) => i).filter((i) => t.labels![i] === c);
      const mean = [0, 1, 2].map((f) => rows.reduce((s, i) => s + t.x[i * 3 + f], 0) / rows.length);
      const nearest = centers
        .map((ct, k) => ({ k, d: Math.hypot(...ct.map((v, f) => v - mean[f])) }))
        .sort((a, b) => a.d - b.d)[0].k;
      assert.equal(nearest, c, `class ${c}'s mean ${mean}`);
    }
  });

  it('comments name the CLI as `npx nnspec …`, the command that works in a clone', () => {
    for (const file of files)
      readFile(file)
        .split('\n')
        .forEach((l, i) =>
          assert.doesNotMatch(
            l,
            /^#.*(?<!npx )\bnnspec (check|summary|forward|backward|gradcheck|train)\b/,
            `${file}:${i + 1}`,
          ),
        );
    assert.doesNotMatch(readFile('README.md'), /`nnspec (check|summary|forward|backward|gradcheck|train)\b/);
  });

  it('the README points at no file outside the repository, and promises a "kink" only where the check shows one', () => {
    const readme = readFile('README.md');
    assert.doesNotMatch(readme, /shared\/seeds|\.\.\/shared/);
    for (const [, file] of readme.matchAll(/`(\.\.\/[^`]+)`/g))
      assert.ok(fs.existsSync(path.join(dir, file)), `${file} is not in the repository`);
    for (const row of readme.split('\n').filter((l) => /^\| `[\w-]+\.nnspec`/.test(l) && /kink/.test(l))) {
      const file = /`([\w-]+\.nnspec)`/.exec(row)![1];
      const { spec, data } = load(file);
      const report = gradcheck(Network.fromSpec(spec), data.train, spec.gradcheck);
      assert.ok(
        report.entries.some((e) => e.status === 'kink'),
        `${file}: the README promises a kink; ${gradcheckMessage(report)}`,
      );
    }
  });

  it("backprop-by-hand reproduces the lecture's loss 0.52699227 and y = 0.590378", () => {
    const { spec, data } = load('backprop-by-hand.nnspec');
    const report = forwardReport(Network.fromSpec(spec), data.train);
    assert.ok(Math.abs(report.loss - 0.52699227) < 5e-9, `loss ${report.loss}`);
    assert.ok(Math.abs(report.layers[1].a[0][0] - 0.590378) < 5e-7);
  });

  it('spiral (2-100-3, L2 1e-3, learning rate 1, full batch) trains past 95 % accuracy', function () {
    this.timeout(300000);
    const { spec, data } = load('spiral.nnspec');
    assert.deepStrictEqual([spec.input, spec.layers[0].units, spec.layers[1].units], [2, 100, 3]);
    assert.strictEqual(spec.regularization.l2, 1e-3);
    assert.strictEqual(spec.train.learningRate, 1);
    assert.strictEqual(data.train.n, 300);
    const result = train(Network.fromSpec(spec), data);
    assert.strictEqual(result.reason, 'completed');
    assert.ok((result.final.accuracy ?? 0) > 0.95, `accuracy ${result.final.accuracy}`);
  });

  it('xor trains to 100 % accuracy', () => {
    const { spec, data } = load('xor.nnspec');
    const result = train(Network.fromSpec(spec), data);
    assert.strictEqual(result.final.accuracy, 1);
  });

  it("iris-setosa stops by seed 000's convergence rule with at least 149 of 150 right", function () {
    this.timeout(120000);
    const { spec, data } = load('iris-setosa.nnspec');
    const result = train(Network.fromSpec(spec), data);
    assert.strictEqual(result.reason, 'weight_change_below', stopMessage(result));
    assert.ok(result.final.epoch < spec.train.epochs);
    assert.ok((result.final.accuracy ?? 0) >= 149 / 150 - 1e-12, `accuracy ${result.final.accuracy}`);
  });

  it('csv-example maps blue, green, red to 0, 1, 2 and holds out 9 of its 36 points', () => {
    const {
      data: { train: tr, test },
    } = load('csv-example.nnspec');
    assert.deepStrictEqual(tr.classNames, ['blue', 'green', 'red']);
    assert.strictEqual(tr.n, 27);
    assert.strictEqual(test?.n, 9);
  });
});
