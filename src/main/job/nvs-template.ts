import { parseNvsCsv, type CsvRow } from '../../shared/nvs/csv.js';
import { NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';
import type { JobProblem } from './problems.js';

/** What a value cell may use besides {{const.NAME}}. */
export const DEVICE_PLACEHOLDERS = ['serial', 'mac', 'mac_hex', 'cert_pem', 'key_pem', 'ca_pem'] as const;
export type DevicePlaceholder = (typeof DEVICE_PLACEHOLDERS)[number];

type Part = string | { placeholder: string };

/** An nvs_partition_gen CSV whose value cells hold placeholders, checked and split once. */
export interface NvsTemplate {
  file: string;
  rows: readonly CsvRow[];
  /** Per row: the value split into text and placeholders, or undefined when it has none. */
  parts: readonly (Part[] | undefined)[];
  /** Every placeholder the template uses, e.g. "serial", "const.MODEL". */
  used: ReadonlySet<string>;
  /** `file` rows: the path as written and where. */
  files: readonly { path: string; at: SourceLocation }[];
}

/** The value of each placeholder for one board, by name ("serial", "const.MODEL", …). */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** A device's values do not fit the template: a placeholder it uses has no value. */
export class TemplateValueError extends Error {
  override readonly name = 'TemplateValueError';
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Where the character at `index` of a cell's text is in the file: walks the
 * source from the cell's start, past its opening quote, doubled quotes and
 * the comment lines the CSV reader drops.
 */
function sourcePosition(lines: readonly string[], start: SourceLocation, text: string, index: number): { line: number; column: number } {
  let line = start.line;
  let column = start.column;
  const quoted = lines[line - 1]?.[column - 1] === '"';
  if (quoted) column++;
  for (let i = 0; i < index; i++) {
    if (text[i] === '\n') {
      line++;
      while (lines[line - 1]?.startsWith('#')) line++;
      column = 1;
    } else column += quoted && text[i] === '"' ? 2 : 1;
  }
  return { line, column };
}

function split(value: string, report: (message: string, index: number, hint: string) => void, known: (name: string) => boolean): Part[] | undefined {
  const parts: Part[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!known(name)) {
      const hint = name.startsWith('const.') ? 'add the constant to "constants" in job.json' : `the placeholders are ${DEVICE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')} and {{const.NAME}}`;
      report(`unknown placeholder {{${name}}}`, match.index, hint);
    }
    if (match.index > last) parts.push(value.slice(last, match.index));
    parts.push({ placeholder: name });
    last = match.index + match[0].length;
  }
  const rest = value.slice(last);
  const open = rest.indexOf('{{');
  if (open >= 0) report('a "{{" that is never closed', last + open, 'placeholders are written {{serial}}');
  if (parts.length === 0) return undefined;
  if (rest) parts.push(rest);
  return parts;
}

/**
 * Reads a fctry template and checks its placeholders: every unknown one is a
 * problem at its line and column. Placeholders work in value cells of data
 * rows only; `file` rows name static files, relative to the job folder.
 */
export function compileNvsTemplate(text: string, file: string, constants: Readonly<Record<string, string>>): { template?: NvsTemplate; problems: JobProblem[] } {
  let rows: CsvRow[];
  try {
    rows = parseNvsCsv(text, file);
  } catch (error) {
    if (!(error instanceof NvsInputError)) throw error;
    return { problems: [{ file, ...(error.at && { line: error.at.line, column: error.at.column }), message: error.problem, hint: error.hint ?? 'the template is an nvs_partition_gen CSV: key,type,encoding,value' }] };
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const problems: JobProblem[] = [];
  const used = new Set<string>();
  const files: { path: string; at: SourceLocation }[] = [];
  const known = (name: string): boolean => (DEVICE_PLACEHOLDERS as readonly string[]).includes(name) || (name.startsWith('const.') && Object.hasOwn(constants, name.slice(6)));

  const parts = rows.map((row) => {
    for (const [cell, value] of [['key', row.key], ['type', row.type], ['encoding', row.encoding]] as const) {
      if (value.includes('{{')) problems.push({ file, line: row.at.line, column: row.at.column, message: `the ${cell} of '${row.key}' holds a placeholder; only value cells are filled in`, hint: 'move the placeholder to the value column' });
    }
    if (row.type === 'namespace' || row.value === undefined) return undefined;
    const report = (message: string, index: number, hint: string): void => void problems.push({ file, ...sourcePosition(lines, row.valueAt, row.value!, index), message, hint });
    const split_ = split(row.value, report, known);
    if (row.type === 'file') {
      if (split_) report(`'${row.key}' is a file row: its path cannot hold placeholders`, row.value.indexOf('{{'), 'use a data row (type data) for per-board values');
      else files.push({ path: row.value, at: row.valueAt });
      return undefined;
    }
    for (const part of split_ ?? []) if (typeof part !== 'string') used.add(part.placeholder);
    return split_;
  });
  return { template: { file, rows, parts, used, files }, problems };
}

/** The template's rows with one board's values filled in; positions stay those of the template. */
export function renderRows(template: NvsTemplate, values: TemplateValues): CsvRow[] {
  return template.rows.map((row, i) => {
    const parts = template.parts[i];
    if (!parts) return row;
    let value = '';
    for (const part of parts) {
      if (typeof part === 'string') value += part;
      else {
        const filled = values[part.placeholder];
        if (filled === undefined) throw new TemplateValueError(`the fctry template ${template.file} uses {{${part.placeholder}}} (line ${row.valueAt.line}) but this board has no value for it`);
        value += filled;
      }
    }
    return { ...row, value };
  });
}

/** A CSV field, quoted when it must be (the reference reads it with Python's csv module). */
function csvField(text: string): string {
  // The reference drops every line that starts with '#', even inside quotes, and turns CR into LF.
  if (text.includes('\r') || text.includes('\n#')) throw new TemplateValueError(`a value holds ${text.includes('\r') ? 'a carriage return' : 'a line starting with #'}, which an nvs_partition_gen CSV cannot carry`);
  return /[",\n]/.test(text) || text.startsWith('#') ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The filled-in template as CSV text, quoted so that nvs_partition_gen (and
 * parseNvsCsv) read back exactly the values: for inspection, or to make the
 * same image with Espressif's tool.
 */
export function renderCsv(template: NvsTemplate, values: TemplateValues): string {
  const lines = ['key,type,encoding,value'];
  for (const row of renderRows(template, values)) {
    const fields = [row.key, row.type, row.encoding, ...(row.value === undefined ? [] : [row.value])];
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
