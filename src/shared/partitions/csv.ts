import { parsePythonIntAnyBase } from '../nvs/python-int.js';
import { entryProblems, fieldProblem, tableProblems } from './checks.js';
import { APP_TYPE, offsetAlignment, SUBTYPES, TYPES, typeName } from './names.js';
import { DEFAULT_TABLE_OFFSET, hex, PartitionTableError, TABLE_SECTOR_SIZE, type Partition, type PartitionField, type PartitionProblem } from './types.js';

export interface PartitionCsvOptions {
  /** Where the table itself is flashed (CONFIG_PARTITION_TABLE_OFFSET); partitions start after its sector. Default 0x8000. */
  tableOffset?: number;
}

const FIELDS: readonly PartitionField[] = ['name', 'type', 'subtype', 'offset', 'size', 'flags'];
const FLAGS = ['encrypted', 'readonly'] as const;

interface Cell {
  text: string;
  column: number;
}

/** Splits a line at commas as gen_esp32part does (no quoting), keeping each trimmed field's column. */
function cells(line: string): Cell[] {
  const out: Cell[] = [];
  let start = 0;
  for (const raw of line.split(',')) {
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), column: start + lead + 1 });
    start += raw.length + 1;
  }
  while (out.length < FIELDS.length) out.push({ text: '', column: line.length + 1 });
  return out;
}

/** gen_esp32part's parse_int: Python's int(x, 0) with K and M suffixes, or a keyword. */
function parseNumber(text: string, keywords: Readonly<Record<string, number>> = {}): number | undefined {
  const lower = text.toLowerCase();
  for (const [suffix, multiplier] of [['k', 1024], ['m', 1024 * 1024]] as const) {
    if (lower.endsWith(suffix)) {
      const n = parseNumber(text.slice(0, -1));
      return n === undefined ? undefined : n * multiplier;
    }
  }
  const value = parsePythonIntAnyBase(text);
  if (value !== undefined) return Number(value);
  return Object.hasOwn(keywords, lower) ? keywords[lower] : undefined;
}

interface Row {
  partition: Partition;
  /** The offset as written; undefined places the partition after the previous one. */
  offset: number | undefined;
  /** A field could not be read: the row takes no part in the checks. */
  broken: boolean;
}

function readRow(line: string, lineNumber: number, file: string, problems: PartitionProblem[]): Row {
  const c = cells(line);
  const columns = Object.fromEntries(FIELDS.map((f, i) => [f, c[i]!.column])) as Record<PartitionField, number>;
  const partition: Partition = { name: c[0]!.text, type: 0, subtype: 0, offset: 0, size: 0, encrypted: false, readonly: false, csv: { line: lineNumber, columns } };
  let broken = false;
  const fail = (field: PartitionField, message: string, hint: string): void => {
    broken = true;
    problems.push(fieldProblem(file, partition, field, message, hint));
  };

  const [, type, subtype, offset, size, flags] = c.map((cell) => cell.text);
  const typeValue = type === '' ? undefined : parseNumber(type!, TYPES);
  if (type === '') fail('type', `partition '${partition.name}' has no type`, 'write app, data, or a number');
  else if (typeValue === undefined) fail('type', `unknown partition type '${type}'`, `use ${Object.keys(TYPES).join(', ')}, or a number (custom types are 0x40-0xFE)`);
  else partition.type = typeValue;

  if (typeValue !== undefined) {
    const names = SUBTYPES[typeValue] ?? {};
    if (subtype === '') {
      if (typeValue === APP_TYPE) fail('subtype', `app partition '${partition.name}' has no subtype`, 'write factory, ota_0 … ota_15, or test');
      else partition.subtype = SUBTYPES[0x01]!['undefined']!;
    } else {
      const value = parseNumber(subtype!, names);
      const known = Object.keys(names);
      if (value === undefined) fail('subtype', `unknown subtype '${subtype}' for a${typeName(typeValue) === 'app' ? 'n' : ''} ${typeName(typeValue)} partition`, `${known.length ? `use ${known.join(', ')}, or` : 'use'} a number from 0x00 to 0xFE`);
      else partition.subtype = value;
    }
  }

  const offsetValue = offset === '' ? undefined : parseNumber(offset!);
  if (offset !== '' && offsetValue === undefined) fail('offset', `offset '${offset}' is not a number`, 'write e.g. 0x9000, 36864 or 36K, or leave it empty to place the partition after the previous one');

  if (size === '') fail('size', `partition '${partition.name}' has no size`, 'write e.g. 0x6000, 24K or 1M');
  else {
    const value = parseNumber(size!);
    if (value === undefined) fail('size', `size '${size}' is not a number`, 'write e.g. 0x6000, 24K or 1M');
    else partition.size = value;
  }

  for (const flag of flags!.split(':')) {
    if ((FLAGS as readonly string[]).includes(flag)) partition[flag as (typeof FLAGS)[number]] = true;
    else if (flag !== '') fail('flags', `unknown flag '${flag}'`, `flags are ${FLAGS.join(', ')}, separated by ':'`);
  }
  return { partition, offset: offsetValue, broken };
}

