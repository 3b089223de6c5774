/**
 * A small RFC 4180-style CSV reader: comma-separated fields, double-quoted fields with "" escapes
 * and embedded commas/newlines, CRLF or LF line ends, an optional trailing newline, blank lines skipped.
 * The first record is the header. Used by the spec analyzer and the data loader.
 */

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses CSV text; never throws (an unterminated quote runs to the end of the text). */
export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0].trim() === '' && !fieldStarted)) records.push(record);
    record = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i];
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
      field += ch;
      i++;
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
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fieldStarted || record.length > 0) endRecord();
  const header = (records.shift() ?? []).map((h) => h.trim());
  return { header, rows: records };
}
