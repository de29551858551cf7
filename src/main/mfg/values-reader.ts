import { parse, type CsvError } from 'csv-parse';
import { createReadStream, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { NvsInputError } from '../../shared/nvs/errors.js';

/** One record of the values file. */
export interface ValuesRecord {
  fields: string[];
  /** The line the record starts on (1-based). */
  line: number;
  /** Where each field starts: line and column, two numbers per field. */
  positions: number[];
}

/**
 * Streams the records of a values CSV with csv-parse, so that a file of any
 * length is read in constant memory. Blank lines are skipped, as mfg_gen.py
 * does; rows may have any number of fields (the caller checks them).
 */
export async function* readValuesFile(path: string, cwd: string): AsyncGenerator<ValuesRecord> {
  const full = resolve(cwd, path);
  let fd: number;
  try {
    fd = openSync(full, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    throw new NvsInputError(`values file '${path}' ${why}`, undefined, code === 'ENOENT' ? `check the path (looked for ${full})` : undefined);
  }
  const parser = parse({ bom: true, info: true, raw: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: 1 << 20 });
  const input = createReadStream('', { fd, highWaterMark: 1 << 18 });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  // csv-parse counts a CRLF inside a quoted field as two lines; this undoes it.
  let overcount = 0;
  let lastLine = 0;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      if (record.length === 1 && record[0]!.trim() === '') continue;
      const body = raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
      const crlf = countOf(body, '\r\n');
      overcount += crlf;
      lastLine = info.lines - overcount;
      const line = lastLine - lineBreaks(body, crlf);
      yield { fields: record, line, positions: fieldPositions(body, line) };
    }
  } catch (error) {
    throw asInputError(error, path, lastLine + 1);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

function countOf(text: string, what: string): number {
  let count = 0;
  for (let at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length)) count++;
  return count;
}

/** Line breaks inside a record: CRLF, LF and CR each count once. */
function lineBreaks(body: string, crlf: number): number {
  if (body.indexOf('\n') < 0 && body.indexOf('\r') < 0) return 0;
  return countOf(body, '\n') + countOf(body, '\r') - crlf;
}

/** The line and column where each field of the record's raw text starts. */
function fieldPositions(body: string, startLine: number): number[] {
  const positions: number[] = [startLine, 1];
  let line = startLine;
  let lineStart = 0;
  let inQuotes = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    if (ch === 0x0a || (ch === 0x0d && body.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    } else if (ch === 0x22) {
      const fieldStart = i === 0 || body.charCodeAt(i - 1) === 0x2c;
      if (inQuotes) {
        if (body.charCodeAt(i + 1) === 0x22) i++;
        else inQuotes = false;
      } else if (fieldStart) inQuotes = true;
    } else if (ch === 0x2c && !inQuotes) {
      positions.push(line, i + 2 - lineStart);
    }
  }
  return positions;
}

/** csv-parse's errors as input errors; `recordLine` is where the record it failed in starts (csv-parse names where it stopped). */
function asInputError(error: unknown, path: string, recordLine: number): unknown {
  const csv = error as CsvError & { lines?: number };
  if (typeof csv?.code !== 'string' || !csv.code.startsWith('CSV_')) return error;
  const at = { file: path, line: csv.lines ?? recordLine, column: 1 };
  switch (csv.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new NvsInputError('a quoted field in the row that starts here is never closed', { ...at, line: recordLine }, 'add the closing double quote (") at the end of the value');
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new NvsInputError('a quoted field has characters after its closing quote', at, 'put the whole value in quotes and double the quotes inside it: "a ""b"" c"');
    case 'CSV_MAX_RECORD_SIZE':
      return new NvsInputError('a record is longer than 1 MiB', at, 'check for an unclosed quote before this line');
    default:
      return new NvsInputError(`the values file is not valid CSV: ${csv.message}`, at);
  }
}
