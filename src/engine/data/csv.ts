/**
 * The one CSV reader: `parseCsv` splits RFC 4180-style text into records (comma-separated fields,
 * double-quoted fields with "" escapes and embedded commas/newlines, CRLF or LF line ends, an optional
 * trailing newline, blank lines skipped; the first record is the header) with the file line each record
 * starts on; `readCsvTable` turns them into a checked numeric table under one set of rules. The format
 * layer runs it once while checking a spec (its problems become diagnostics) and `loadData` uses its table.
 *
 * Rules: every row has as many fields as the header; the feature columns (the named ones, or all but the
 * target) hold finite numbers; no used cell is empty. The target column holds a regression target when
 * its cells are all numbers and not all whole; otherwise classes: the distinct values, sorted
 * (numerically when they are all numbers, else by character code), are the indices 0, 1, 2, …, as
 * scikit-learn's LabelEncoder does; so a 0/1 column stays 0/1, and red/green/blue become blue = 0,
 * green = 1, red = 2.
 */

export interface CsvRecords {
  header: string[];
  rows: string[][];
  /** The 1-based file line each row starts on (blank lines and quoted line breaks counted). */
  lines: number[];
}

/** Parses CSV text; never throws (an unterminated quote runs to the end of the text). */
export function parseCsv(text: string): CsvRecords {
  const records: string[][] = [];
  const starts: number[] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0].trim() === '' && !fieldStarted)) {
      records.push(record);
      starts.push(recordLine);
    }
    record = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i];
    const newline = ch === '\r' || ch === '\n';
    const width = ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += newline ? text.slice(i, i + width) : ch;
      if (newline) line++;
      i += newline ? width : 1;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      inQuotes = true;
      fieldStarted = true;
      field = '';
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
      i++;
    } else if (newline) {
      endRecord();
      line++;
      recordLine = line;
      i += width;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fieldStarted || record.length > 0) endRecord();
  const header = (records.shift() ?? []).map((h) => h.trim());
  starts.shift();
  return { header, rows: records, lines: starts };
}

/** Which columns of a CSV file a spec reads. */
export interface CsvColumns {
  /** The file's name as the spec writes it, for messages. */
  path: string;
  target: string;
  /** Feature columns in this order; absent or empty: every column but the target. */
  features?: string[];
}

/** A checked CSV file: numeric features and a class or regression target. */
export interface CsvTable {
  /** Samples (data rows). */
  n: number;
  featureNames: string[];
  /** n × featureNames.length features, row-major. */
  x: Float64Array;
  target:
    | { kind: 'classes'; /** class index per sample */ labels: Int32Array; /** class names by index */ names: string[] }
    | { kind: 'values'; /** one regression value per sample */ values: Float64Array };
}

/** What is wrong with a CSV file, in words, with the file's own line number where there is one. */
export type CsvProblem =
  | { code: 'csv-empty' | 'no-features'; message: string }
  | { code: 'csv-column'; message: string; column: string; role: 'target' | 'features'; header: string[] }
  | { code: 'csv-row' | 'csv-cell'; message: string; line: number };

/** The table, or what is wrong (with the feature columns when they were found, so a checker can go on). */
export type CsvResult = { table: CsvTable } | { problems: CsvProblem[]; featureNames?: string[] };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads and checks the columns `columns` of CSV `text`: the table, or every column problem / the first row problem. */
export function readCsvTable(text: string, columns: CsvColumns): CsvResult {
  const { path, target } = columns;
  const { header, rows, lines } = parseCsv(text);
  const fail = (problem: CsvProblem): CsvResult => ({ problems: [problem] });
  if (header.length === 0 || (header.length === 1 && header[0] === ''))
    return fail({ code: 'csv-empty', message: `'${path}' is empty; it needs a header line with column names` });
  const missing: CsvProblem[] = [];
  const column = (name: string, role: 'target' | 'features'): number => {
    const k = header.indexOf(name);
    if (k < 0)
      missing.push({ code: 'csv-column', message: `'${path}' has no column '${name}'`, column: name, role, header });
    return k;
  };
  const targetColumn = column(target, 'target');
  const featureNames =
    columns.features && columns.features.length > 0 ? columns.features : header.filter((h) => h !== target);
  const featureColumns = featureNames.map((name) => column(name, 'features'));
  if (missing.length > 0) return { problems: missing };
  if (featureColumns.length === 0)
    return fail({ code: 'no-features', message: `'${path}' has no feature columns besides the target '${target}'` });
  if (rows.length === 0) return fail({ code: 'csv-empty', message: `'${path}' has a header but no rows of data` });

  const n = rows.length;
  const d = featureColumns.length;
  const x = new Float64Array(n * d);
  const targetCells: string[] = new Array(n);
  const width = header.length;
  const rowProblem = (i: number, code: 'csv-row' | 'csv-cell', message: string): CsvResult => ({
    problems: [{ code, message: `'${path}' line ${lines[i]}${message}`, line: lines[i] }],
    featureNames,
  });
  const cellProblem = (i: number, message: string): CsvResult => rowProblem(i, 'csv-cell', `: ${message}`);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== width)
      return rowProblem(
        i,
        'csv-row',
        ` has ${row.length} field${row.length === 1 ? '' : 's'} but the header has ${width}`,
      );
    for (let j = 0; j < d; j++) {
      const cell = row[featureColumns[j]].trim();
      if (cell === '') return cellProblem(i, `the cell in column '${featureNames[j]}' is empty`);
      if (!NUMBER.test(cell)) return cellProblem(i, `'${cell}' in column '${featureNames[j]}' is not a number`);
      const v = Number(cell);
      if (!Number.isFinite(v)) return cellProblem(i, `'${cell}' in column '${featureNames[j]}' is too large`);
      x[i * d + j] = v;
    }
    const label = row[targetColumn].trim();
    if (label === '') return cellProblem(i, `the cell in column '${target}' is empty`);
    if (NUMBER.test(label) && !Number.isFinite(Number(label)))
      return cellProblem(i, `'${label}' in column '${target}' is too large`);
    targetCells[i] = label;
  }
  return { table: { n, featureNames, x, target: targetOf(targetCells) } };
}

/** The target column's cells as regression values or class indices (see the module comment). */
function targetOf(cells: string[]): CsvTable['target'] {
  const numeric = cells.every((c) => NUMBER.test(c));
  if (numeric) {
    const values = Float64Array.from(cells, Number);
    if (values.some((v) => !Number.isInteger(v))) return { kind: 'values', values };
  }
  const names = Array.from(new Set(cells));
  names.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((name, k) => [name, k] as const));
  return { kind: 'classes', labels: Int32Array.from(cells, (c) => index.get(c) as number), names };
}
