/** Every example in examples/ passes analyze() without errors (csv paths read relative to the example). */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { analyze } from '../../../src/format/analyze';

const DIR = join(__dirname, '..', '..', '..', '..', 'examples');

describe('spec: the examples are valid', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.nnspec'));
  it('there are examples', () => assert.ok(files.length >= 6, files.join(', ')));
  for (const file of files) {
    it(file, () => {
      const r = analyze(readFileSync(join(DIR, file), 'utf8'), { readFile: (p) => readFileSync(join(DIR, p), 'utf8') });
      assert.deepStrictEqual(
        r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
      );
      assert.ok(r.spec && r.summary && r.summary.totalParams > 0);
    });
  }
});