/**
 * Reads a partitions.csv as ESP-IDF's gen_esp32part.py does: `#` comments and
 * blank lines skipped; columns Name, Type, SubType, Offset, Size, Flags; sizes
 * and offsets as Python integers with K/M suffixes; a missing offset places the
 * partition after the previous one, aligned for its type, the first one right
 * after the table's sector; a negative size means "up to that address".
 * Environment variables ($NAME) are not expanded. Throws one
 * PartitionTableError listing every problem, each with its line and column.
 */
export function parsePartitionCsv(text: string, file: string, options: PartitionCsvOptions = {}): Partition[] {
  const tableOffset = options.tableOffset ?? DEFAULT_TABLE_OFFSET;
  const problems: PartitionProblem[] = [];
  const rows: Row[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((line, index) => {
      const stripped = line.trim();
      if (stripped === '' || stripped.startsWith('#')) return;
      rows.push(readRow(line, index + 1, file, problems));
    });

  let end = tableOffset + TABLE_SECTOR_SIZE;
  const placed: Partition[] = [];
  for (const row of rows) {
    const p = row.partition;
    if (row.offset === undefined) {
      const align = offsetAlignment(p.type);
      p.offset = Math.ceil(end / align) * align;
    } else {
      p.offset = row.offset;
      if (!row.broken && p.offset < end) problems.push(orderProblem(file, p, placed, tableOffset, end));
    }
    if (p.size < 0) p.size = -p.size - p.offset;
    if (row.broken) continue;
    end = p.offset + p.size;
    problems.push(...entryProblems(file, p));
    placed.push(p);
  }
  problems.push(...tableProblems(file, placed));
  if (problems.length > 0) throw new PartitionTableError(problems.sort((a, b) => a.line! - b.line! || a.column! - b.column!));
  return placed;
}

/** A partition that starts before the previous one ends: what it overlaps, or that it is out of order. */
function orderProblem(file: string, p: Partition, placed: readonly Partition[], tableOffset: number, end: number): PartitionProblem {
  const last = p.offset + Math.max(p.size, 1);
  if (p.offset < tableOffset + TABLE_SECTOR_SIZE && last > tableOffset) {
    return fieldProblem(file, p, 'offset', `partition '${p.name}' at ${hex(p.offset)} overlaps the partition table (${hex(tableOffset)}-${hex(tableOffset + TABLE_SECTOR_SIZE - 1)})`, `start it at ${hex(tableOffset + TABLE_SECTOR_SIZE)} or later`);
  }
  const hit = placed.find((q) => p.offset < q.offset + q.size && last > q.offset);
  if (hit) {
    return fieldProblem(file, p, 'offset', `partition '${p.name}' at ${hex(p.offset)} overlaps '${hit.name}' (${hex(hit.offset)}-${hex(hit.offset + hit.size - 1)})`, `start it at ${hex(end)} or later, or shrink '${hit.name}'`);
  }
  const previous = placed[placed.length - 1];
  if (!previous) return fieldProblem(file, p, 'offset', `partition '${p.name}' at ${hex(p.offset)} starts before the end of the partition table's sector (${hex(end)})`, `start it at ${hex(end)} or later`);
  return fieldProblem(file, p, 'offset', `partition '${p.name}' at ${hex(p.offset)} is listed after '${previous.name}', which ends at ${hex(end)}`, 'list the partitions in flash order, as gen_esp32part.py requires');
}
