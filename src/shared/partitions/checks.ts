import { APP_TYPE, DATA_TYPE, offsetAlignment, SUBTYPES } from './names.js';
import { hex, MAX_NAME_BYTES, MAX_PARTITIONS, TABLE_SECTOR_SIZE, type Partition, type PartitionField, type PartitionProblem } from './types.js';

const utf8 = new TextEncoder();

/** A problem about one field of a partition: at its CSV line and column, or naming the binary entry. */
export function fieldProblem(file: string, partition: Partition, field: PartitionField, message: string, hint: string): PartitionProblem {
  if (partition.csv) return { file, line: partition.csv.line, column: partition.csv.columns[field], message, hint };
  const where = partition.entryOffset === undefined ? '' : `entry at byte ${hex(partition.entryOffset)}: `;
  return { file, message: `${where}${message}`, hint };
}

const describe = (p: Partition): string => `'${p.name}' (${hex(p.offset)}-${hex(p.offset + p.size - 1)})`;

/** The checks gen_esp32part.py makes of each entry, plus the ones it leaves to the bootloader. */
export function entryProblems(file: string, p: Partition): PartitionProblem[] {
  const problems: PartitionProblem[] = [];
  const add = (field: PartitionField, message: string, hint: string): void => void problems.push(fieldProblem(file, p, field, message, hint));
  const nameBytes = utf8.encode(p.name).length;
  if (nameBytes > MAX_NAME_BYTES) add('name', `partition name '${p.name}' is ${nameBytes} bytes; a name holds at most ${MAX_NAME_BYTES}`, 'shorten the name');
  if (p.type > 0xfe || p.type < 0) add('type', `type ${hex(p.type)} is out of range`, 'use app, data, or a custom type from 0x40 to 0xFE');
  if (p.subtype > 0xfe || p.subtype < 0) add('subtype', `subtype ${hex(p.subtype)} is out of range`, 'use a named subtype or a number from 0x00 to 0xFE');
  const align = offsetAlignment(p.type);
  if (p.offset % align !== 0) {
    add('offset', `partition '${p.name}' starts at ${hex(p.offset)}, which is not aligned to ${hex(align)}`, `${p.type === APP_TYPE ? 'app partitions start on a 64 KiB boundary' : 'partitions start on a 4 KiB sector boundary'}, e.g. ${hex(Math.ceil(p.offset / align) * align)}`);
  }
  if (p.size <= 0) add('size', `partition '${p.name}' has size ${p.size}`, 'give a positive size, e.g. 0x6000 or 24K');
  else if (p.type === APP_TYPE && p.size % TABLE_SECTOR_SIZE !== 0) add('size', `app partition '${p.name}' has size ${hex(p.size)}, which is not a multiple of 0x1000`, 'round the size up to whole 4 KiB sectors');
  if (p.offset + p.size > 0x1_0000_0000) add('size', `partition '${p.name}' ends past 4 GiB`, 'check the offset and size');
  if (p.readonly) {
    const ota = SUBTYPES[DATA_TYPE]!['ota'];
    const coredump = SUBTYPES[DATA_TYPE]!['coredump'];
    if (p.type === APP_TYPE || (p.type === DATA_TYPE && (p.subtype === ota || p.subtype === coredump))) {
      add('flags', `partition '${p.name}' cannot be readonly: the firmware writes to it`, 'remove the readonly flag');
    }
  }
  return problems;
}

/** Names used twice, and more entries than a table holds. */
export function tableProblems(file: string, partitions: readonly Partition[]): PartitionProblem[] {
  const problems: PartitionProblem[] = [];
  const seen = new Map<string, Partition>();
  for (const p of partitions) {
    const first = seen.get(p.name);
    if (first) {
      const where = first.csv ? `line ${first.csv.line}` : first.entryOffset !== undefined ? `the entry at byte ${hex(first.entryOffset)}` : 'before';
      problems.push(fieldProblem(file, p, 'name', `partition name '${p.name}' is used twice (also on ${where})`, 'give every partition its own name'));
    } else seen.set(p.name, p);
  }
  if (partitions.length > MAX_PARTITIONS) {
    problems.push(fieldProblem(file, partitions[MAX_PARTITIONS]!, 'name', `the table has ${partitions.length} partitions; it holds at most ${MAX_PARTITIONS}`, 'merge or drop partitions'));
  }
  return problems;
}

/** Partitions that overlap each other or the partition table's sector, whatever order they are listed in. */
export function overlapProblems(file: string, partitions: readonly Partition[], tableOffset: number): PartitionProblem[] {
  const problems: PartitionProblem[] = [];
  const sorted = [...partitions].sort((a, b) => a.offset - b.offset);
  for (const p of sorted) {
    if (p.offset < tableOffset + TABLE_SECTOR_SIZE && p.offset + p.size > tableOffset) {
      problems.push(fieldProblem(file, p, 'offset', `partition ${describe(p)} overlaps the partition table (${hex(tableOffset)}-${hex(tableOffset + TABLE_SECTOR_SIZE - 1)})`, `start it at ${hex(tableOffset + TABLE_SECTOR_SIZE)} or later`));
    }
  }
  // Compared with the earlier partition that reaches furthest, so that one large partition covering several is caught.
  let reach: Partition | undefined;
  for (const p of sorted) {
    if (reach && p.offset < reach.offset + reach.size) problems.push(fieldProblem(file, p, 'offset', `partition ${describe(p)} overlaps ${describe(reach)}`, `move it to ${hex(reach.offset + reach.size)} or later, or shrink '${reach.name}'`));
    if (!reach || p.offset + p.size > reach.offset + reach.size) reach = p;
  }
  return problems;
}
