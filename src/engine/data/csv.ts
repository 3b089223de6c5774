/**
 * The one CSV reader: `scanCsv` splits RFC 4180-style text into records, one at a time (comma-separated
 * fields, double-quoted fields with "" escapes and embedded commas/newlines, CRLF or LF line ends, an
 * optional trailing newline, blank lines skipped) with the file line each record starts on, within
 * bounds: a record of at most MAX_CSV_LINE_CHARS characters, a field of at most MAX_CSV_FIELD_CHARS, and
 * every quote closed. `readCsvTable` turns the records into a checked numeric table under one set of
 * rules, without keeping them (memory: the table's numbers, one record and the distinct target values);
 * `parseCsv` collects them for tests. The format layer runs it once while checking a spec (its problems
 * become diagnostics) and `loadData` uses its table.
 *
 * Rules: the header's column names are distinct; every row has as many fields as the header; the feature
 * columns (the named ones, or all but the target) hold finite numbers; no used cell is empty; the table
 * holds at most `maxNumbers` feature values. The target column holds a regression target when its cells
 * are all numbers and not all whole; otherwise classes: the distinct values, sorted (numerically when
 * they are all numbers, else by character code), are the indices 0, 1, 2, …, as scikit-learn's
 * LabelEncoder does; so a 0/1 column stays 0/1, and red/green/blue become blue = 0, green = 1, red = 2.
 */

/** Most characters of one record (a line, or several when a quoted field holds line breaks). */
export const MAX_CSV_LINE_CHARS = 1 << 20;
/** Most characters of one field (a number, a class name or a column name). */
export const MAX_CSV_FIELD_CHARS = 4096;

export interface CsvRecords {
  header: string[];
  rows: string[][];
  /** The 1-based file line each row starts on (blank lines and quoted line breaks counted). */
  lines: number[];
}

