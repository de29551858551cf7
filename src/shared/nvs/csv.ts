import { NvsInputError, type SourceLocation } from './errors.js';

/** One data row of an nvs_partition_gen CSV, with where each part came from. */
export interface CsvRow {
  key: string;
  type: string;
  encoding: string;
  /** undefined when the row has no value field at all. */
  value: string | undefined;
  at: SourceLocation;
  valueAt: SourceLocation;
  encodingAt: SourceLocation;
}

interface Field {
  text: string;
  line: number;
  column: number;
}

/**
 * Splits CSV text into records the way Python's csv module (excel dialect, not
 * strict) does, which is what the reference tools read with: quotes are special
 * only at the start of a field, "" inside quotes is one quote, characters after
 * a closing quote are kept, quoted fields may span lines. Lines that start with
 * '#' are dropped before parsing, as the reference does. Newlines are universal.
 * Field positions are kept for error messages. A CSV library cannot be used
 * here: none reproduces that dialect together with per-field columns.
 */
export function splitCsvRecords(text: string, file: string): Field[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = source.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const records: Field[][] = [];
  let record: Field[] = [];
  let field: Field | undefined;
  let inQuotes = false;
  let quotedAt: SourceLocation | undefined;

  const endField = (): void => {
    record.push(field!);
    field = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    if (line.startsWith('#')) continue;
    if (!inQuotes && line.length === 0) continue;
    let afterQuote = false;
    for (let col = 0; col < line.length; col++) {
      const ch = line[col]!;
      if (inQuotes) {
        if (ch === '"') {
          if (line[col + 1] === '"') {
            field!.text += '"';
            col++;
          } else {
            inQuotes = false;
            afterQuote = true;
          }
        } else field!.text += ch;
        continue;
      }
      if (field === undefined) field = { text: '', line: lineNumber, column: col + 1 };
      if (ch === ',') {
        endField();
        field = { text: '', line: lineNumber, column: col + 2 };
        afterQuote = false;
      } else if (ch === '"' && field.text === '' && !afterQuote && field.column === col + 1) {
        inQuotes = true;
        quotedAt = { file, line: lineNumber, column: col + 1 };
      } else field.text += ch;
    }
    if (inQuotes) {
      field!.text += '\n';
      continue;
    }
    if (field === undefined) field = { text: '', line: lineNumber, column: line.length + 1 };
    endField();
    records.push(record);
    record = [];
  }
  if (inQuotes) {
    throw new NvsInputError('a quoted field is never closed', quotedAt, 'add the closing double quote (") at the end of the value');
  }
  return records;
}

const COLUMNS = ['key', 'type', 'encoding', 'value'] as const;

/**
 * Reads an nvs_partition_gen CSV: a header row naming the columns key, type,
 * encoding and value (in any order; other columns are ignored), then one row per
 * entry. Rows with missing trailing fields are allowed where the field is not needed.
 */
export function parseNvsCsv(text: string, file: string): CsvRow[] {
  const records = splitCsvRecords(text, file);
  const header = records[0];
  if (!header) {
    throw new NvsInputError('the CSV file is empty', { file, line: 1, column: 1 }, 'the first line must be the header: key,type,encoding,value');
  }
  const position: Record<(typeof COLUMNS)[number], number> = { key: -1, type: -1, encoding: -1, value: -1 };
  header.forEach((f, i) => {
    // As with Python's DictReader, the last of two equally named columns wins.
    if ((COLUMNS as readonly string[]).includes(f.text)) position[f.text as (typeof COLUMNS)[number]] = i;
  });
  const missing = COLUMNS.filter((c) => position[c] === -1);
  if (missing.length > 0) {
    const at = { file, line: header[0]!.line, column: 1 };
    throw new NvsInputError(
      `the header row has no column named ${missing.map((m) => `'${m}'`).join(', ')} (it has: ${header.map((f) => `'${f.text}'`).join(', ')})`,
      at,
      'the first line must be the header: key,type,encoding,value',
    );
  }
  return records.slice(1).map((fields) => {
    const first = fields[0]!;
    const at: SourceLocation = { file, line: first.line, column: 1 };
    const get = (name: (typeof COLUMNS)[number]): Field | undefined => fields[position[name]];
    const locate = (name: (typeof COLUMNS)[number]): SourceLocation => {
      const f = get(name);
      if (f) return { file, line: f.line, column: f.column };
      const last = fields[fields.length - 1]!;
      return { file, line: last.line, column: last.column + last.text.length };
    };
    return {
      key: get('key')?.text ?? '',
      type: get('type')?.text ?? '',
      encoding: get('encoding')?.text ?? '',
      value: get('value')?.text,
      at,
      valueAt: locate('value'),
      encodingAt: locate('encoding'),
    };
  });
}
