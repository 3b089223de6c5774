/**
 * The one CSV reader: parseCsv (RFC 4180 style, with each row's file line), readCsvTable's rules and
 * its problems with the file's own line numbers, and csv data sources in specs, read through readFile,
 * whose reader problems become diagnostics at their place.
 */
import * as assert from 'assert';
import { parseCsv, readCsvTable, type CsvColumns, type CsvProblem } from '../../../../src/engine/data/csv';
import { analyze } from '../../../../src/format/analyze';
import { findDiagnostic, positionOf } from '../../fixtures/spec';

describe('spec csv: parseCsv', () => {
  it('reads a header and rows, with CRLF and a trailing newline', () => {
    assert.deepStrictEqual(parseCsv('a,b,label\r\n1,2,x\r\n3,4,y\r\n'), {
      header: ['a', 'b', 'label'],
      rows: [
        ['1', '2', 'x'],
        ['3', '4', 'y'],
      ],
      lines: [2, 3],
    });
  });
  it('handles quotes, doubled quotes, embedded commas and newlines, empty fields and blank lines', () => {
    const t = parseCsv('name,"note"\n"Smith, J","said ""hi""\nthen left"\n\n,\n');
    assert.deepStrictEqual(t.header, ['name', 'note']);
    assert.deepStrictEqual(t.rows, [
      ['Smith, J', 'said "hi"\nthen left'],
      ['', ''],
    ]);
    // The quoted line break and the blank line are lines of the file: the last row starts on line 5.
    assert.deepStrictEqual(t.lines, [2, 5]);
  });
  it('no trailing newline, a byte-order mark, and empty input', () => {
    assert.deepStrictEqual(parseCsv('\ufeffx,y\n1,2'), { header: ['x', 'y'], rows: [['1', '2']], lines: [2] });
    assert.deepStrictEqual(parseCsv(''), { header: [], rows: [], lines: [] });
  });
  it('counts CRLF once and blank lines before the header', () => {
    assert.deepStrictEqual(parseCsv('\r\n\r\nx,y\r\n\r\n1,"2\r\n"\r\n3,4').lines, [5, 7]);
  });
});

describe('spec csv: readCsvTable', () => {
  const columns: CsvColumns = { path: 'f.csv', target: 'label' };
  const problems = (text: string, cols: CsvColumns = columns): CsvProblem[] => {
    const r = readCsvTable(text, cols);
    assert.ok('problems' in r, `expected problems, got a table of ${'table' in r ? r.table.n : 0} rows`);
    return r.problems;
  };
  const one = (text: string, cols: CsvColumns = columns): CsvProblem => {
    const p = problems(text, cols);
    assert.strictEqual(p.length, 1, JSON.stringify(p));
    return p[0];
  };

  it('features are every column but the target, in file order, or the named ones in their order', () => {
    const text = 'a,label,b\n1,x,2\n3,y,4\n';
    const all = readCsvTable(text, columns);
    assert.ok('table' in all);
    assert.deepStrictEqual(all.table.featureNames, ['a', 'b']);
    assert.deepStrictEqual(Array.from(all.table.x), [1, 2, 3, 4]);
    const chosen = readCsvTable(text, { ...columns, features: ['b', 'a'] });
    assert.ok('table' in chosen);
    assert.deepStrictEqual(Array.from(chosen.table.x), [2, 1, 4, 3]);
    assert.deepStrictEqual(chosen.table.target, {
      kind: 'classes',
      labels: Int32Array.from([0, 1]),
      names: ['x', 'y'],
    });
  });

  it('a target of whole numbers holds classes; one that is not all whole is a regression target', () => {
    const classes = readCsvTable('f,label\n1,10\n2,9\n3,10\n', columns);
    assert.ok('table' in classes && classes.table.target.kind === 'classes');
    assert.deepStrictEqual(classes.table.target.names, ['9', '10']);
    const values = readCsvTable('f,label\n1,0.5\n2,2\n', columns);
    assert.ok('table' in values && values.table.target.kind === 'values');
    assert.deepStrictEqual(Array.from(values.table.target.values), [0.5, 2]);
  });

  it('refuses a ragged row (short or long) at its line, instead of filling it', () => {
    assert.deepStrictEqual(one('x,y,label\n1,2,a\n3,4\n', columns), {
      code: 'csv-row',
      message: "'f.csv' line 3 has 2 fields but the header has 3",
      line: 3,
    });
    assert.strictEqual(
      one('x,y,label\n1,2,a,9\n', columns).message,
      "'f.csv' line 2 has 4 fields but the header has 3",
    );
  });

  it("names the file's own line: blank lines and quoted line breaks count", () => {
    const p = one('x,y,label\n\n1,2,"two\nlines"\n\n3,oops,b\n', columns);
    assert.deepStrictEqual(p, {
      code: 'csv-cell',
      message: "'f.csv' line 6: 'oops' in column 'y' is not a number",
      line: 6,
    });
  });

  it('cells that are not numbers, empty or too large; an empty target cell', () => {
    assert.strictEqual(
      one('x,y,label\n1,2,a\n3,oops,b\n').message,
      "'f.csv' line 3: 'oops' in column 'y' is not a number",
    );
    assert.strictEqual(one('x,y,label\n1,,a\n').message, "'f.csv' line 2: the cell in column 'y' is empty");
    assert.strictEqual(one('x,y,label\n1,1e400,a\n').message, "'f.csv' line 2: '1e400' in column 'y' is too large");
    assert.strictEqual(one('x,y,label\n1,2, \n').message, "'f.csv' line 2: the cell in column 'label' is empty");
    assert.strictEqual(
      one('x,label\n1,2\n2,1e999\n').message,
      "'f.csv' line 3: '1e999' in column 'label' is too large",
    );
  });

  it('an empty file, a header without rows, no feature columns', () => {
    assert.deepStrictEqual(one(''), {
      code: 'csv-empty',
      message: "'f.csv' is empty; it needs a header line with column names",
    });
    assert.deepStrictEqual(one('x,y,label\n'), {
      code: 'csv-empty',
      message: "'f.csv' has a header but no rows of data",
    });
    assert.strictEqual(one('label\na\n').code, 'no-features');
  });

  it('every missing column at once, with the columns the file has', () => {
    assert.deepStrictEqual(problems('x,y,label\n1,2,a\n', { path: 'f.csv', target: 'colour', features: ['x', 'z'] }), [
      {
        code: 'csv-column',
        message: "'f.csv' has no column 'colour'",
        column: 'colour',
        role: 'target',
        header: ['x', 'y', 'label'],
      },
      {
        code: 'csv-column',
        message: "'f.csv' has no column 'z'",
        column: 'z',
        role: 'features',
        header: ['x', 'y', 'label'],
      },
    ]);
  });
});

