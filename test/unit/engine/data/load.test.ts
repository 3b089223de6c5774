/**
 * loadData: targets shaped per loss for every source (inline, generated, csv tables, builtin iris),
 * CSV class-name mapping, errors with their place, normalization statistics, the seeded split;
 * the one check that data fit a network.
 */
import * as assert from 'assert';
import { DataError, loadData, normalizationStats } from '../../../../src/engine/data/load';
import { IRIS_ROWS } from '../../../../src/engine/data/iris';
import type { Dataset } from '../../../../src/engine/types';
import { dataSpec } from '../../fixtures/data';
import { makeData, makeSpec } from '../../fixtures/engine';
import { Network } from '../../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../../src/engine/passes';
import { Trainer } from '../../../../src/engine/trainer';
import { readCsvTable, type CsvTable } from '../../../../src/engine/data/csv';

const rows = (a: Float64Array, width: number): number[][] =>
  Array.from({ length: a.length / width }, (_, i) => Array.from(a.subarray(i * width, (i + 1) * width)));

function throwsData(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

const files: Record<string, string> = {
  'points.csv': 'x,y,label\n0.5,1,red\n"2",3.5,blue\n-1e-1,4,red\n',
  'quoted.csv': 'name,"a, b",c,kind\n"first, row",1,2,"say ""hi"""\nsecond,3,4,plain\n',
  'ints.csv': 'f,cls\n1,10\n2,9\n3,10\n',
  'regress.csv': 'f,y\n1,0.5\n2,1.5\n',
};
/** The table the CSV reader makes of one of `files`, as the spec check hands it to loadData. */
function table(path: string, target: string, features?: string[]): CsvTable {
  const read = readCsvTable(files[path], { path, target, features });
  assert.ok('table' in read, JSON.stringify(read));
  return read.table;
}

describe('loadData: inline samples', () => {
  it('the worked example: x = (5, 3), y = 1 as a 1×1 target with label 1 (binary cross-entropy)', () => {
    const { train, test } = loadData(dataSpec({ source: { kind: 'samples', samples: [{ x: [5, 3], y: 1 }] } }));
    assert.strictEqual(test, undefined);
    assert.strictEqual(train.n, 1);
    assert.deepStrictEqual(Array.from(train.x), [5, 3]);
    assert.deepStrictEqual(Array.from(train.targets), [1]);
    assert.strictEqual(train.targetWidth, 1);
    assert.deepStrictEqual(Array.from(train.labels ?? []), [1]);
    assert.strictEqual(train.classes, 2);
    assert.ok(train.x instanceof Float64Array && train.targets instanceof Float64Array);
  });

  it('cross_entropy: class indices and one-hot vectors both become one-hot rows with labels', () => {
    const samples = [
      { x: [0, 0], y: 2 },
      { x: [1, 1], y: [0, 1, 0] },
    ];
    const { train } = loadData(dataSpec({ loss: 'cross_entropy', outputs: 3, source: { kind: 'samples', samples } }));
    assert.deepStrictEqual(rows(train.targets, 3), [
      [0, 0, 1],
      [0, 1, 0],
    ]);
    assert.deepStrictEqual(Array.from(train.labels ?? []), [2, 1]);
    assert.strictEqual(train.classes, 3);
  });

  it('hinge: one-hot targets of the last layer width', () => {
    const samples = [
      { x: [0, 0], y: 0 },
      { x: [1, 1], y: 3 },
    ];
    const { train } = loadData(dataSpec({ loss: 'hinge', outputs: 4, source: { kind: 'samples', samples } }));
    assert.deepStrictEqual(rows(train.targets, 4), [
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('mse: regression targets as given, no labels', () => {
    const samples = [
      { x: [0, 0], y: [0.25, -3] },
      { x: [1, 1], y: [7, 0.5] },
    ];
    const { train } = loadData(dataSpec({ loss: 'mse', outputs: 2, source: { kind: 'samples', samples } }));
    assert.deepStrictEqual(rows(train.targets, 2), [
      [0.25, -3],
      [7, 0.5],
    ]);
    assert.strictEqual(train.labels, undefined);
  });

  it('refuses labels that do not fit the loss, and samples of the wrong length', () => {
    throwsData(
      () => loadData(dataSpec({ source: { kind: 'samples', samples: [{ x: [1, 2], y: 7 }] } })),
      /sample 1: y is 7, but binary_cross_entropy needs a label 0 or 1/,
    );
    throwsData(
      () =>
        loadData(
          dataSpec({ loss: 'cross_entropy', outputs: 3, source: { kind: 'samples', samples: [{ x: [1, 2], y: 3 }] } }),
        ),
      /class index must be 0 to 2/,
    );
    throwsData(
      () =>
        loadData(
          dataSpec({
            source: {
              kind: 'samples',
              samples: [
                { x: [1, 2], y: 1 },
                { x: [1], y: 0 },
              ],
            },
          }),
        ),
      /sample 2 has 1 features but sample 1 has 2/,
    );
    throwsData(
      () => loadData(dataSpec({ input: 3, source: { kind: 'samples', samples: [{ x: [1, 2], y: 1 }] } })),
      /the data has 2 features per sample but the network's input is 3/,
    );
    throwsData(
      () => loadData(dataSpec({ source: { kind: 'samples', samples: [{ x: [1, NaN], y: 1 }] } })),
      /sample 1: x\[1\] is NaN/,
    );
  });
});

describe('loadData: generated', () => {
  const spiral = {
    kind: 'generate' as const,
    generator: 'spiral' as const,
    points: 100,
    classes: 3,
    noise: 0.2,
    std: 1,
  };

  it("seed 003's spiral: 300 samples, one-hot of 3, 100 per class", () => {
    const { train } = loadData(dataSpec({ loss: 'cross_entropy', outputs: 3, source: spiral }));
    assert.strictEqual(train.n, 300);
    assert.strictEqual(train.inputs, 2);
    assert.strictEqual(train.targetWidth, 3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) {
      counts[train.labels![i]]++;
      assert.strictEqual(train.targets[i * 3 + train.labels![i]], 1);
    }
    assert.deepStrictEqual(counts, [100, 100, 100]);
  });

  it('is the same for the same spec seed and different for another', () => {
    const a = loadData(dataSpec({ loss: 'cross_entropy', outputs: 3, source: spiral, seed: 4 })).train;
    const b = loadData(dataSpec({ loss: 'cross_entropy', outputs: 3, source: spiral, seed: 4 })).train;
    const c = loadData(dataSpec({ loss: 'cross_entropy', outputs: 3, source: spiral, seed: 5 })).train;
    assert.deepStrictEqual(Array.from(a.x), Array.from(b.x));
    assert.notDeepStrictEqual(Array.from(a.x), Array.from(c.x));
  });

  it('says so when the classes do not fit the last layer or the loss', () => {
    throwsData(
      () => loadData(dataSpec({ loss: 'cross_entropy', outputs: 2, source: spiral })),
      /the data has 3 classes .* but the last layer has 2 units; give it 3/,
    );
    throwsData(() => loadData(dataSpec({ source: spiral })), /binary_cross_entropy needs 2 classes/);
  });
});

describe('loadData: builtin iris', () => {
  it('without target: 150 samples of 4 features, 3 classes one-hot, 50 each, first row 5.1, 3.5, 1.4, 0.2 setosa', () => {
    const { train } = loadData(
      dataSpec({ loss: 'cross_entropy', input: 4, outputs: 3, source: { kind: 'builtin', name: 'iris' } }),
    );
    assert.strictEqual(train.n, 150);
    assert.deepStrictEqual(Array.from(train.x.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2]);
    assert.deepStrictEqual(Array.from(train.targets.subarray(0, 3)), [1, 0, 0]);
    assert.deepStrictEqual(train.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.deepStrictEqual(train.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    const counts = [0, 0, 0];
    train.labels!.forEach((l) => counts[l]++);
    assert.deepStrictEqual(counts, [50, 50, 50]);
  });

  it("target: setosa with seed 000's two sepal features: label 1 for the 50 setosa rows, 0 for the 100 others", () => {
    const source = {
      kind: 'builtin' as const,
      name: 'iris' as const,
      target: 'setosa',
      features: ['sepal_length', 'sepal_width'],
    };
    const { train } = loadData(dataSpec({ source }));
    assert.strictEqual(train.inputs, 2);
    assert.strictEqual(train.targetWidth, 1);
    assert.deepStrictEqual(Array.from(train.x.subarray(0, 2)), [5.1, 3.5]);
    for (let i = 0; i < 150; i++) {
      const expected = IRIS_ROWS[i][4] === 0 ? 1 : 0;
      assert.strictEqual(train.targets[i], expected, `row ${i}`);
      assert.strictEqual(train.labels![i], expected);
    }
    assert.deepStrictEqual(train.classNames, ['not setosa', 'setosa']);
  });

  it('refuses an unknown feature or class, naming the valid ones', () => {
    throwsData(
      () =>
        loadData(
          dataSpec({
            source: { kind: 'builtin', name: 'iris', target: 'rose', features: ['sepal_length', 'sepal_width'] },
          }),
        ),
      /iris has no class 'rose'; its classes are setosa, versicolor, virginica/,
    );
    throwsData(
      () =>
        loadData(
          dataSpec({
            source: { kind: 'builtin', name: 'iris', target: 'setosa', features: ['sepal_length', 'sepal'] },
          }),
        ),
      /iris has no feature 'sepal'/,
    );
  });
});

describe('loadData: csv', () => {
  it('reads features by column name and maps class names sorted: blue = 0, red = 1', () => {
    const source = { kind: 'csv' as const, path: 'points.csv', target: 'label' };
    const { train } = loadData(dataSpec({ source }), table('points.csv', 'label'));
    assert.deepStrictEqual(rows(train.x, 2), [
      [0.5, 1],
      [2, 3.5],
      [-0.1, 4],
    ]);
    assert.deepStrictEqual(train.classNames, ['blue', 'red']);
    assert.deepStrictEqual(Array.from(train.labels!), [1, 0, 1]);
    assert.deepStrictEqual(Array.from(train.targets), [1, 0, 1]);
    assert.deepStrictEqual(train.featureNames, ['x', 'y']);
  });

  it('handles quoted cells with commas and escaped quotes, and a chosen feature subset', () => {
    const source = { kind: 'csv' as const, path: 'quoted.csv', target: 'kind', features: ['c', 'a, b'] };
    const { train } = loadData(
      dataSpec({ loss: 'cross_entropy', outputs: 2, source }),
      table('quoted.csv', 'kind', ['c', 'a, b']),
    );
    assert.deepStrictEqual(rows(train.x, 2), [
      [2, 1],
      [4, 3],
    ]);
    assert.deepStrictEqual(train.classNames, ['plain', 'say "hi"']);
    assert.deepStrictEqual(rows(train.targets, 2), [
      [0, 1],
      [1, 0],
    ]);
  });

  it('sorts numeric class labels as numbers (9 before 10), as the analyzer counts them', () => {
    const { train } = loadData(
      dataSpec({ input: 1, source: { kind: 'csv', path: 'ints.csv', target: 'cls' } }),
      table('ints.csv', 'cls'),
    );
    assert.deepStrictEqual(train.classNames, ['9', '10']);
    assert.deepStrictEqual(Array.from(train.targets), [1, 0, 1]);
  });

  it('with mse and one output, a numeric target column is a regression target', () => {
    const { train } = loadData(
      dataSpec({ loss: 'mse', input: 1, source: { kind: 'csv', path: 'regress.csv', target: 'y' } }),
      table('regress.csv', 'y'),
    );
    assert.deepStrictEqual(Array.from(train.targets), [0.5, 1.5]);
    assert.strictEqual(train.labels, undefined);
    throwsData(
      () =>
        loadData(
          dataSpec({ input: 1, source: { kind: 'csv', path: 'regress.csv', target: 'y' } }),
          table('regress.csv', 'y'),
        ),
      /regression target.*only mse fits, not binary_cross_entropy/,
    );
  });

  it('reads no files: a csv source without the table read while checking is a clear error', () => {
    // Unreadable files and bad cells are the CSV reader's (csv.test.ts) and the spec check's (openSpec.test.ts).
    throwsData(
      () => loadData(dataSpec({ source: { kind: 'csv', path: 'points.csv', target: 'label' } })),
      /cannot read 'points.csv' here: no file access/,
    );
  });
});

describe('loadData: normalization and test split', () => {
  const iris4 = { kind: 'builtin' as const, name: 'iris' as const };
  const mean = (d: Dataset, j: number) => {
    let s = 0;
    for (let i = 0; i < d.n; i++) s += d.x[i * d.inputs + j];
    return s / d.n;
  };
  const std = (d: Dataset, j: number) => {
    const m = mean(d, j);
    let s = 0;
    for (let i = 0; i < d.n; i++) s += (d.x[i * d.inputs + j] - m) ** 2;
    return Math.sqrt(s / d.n);
  };

  it("standard statistics of iris are R's means and population standard deviations", () => {
    const { train } = loadData(dataSpec({ loss: 'cross_entropy', input: 4, outputs: 3, source: iris4 }));
    const stats = normalizationStats(train, 'standard');
    const means = [5.843333, 3.057333, 3.758, 1.199333];
    const sds = [0.8280661, 0.4358663, 1.7652982, 0.7622377].map((s) => s * Math.sqrt(149 / 150));
    for (let j = 0; j < 4; j++) {
      assert.ok(Math.abs(stats.shift[j] - means[j]) < 1e-6, `mean ${j}: ${stats.shift[j]}`);
      assert.ok(Math.abs(stats.scale[j] - sds[j]) < 1e-6, `sd ${j}: ${stats.scale[j]}`);
    }
  });

  it('standard: the normalized training features have mean 0 and std 1', () => {
    const { train } = loadData(
      dataSpec({ loss: 'cross_entropy', input: 4, outputs: 3, source: iris4, normalize: 'standard' }),
    );
    for (let j = 0; j < 4; j++) {
      assert.ok(Math.abs(mean(train, j)) < 1e-12);
      assert.ok(Math.abs(std(train, j) - 1) < 1e-12);
    }
  });

  it('minmax maps iris to [0, 1] using the published ranges (sepal length 4.3..7.9)', () => {
    const { train } = loadData(
      dataSpec({ loss: 'cross_entropy', input: 4, outputs: 3, source: iris4, normalize: 'minmax' }),
    );
    assert.ok(Math.abs(train.x[0] - (5.1 - 4.3) / (7.9 - 4.3)) < 1e-12);
    assert.strictEqual(Math.min(...train.x), 0);
    assert.strictEqual(Math.max(...train.x), 1);
  });

  it('a constant feature is left centred, not divided by zero', () => {
    const samples = [
      { x: [1, 5], y: 0 },
      { x: [3, 5], y: 1 },
    ];
    const { train } = loadData(dataSpec({ source: { kind: 'samples', samples }, normalize: 'standard' }));
    assert.deepStrictEqual(Array.from(train.x), [-1, 0, 1, 0]);
  });

  it('test_split 0.2 of 150: 30 held out, disjoint, together all rows, the same for the same seed', () => {
    const spec = dataSpec({ loss: 'cross_entropy', input: 4, outputs: 3, source: iris4, testSplit: 0.2, seed: 9 });
    const { train, test } = loadData(spec);
    assert.ok(test);
    assert.strictEqual(train.n, 120);
    assert.strictEqual(test.n, 30);
    const key = (d: Dataset, i: number) => Array.from(d.x.subarray(i * 4, i * 4 + 4)).join();
    const rowsOf = (d: Dataset) => Array.from({ length: d.n }, (_, i) => key(d, i));
    // iris has one duplicated flower (rows 102 and 143), so compare multisets of rows
    const all = IRIS_ROWS.map((r) => r.slice(0, 4).join()).sort();
    assert.deepStrictEqual([...rowsOf(train), ...rowsOf(test)].sort(), all);
    assert.strictEqual(test.targets.length, 30 * 3);
    assert.deepStrictEqual(Array.from(loadData(spec).test!.x), Array.from(test.x));
    const other = loadData({ ...spec, seed: 10 }).test!;
    assert.notDeepStrictEqual(Array.from(other.x), Array.from(test.x));
  });

  it('normalizes the test split with the training statistics', () => {
    const base = dataSpec({ loss: 'cross_entropy', input: 4, outputs: 3, source: iris4, testSplit: 0.3, seed: 2 });
    const raw = loadData(base);
    const norm = loadData({ ...base, data: { ...base.data!, normalize: 'standard' } });
    const stats = normalizationStats(raw.train, 'standard');
    for (let k = 0; k < raw.test!.x.length; k++) {
      const j = k % 4;
      assert.ok(Math.abs(norm.test!.x[k] - (raw.test!.x[k] - stats.shift[j]) / stats.scale[j]) < 1e-12);
    }
    assert.ok(Math.abs(mean(norm.test!, 0)) > 1e-6, 'the test set is not normalized with its own mean');
  });

  it('a tiny fraction still holds out one sample', () => {
    const samples = [
      { x: [0, 0], y: 0 },
      { x: [1, 1], y: 1 },
      { x: [2, 2], y: 1 },
    ];
    const { train, test } = loadData(dataSpec({ source: { kind: 'samples', samples }, testSplit: 0.01 }));
    assert.strictEqual(train.n, 2);
    assert.strictEqual(test!.n, 1);
  });
});

describe('data that do not fit the network', () => {
  it('loading, the passes and the trainer refuse them with the same message', () => {
    const net = Network.fromSpec(makeSpec({ input: 3, loss: 'mse', layers: [{ units: 2 }] }));
    const twoFeatures = makeData([[1, 2]], [[0, 1]]);
    const features = /^the data has 2 features per sample but the network's input is 3$/;
    throwsData(() => forwardReport(net, twoFeatures), features);
    throwsData(() => backwardReport(net, twoFeatures), features);
    throwsData(() => new Trainer(net, { train: twoFeatures }), features);
    const oneFeature = makeData([[1]], [[0, 1]]);
    throwsData(() => forwardReport(net, oneFeature), /the data has 1 feature per sample but/);
    const wide = makeData([[1, 2, 3]], [[0, 1, 0]]);
    const width = /^the data has targets of width 3 but the network has 2 outputs$/;
    throwsData(() => forwardReport(net, wide), width);
    throwsData(() => new Trainer(net, { train: wide }), width);
  });
});
