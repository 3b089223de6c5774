/** The CSV reader (RFC 4180 style) and csv data sources in specs, read through readFile. */
import * as assert from 'assert';
import { parseCsv } from '../../../../src/engine/data/csv';
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
    });
  });
  it('handles quotes, doubled quotes, embedded commas and newlines, empty fields and blank lines', () => {
    const t = parseCsv('name,"note"\n"Smith, J","said ""hi""\nthen left"\n\n,\n');
    assert.deepStrictEqual(t.header, ['name', 'note']);
    assert.deepStrictEqual(t.rows, [
      ['Smith, J', 'said "hi"\nthen left'],
      ['', ''],
    ]);
  });
  it('no trailing newline, a byte-order mark, and empty input', () => {
    assert.deepStrictEqual(parseCsv('\ufeffx,y\n1,2'), { header: ['x', 'y'], rows: [['1', '2']] });
    assert.deepStrictEqual(parseCsv(''), { header: [], rows: [] });
  });
});

describe('spec csv: data from a csv file', () => {
  const files: Record<string, string> = {
    'points.csv': 'x1,x2,label\n0.1,0.2,red\n0.3,0.1,blue\n0.5,0.9,green\n',
    'bad.csv': 'x1,x2,label\n0.1,abc,red\n',
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
  it('non-numeric feature cells are reported with the line', () => {
    const d = findDiagnostic(analyze(spec('  csv: bad.csv\n  target: label\n'), { readFile }), 'is not a number');
    assert.strictEqual(d.message, "'bad.csv' line 2: 'abc' in column 'x2' is not a number");
  });
  it('without readFile, input must be given', () => {
    const r = analyze(spec('  csv: points.csv\n  target: label\n'));
    assert.match(findDiagnostic(r, 'needs input').message, /cannot be read here/);
    const ok = analyze(`input: 2\n${spec('  csv: points.csv\n  target: label\n')}`);
    assert.deepStrictEqual(ok.diagnostics, []);
  });
});