/** Why the text cannot be read as CSV records, and the file line where. */
export interface CsvScanProblem {
  code: 'csv-line' | 'csv-quote';
  message: string;
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Calls `visit` with each record's fields and the line it starts on, in order; returns the first
 * problem (and stops there), or undefined when the whole text was read.
 */
export function scanCsv(text: string, visit: (fields: string[], line: number) => void): CsvScanProblem | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const limit = Math.min(n, i + MAX_CSV_LINE_CHARS + 1);
    const fields: string[] = [];
    let started = false;
    for (;;) {
      let field = '';
      let j = i;
      while (j < limit && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      if (j < limit && text.charCodeAt(j) === QUOTE) {
        // A quoted field: up to the closing quote, "" standing for one quote; line breaks inside count as lines.
        started = true;
        const opened = line;
        let k = j + 1;
        let from = k;
        for (;;) {
          if (k >= limit)
            return k >= n
              ? { code: 'csv-quote', message: `a quoted field opened on line ${opened} is never closed`, line: opened }
              : tooLong(recordLine);
          const c = text.charCodeAt(k);
          if (c === QUOTE) {
            field += text.slice(from, k);
            if (text.charCodeAt(k + 1) === QUOTE) {
              field += '"';
              k += 2;
              from = k;
              continue;
            }
            k++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) line++;
          k++;
        }
        j = k;
      } else j = i;
      // The rest of the field (all of an unquoted one): up to a comma or a line end.
      let e = j;
      while (e < limit) {
        const c = text.charCodeAt(e);
        if (c === COMMA || c === LF || c === CR) break;
        e++;
      }
      if (e >= limit && limit < n) return tooLong(recordLine);
      field += text.slice(j, e);
      if (field.length > MAX_CSV_FIELD_CHARS)
        return {
          code: 'csv-line',
          message: `a field has more than ${MAX_CSV_FIELD_CHARS} characters`,
          line: recordLine,
        };
      fields.push(field);
      i = e;
      if (i < n && text.charCodeAt(i) === COMMA) {
        started = true;
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
    if (!(fields.length === 1 && fields[0].trim() === '' && !started)) visit(fields, recordLine);
  }
  return undefined;
}

function tooLong(line: number): CsvScanProblem {
  return { code: 'csv-line', message: `the line has more than ${MAX_CSV_LINE_CHARS} characters`, line };
}

/** All records of CSV text (the first is the header); stops at the first problem, like scanCsv. */
export function parseCsv(text: string): CsvRecords & { problem?: CsvScanProblem } {
  const records: string[][] = [];
  const starts: number[] = [];
  const problem = scanCsv(text, (fields, line) => {
    records.push(fields);
    starts.push(line);
  });
  const header = (records.shift() ?? []).map((h) => h.trim());
  starts.shift();
  return { header, rows: records, lines: starts, ...(problem ? { problem } : {}) };
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
  | { code: 'csv-too-big'; message: string; rows: number; features: number }
  | { code: 'csv-column'; message: string; column: string; role: 'target' | 'features'; header: string[] }
  | { code: 'csv-duplicate-column'; message: string; column: string }
  | { code: 'csv-row' | 'csv-cell' | 'csv-line' | 'csv-quote'; message: string; line: number };

/** The table, or what is wrong (with the feature columns when they were found, so a checker can go on). */
export type CsvResult = { table: CsvTable } | { problems: CsvProblem[]; featureNames?: string[] };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads and checks the columns `columns` of CSV `text`: the table, or every column problem / the first
 * row problem. A table of more than `maxNumbers` feature values is refused before it is allocated.
 */
export function readCsvTable(text: string, columns: CsvColumns, maxNumbers = Infinity): CsvResult {
  const { path, target } = columns;
  const fail = (problem: CsvProblem): CsvResult => ({ problems: [problem] });
  const atLine = (p: CsvScanProblem): CsvResult =>
    fail({ code: p.code, message: `'${path}' line ${p.line}: ${p.message}`, line: p.line });
  // First pass: the header and how many rows there are (nothing kept but the header).
  let header: string[] | undefined;
  let n = 0;
  const scanned = scanCsv(text, (fields) => {
    if (header) n++;
    else header = fields.map((h) => h.trim());
  });
  if (scanned) return atLine(scanned);
  if (!header || (header.length === 1 && header[0] === ''))
    return fail({ code: 'csv-empty', message: `'${path}' is empty; it needs a header line with column names` });
  const index = new Map<string, number>();
  for (let k = 0; k < header.length; k++) {
    const first = index.get(header[k]);
    if (first !== undefined)
      return fail({
        code: 'csv-duplicate-column',
        column: header[k],
        message: `'${path}' has two columns named '${header[k]}' (columns ${first + 1} and ${k + 1}); give each column its own name`,
      });
    index.set(header[k], k);
  }
  const missing: CsvProblem[] = [];
  const fileHeader = header;
  const column = (name: string, role: 'target' | 'features'): number => {
    const k = index.get(name);
    if (k === undefined)
      missing.push({
        code: 'csv-column',
        message: `'${path}' has no column '${name}'`,
        column: name,
        role,
        header: fileHeader,
      });
    return k ?? -1;
  };
  const targetColumn = column(target, 'target');
  const featureNames =
    columns.features && columns.features.length > 0 ? columns.features : header.filter((h) => h !== target);
  const featureColumns = featureNames.map((name) => column(name, 'features'));
  if (missing.length > 0) return { problems: missing };
  if (featureColumns.length === 0)
    return fail({ code: 'no-features', message: `'${path}' has no feature columns besides the target '${target}'` });
  if (n === 0) return fail({ code: 'csv-empty', message: `'${path}' has a header but no rows of data` });
  const d = featureColumns.length;
  if (n * d > maxNumbers)
    return fail({
      code: 'csv-too-big',
      rows: n,
      features: d,
      message: `'${path}' has ${n.toLocaleString('en-US')} rows of ${d} feature${d === 1 ? '' : 's'}: ${(n * d).toLocaleString('en-US')} numbers, more than the ${maxNumbers.toLocaleString('en-US')} allowed`,
    });

  // Second pass: the numbers, and the target cells as ids of their distinct values.
  const x = new Float64Array(n * d);
  const ids = new Int32Array(n);
  const values = new Map<string, number>();
  const width = header.length;
  let row = -1;
  let problem: CsvResult | undefined;
  const rowProblem = (line: number, code: 'csv-row' | 'csv-cell', message: string): CsvResult => ({
    problems: [{ code, message: `'${path}' line ${line}${message}`, line }],
    featureNames,
  });
  /** Reads data row `row` (its fields, on `line`) into x and ids, or says what is wrong with it. */
  const readRow = (fields: string[], line: number): CsvResult | undefined => {
    if (fields.length !== width)
      return rowProblem(
        line,
        'csv-row',
        ` has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${width}`,
      );
    for (let j = 0; j < d; j++) {
      const cell = fields[featureColumns[j]].trim();
      const where = `in column '${featureNames[j]}'`;
      if (cell === '') return rowProblem(line, 'csv-cell', `: the cell ${where} is empty`);
      if (!NUMBER.test(cell)) return rowProblem(line, 'csv-cell', `: '${cell}' ${where} is not a number`);
      const v = Number(cell);
      if (!Number.isFinite(v)) return rowProblem(line, 'csv-cell', `: '${cell}' ${where} is too large`);
      x[row * d + j] = v;
    }
    const label = fields[targetColumn].trim();
    if (label === '') return rowProblem(line, 'csv-cell', `: the cell in column '${target}' is empty`);
    if (NUMBER.test(label) && !Number.isFinite(Number(label)))
      return rowProblem(line, 'csv-cell', `: '${label}' in column '${target}' is too large`);
    let id = values.get(label);
    if (id === undefined) values.set(label, (id = values.size));
    ids[row] = id;
    return undefined;
  };
  scanCsv(text, (fields, line) => {
    if (problem) return;
    if (row >= 0) problem = readRow(fields, line);
    row++; // the header is row -1
  });
  if (problem) return problem;
  return { table: { n, featureNames, x, target: targetOf([...values.keys()], ids) } };
}

/** The target column — its distinct cells `names` (by id) and each row's id — as regression values or class indices (see the module comment). */
function targetOf(names: string[], ids: Int32Array): CsvTable['target'] {
  const numeric = names.every((c) => NUMBER.test(c));
  if (numeric && names.some((c) => !Number.isInteger(Number(c))))
    return { kind: 'values', values: Float64Array.from(ids, (id) => Number(names[id])) };
  const sorted = names.slice().sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(sorted.map((name, k) => [name, k] as const));
  const classOf = Int32Array.from(names, (name) => rank.get(name) as number);
  return { kind: 'classes', labels: Int32Array.from(ids, (id) => classOf[id]), names: sorted };
}
