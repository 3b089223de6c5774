/**
 * The embedded iris table: 150 rows, 50 per class, the known first row and scikit-learn's corrected rows,
 * the published column means, and agreement with the shipped copy data/iris.csv.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { IRIS_CLASSES, IRIS_FEATURES, IRIS_ROWS } from '../../../../src/engine/data/iris';

describe('builtin iris table', () => {
  it('has 150 rows of 4 features and a class, 50 per class', () => {
    assert.strictEqual(IRIS_ROWS.length, 150);
    const counts = [0, 0, 0];
    for (const row of IRIS_ROWS) {
      assert.strictEqual(row.length, 5);
      counts[row[4]]++;
    }
    assert.deepStrictEqual(counts, [50, 50, 50]);
    assert.deepStrictEqual(IRIS_FEATURES, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    assert.deepStrictEqual(IRIS_CLASSES, ['setosa', 'versicolor', 'virginica']);
  });

  it("starts with Fisher's first flower (5.1, 3.5, 1.4, 0.2, setosa) and ends with (5.9, 3.0, 5.1, 1.8, virginica)", () => {
    assert.deepStrictEqual(IRIS_ROWS[0], [5.1, 3.5, 1.4, 0.2, 0]);
    assert.deepStrictEqual(IRIS_ROWS[149], [5.9, 3.0, 5.1, 1.8, 2]);
  });

  it("is the version from Fisher's paper (rows 35 and 38 as in R and scikit-learn, not UCI's)", () => {
    assert.deepStrictEqual(IRIS_ROWS[34], [4.9, 3.1, 1.5, 0.2, 0]);
    assert.deepStrictEqual(IRIS_ROWS[37], [4.9, 3.6, 1.4, 0.1, 0]);
  });

  it("has R's colMeans(iris): 5.843333, 3.057333, 3.758, 1.199333", () => {
    const expected = [5.843333, 3.057333, 3.758, 1.199333];
    for (let j = 0; j < 4; j++) {
      const mean = IRIS_ROWS.reduce((s, r) => s + r[j], 0) / 150;
      assert.ok(Math.abs(mean - expected[j]) < 1e-6, `${IRIS_FEATURES[j]} mean ${mean}`);
    }
  });

  it('agrees number for number with data/iris.csv', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../../../data/iris.csv'), 'utf8');
    const lines = text.trim().split('\n');
    assert.strictEqual(lines[0], '150,4,setosa,versicolor,virginica');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    assert.deepStrictEqual(
      rows,
      IRIS_ROWS.map((r) => Array.from(r)),
    );
  });
});
