import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { serialFault } from './serial-chars.js';
import { csvRows, textRows, type Field, type Row } from './serial-list-rows.js';

export { validateSerial } from './serial-chars.js';

export interface SerialListEntry {
  serial: string;
  /** 1-based line of the file. */
  line: number;
}

export interface SerialListProblem {
  file: string;
  /** 1-based; 0 when the file as a whole is at fault (it cannot be read). */
  line: number;
  column?: number;
  message: string;
  hint: string;
}

export interface SerialList {
  /** The valid, distinct serials in file order. */
  serials: SerialListEntry[];
  /** Every problem in the file, in line order; the list is usable only when this is empty. */
  problems: SerialListProblem[];
}

/**
 * Reads a list of serial numbers and checks every entry, reporting all
 * problems at once.
 *
 * A file whose name ends in `.csv` is CSV; any other file is plain text, one
 * serial per line (commas and quotes are then part of the serial, and so
 * invalid). In both, the first line is a header when one of its fields is
 * `serial` (any case); other columns are ignored. Without that header a file
 * of a single column is a list of serials from line 1 on, while a file of
 * several columns is refused (which column holds the serials?).
 *
 * Serials are taken exactly as written: nothing is trimmed. A byte-order mark,
 * CRLF or CR line breaks and blank lines at the end are accepted; a blank line
 * anywhere else is a problem. Serials are compared case-sensitively for
 * duplicates.
 */
export async function readSerialList(file: string): Promise<SerialList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { serials: [], problems: [unreadable(file, error)] };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const csv = extname(file).toLowerCase() === '.csv';
  const { rows, error } = csv ? csvRows(text) : { rows: textRows(text), error: undefined };
  const result = checkRows(file, rows, csv);
  if (error) result.problems.push({ file, ...error });
  return result;
}

function unreadable(file: string, error: unknown): SerialListProblem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { file, line: 0, message: 'the serial list does not exist', hint: 'check the path; a relative one is relative to the job folder' };
  if (code === 'EISDIR') return { file, line: 0, message: 'the serial list is a folder, not a file', hint: 'name the file itself' };
  return { file, line: 0, message: `the serial list cannot be read (${code ?? String(error)})`, hint: 'check that the file is readable' };
}

const isBlank = (row: Row): boolean => row.fields.length === 1 && row.fields[0]!.value.trim() === '';

function checkRows(file: string, all: Row[], csv: boolean): SerialList {
  const result: SerialList = { serials: [], problems: [] };
  const problem = (p: Omit<SerialListProblem, 'file'>): void => void result.problems.push({ file, ...p });

  let end = all.length;
  while (end > 0 && isBlank(all[end - 1]!)) end--;
  const rows = all.slice(0, end);
  if (rows.length === 0) {
    problem({ line: 1, message: 'the serial list is empty', hint: 'put one serial per line, optionally under a header line "serial"' });
    return result;
  }

  const header = rows[0]!.fields.flatMap((f, i) => (f.value.trim().toLowerCase() === 'serial' ? [i] : []));
  if (header.length > 1) {
    problem({ line: 1, column: rows[0]!.fields[header[1]!]!.column, message: "the header has more than one 'serial' column", hint: 'keep one of them' });
    return result;
  }
  if (header.length === 0 && rows.some((row) => row.fields.length > 1)) {
    const names = rows[0]!.fields.map((f) => `'${f.value}'`).join(', ');
    problem({ line: 1, message: `no 'serial' column: the first line has ${names}`, hint: "name the column that holds the serials 'serial' in the first line" });
    return result;
  }
  const index = header[0] ?? 0;
  const body = header.length ? rows.slice(1) : rows;
  if (body.length === 0) problem({ line: 1, message: 'the serial list has a header but no serials', hint: 'put one serial per line under the header' });

  const seen = new Map<string, number>();
  for (const row of body) {
    if (isBlank(row)) {
      problem({ line: row.line, message: 'the line is blank, so it has no serial', hint: 'remove the line or put a serial on it' });
      continue;
    }
    const field = row.fields[index];
    if (!field) {
      problem({ line: row.line, message: `the line has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, so no 'serial' (column ${index + 1} of the header)`, hint: 'give every line as many fields as the header' });
      continue;
    }
    const fault = serialFault(field.value);
    if (fault) {
      let hint = fault.hint;
      if (!csv && field.value.includes(',')) hint += '; a CSV file needs a name ending in .csv';
      else if (row === rows[0]) hint += "; if line 1 names the columns, call the serials' column 'serial'";
      problem({ ...position(field, fault.column), message: fault.message, hint });
      continue;
    }
    const first = seen.get(field.value);
    if (first !== undefined) {
      problem({ line: row.line, column: field.column, message: `the serial '${field.value}' is also on line ${first}`, hint: 'list every serial once: remove one of the two lines' });
      continue;
    }
    seen.set(field.value, row.line);
    result.serials.push({ serial: field.value, line: row.line });
  }
  return result;
}

/** The file position of the value's `offset`-th character (1-based), undoing CSV quoting. */
function position(field: Field, offset: number | undefined): { line: number; column: number } {
  if (offset === undefined) return { line: field.line, column: field.column };
  let { line, column } = field;
  if (field.quoted) column++;
  const before = Array.from(field.value).slice(0, offset - 1);
  for (const char of before) {
    if (char === '\n') {
      line++;
      column = 1;
    } else column += field.quoted && char === '"' ? 2 : 1;
  }
  return { line, column };
}
