import { parse } from 'csv-parse/sync';

/** One field of a row and where its value starts in the file (1-based). */
export interface Field {
  value: string;
  line: number;
  column: number;
  /** Quoted in CSV: the value starts one column later and its quotes are doubled. */
  quoted: boolean;
}

export interface Row {
  line: number;
  fields: Field[];
}

/** A CSV syntax error: the rows before it were read, the rest of the file was not. */
export interface RowsError {
  line: number;
  message: string;
  hint: string;
}

/** Plain text: every line is one field. `text` has '\n' line breaks only. */
export function textRows(text: string): Row[] {
  return text.split('\n').map((value, i) => ({ line: i + 1, fields: [{ value, line: i + 1, column: 1, quoted: false }] }));
}

/** CSV rows with the line and column of every field. `text` has '\n' line breaks only. */
export function csvRows(text: string): { rows: Row[]; error?: RowsError } {
  const rows: Row[] = [];
  let nextLine = 1;
  try {
    parse(text, {
      info: true,
      raw: true,
      relax_column_count: true,
      // With `info` and `raw`, csv-parse hands each record over as { record, raw, info }.
      on_record: (entry: unknown) => {
        const { record, raw, info } = entry as { record: string[]; raw: string; info: { lines: number } };
        const body = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
        const line = info.lines - countOf(body, '\n');
        const fields = fieldStarts(body, line).map((at, i) => ({ ...at, value: record[i] ?? '' }));
        rows.push({ line, fields });
        nextLine = info.lines + 1;
        return null;
      },
    });
  } catch (error) {
    return { rows, error: asRowsError(error, nextLine) };
  }
  return { rows };
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/** Where each field of a record's raw text starts, in characters (not UTF-16 units). */
function fieldStarts(body: string, startLine: number): Omit<Field, 'value'>[] {
  const starts: Omit<Field, 'value'>[] = [];
  let line = startLine;
  let column = 1;
  let inQuotes = false;
  let fieldStart = true;
  for (const char of body) {
    if (fieldStart) {
      starts.push({ line, column, quoted: char === '"' });
      fieldStart = false;
      if (char === '"') {
        inQuotes = true;
        column++;
        continue;
      }
    }
    if (char === '"' && inQuotes) inQuotes = false; // a doubled quote reopens at the next '"'
    else if (char === '"' && !inQuotes && starts.at(-1)!.quoted) inQuotes = true;
    else if (char === ',' && !inQuotes) fieldStart = true;
    if (char === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  if (fieldStart) starts.push({ line, column, quoted: false });
  return starts;
}

/** csv-parse's errors in the file's terms; `recordLine` is where the record it failed in starts. */
function asRowsError(error: unknown, recordLine: number): RowsError {
  const csv = error as { code?: unknown; lines?: number; message?: string };
  if (typeof csv?.code !== 'string' || !csv.code.startsWith('CSV_')) throw error;
  const rest = 'the rest of the file was not read';
  switch (csv.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line: recordLine, message: `a quoted field in the row that starts here is never closed; ${rest}`, hint: 'add the closing double quote (")' };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line: csv.lines ?? recordLine, message: `a quoted field has characters after its closing quote; ${rest}`, hint: 'serials need no quotes: remove them' };
    default:
      return { line: csv.lines ?? recordLine, message: `not valid CSV (${csv.message ?? csv.code}); ${rest}`, hint: 'save the list as plain CSV: one row per serial, comma-separated' };
  }
}
