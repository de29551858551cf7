import { parse } from 'csv-parse/sync';
import { IdentityError } from './identity-error.js';

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on; a quoted field may run over several lines. */
  line: number;
}

const count = (text: string, what: string): number => text.split(what).length - 1;

/** The records of a CSV text (header included), each with the line it starts on. */
export function csvRecords(text: string, file: string): CsvRecord[] {
  let parsed: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    parsed = parse(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (error) {
    const csv = error as Error & { code?: string; lines?: number };
    throw new IdentityError(`${file} is not valid CSV: ${csv.message}`, { file, line: csv.lines, hint: 'a PEM text in a cell must be in double quotes' });
  }
  // csv-parse counts a CRLF inside a quoted field as two lines; `overcount` undoes that.
  let overcount = 0;
  return parsed.map(({ record, raw, info }) => {
    const body = raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
    const crlf = count(body, '\r\n');
    overcount += crlf;
    const breaks = count(body, '\n') + count(body, '\r') - crlf;
    return { fields: record, line: info.lines - overcount - breaks };
  });
}

const STOP = new Error('stop');

/** Where line `line` (1-based) of the text starts, or undefined past its end. */
export function lineOffset(text: string, line: number): number | undefined {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return undefined;
    at = next + 1;
  }
  return at;
}

/**
 * The fields of the one record that starts at `offset`, parsed from a window
 * of the text that grows until it holds the whole record: finding a device's
 * row in a large pool CSV costs that row, not the file.
 */
export function csvRecordAt(text: string, offset: number): string[] | undefined {
  for (let size = 1 << 16; ; size *= 4) {
    const window = text.slice(offset, offset + size);
    const whole = offset + size >= text.length;
    let found: { record: string[]; raw: string } | undefined;
    try {
      const stopAtFirst = (record: unknown): never => {
        found = record as { record: string[]; raw: string };
        throw STOP;
      };
      parse(window, { bom: offset === 0, raw: true, relax_column_count: true, skip_empty_lines: true, on_record: stopAtFirst });
    } catch (error) {
      if (error !== STOP && whole) return undefined;
    }
    // A record cut off by the window's end is not the record.
    if (found && (whole || /[\r\n]$/.test(found.raw))) return found.record;
    if (whole) return undefined;
  }
}