describe('spec csv: data from a csv file', () => {
  const files: Record<string, string> = {
    'points.csv': 'x1,x2,label\n0.1,0.2,red\n0.3,0.1,blue\n0.5,0.9,green\n',
    'bad.csv': 'x1,x2,label\n0.1,abc,red\n',
    'ragged.csv': 'x1,x2,label\n0.1,0.2,red\n0.3,blue\n',
  };
  const readFile = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
    return files[p];
  };
  const spec = (data: string, layers = '  - dense: 3\n    activation: softmax\n') =>
    `layers:\n${layers}loss: cross_entropy\ndata:\n${data}`;

  it('infers input from the feature columns and classes from the target', () => {
    const r = analyze(spec('  csv: points.csv\n  target: label\n'), { readFile });
    assert.deepStrictEqual(r.diagnostics, []);
    assert.strictEqual(r.spec!.input, 2);
    assert.deepStrictEqual(r.spec!.data!.source, { kind: 'csv', path: 'points.csv', target: 'label' });
  });
  it('output width must match the classes', () => {
    const text = spec('  csv: points.csv\n  target: label\n', '  - dense: 2\n    activation: softmax\n');
    const d = findDiagnostic(analyze(text, { readFile }), 'classes');
    assert.strictEqual(
      d.message,
      'layer 1 has 2 units but the data has 3 classes, so cross_entropy needs 3 output units',
    );
  });
  it('a missing file at the path, a missing column at the column value', () => {
    const text = spec('  csv: nothere.csv\n  target: lable\n');
    const r = analyze(text, { readFile });
    const d = findDiagnostic(r, "cannot read 'nothere.csv'");
    assert.deepStrictEqual(d.range.start, positionOf(text, 'nothere.csv'));
    const text2 = spec('  csv: points.csv\n  target: lable\n  features: [x1, x3]\n');
    const r2 = analyze(text2, { readFile });
    const t = findDiagnostic(r2, "no column 'lable'");
    assert.strictEqual(t.fix?.newText, 'label');
    assert.deepStrictEqual(t.range.start, positionOf(text2, 'lable'));
    assert.deepStrictEqual(findDiagnostic(r2, "no column 'x3'").range.start, positionOf(text2, 'x3'));
  });
  it('a column with no close name lists the columns the file has', () => {
    const text = spec('  csv: points.csv\n  target: species\n');
    const d = findDiagnostic(analyze(text, { readFile }), "no column 'species'");
    assert.strictEqual(d.message, "data: target: 'points.csv' has no column 'species' (its columns are x1, x2, label)");
    assert.strictEqual(d.fix, undefined);
  });
  it('non-numeric feature cells are reported with the line', () => {
    const d = findDiagnostic(analyze(spec('  csv: bad.csv\n  target: label\n'), { readFile }), 'is not a number');
    assert.strictEqual(d.message, "'bad.csv' line 2: 'abc' in column 'x2' is not a number");
  });
  it('a ragged row is one error at the csv value, and the input is still known from the columns', () => {
    const text = spec('  csv: ragged.csv\n  target: label\n');
    const r = analyze(text, { readFile });
    assert.deepStrictEqual(
      r.diagnostics.map((d) => d.message),
      ["'ragged.csv' line 3 has 2 fields but the header has 3"],
    );
    assert.deepStrictEqual(r.diagnostics[0].range.start, positionOf(text, 'ragged.csv'));
    assert.strictEqual(r.summary?.input, 2);
  });
  it('without readFile, input must be given', () => {
    const r = analyze(spec('  csv: points.csv\n  target: label\n'));
    assert.match(findDiagnostic(r, 'needs input').message, /cannot be read here/);
    const ok = analyze(`input: 2\n${spec('  csv: points.csv\n  target: label\n')}`);
    assert.deepStrictEqual(ok.diagnostics, []);
  });
});
