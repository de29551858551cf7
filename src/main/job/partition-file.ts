import { createHash } from 'node:crypto';
import { DATA_TYPE, encodePartitionBinary, NVS_SUBTYPE, parsePartitionBinary, parsePartitionCsv, PartitionTableError, subtypeName, typeName, type Partition } from '../../shared/partitions.js';
import { hex } from './flash-numbers.js';
import type { JobFiles, Reference } from './job-files.js';
import type { JobProblem, ProblemSink } from './problems.js';

export const md5 = (data: Uint8Array): Uint8Array => createHash('md5').update(data).digest();

export interface LoadedPartitionTable {
  /** Relative to the job folder. */
  file: string;
  partitions: Partition[];
  /** The table as flashed (a CSV is encoded as gen_esp32part does). */
  binary: Uint8Array;
}

const isCsv = (path: string): boolean => path.toLowerCase().endsWith('.csv');

/** Reads the job's partition table, partitions.csv or a binary partition-table.bin, and checks it. */
export async function loadPartitionTable(path: string, tableOffset: number, files: JobFiles, sink: ProblemSink, from: Reference): Promise<LoadedPartitionTable | undefined> {
  const data = await files.read(path, 'partition table', from);
  if (!data) return undefined;
  const file = files.display(path);
  try {
    if (isCsv(path)) {
      const partitions = parsePartitionCsv(new TextDecoder().decode(data), file, { tableOffset });
      return { file, partitions, binary: encodePartitionBinary(partitions, { md5, file }) };
    }
    return { file, partitions: parsePartitionBinary(data, { md5, file, tableOffset }), binary: data };
  } catch (error) {
    if (!(error instanceof PartitionTableError)) throw error;
    sink.addAll(error.problems);
    return undefined;
  }
}

const at = (table: LoadedPartitionTable, p: Partition, field: 'name' | 'type' | 'subtype' | 'size' | 'flags'): Omit<JobProblem, 'message' | 'hint'> =>
  p.csv ? { file: table.file, line: p.csv.line, column: p.csv.columns[field] } : { file: table.file };

/** The partition that gets each board's fctry image: it must exist and be a data/nvs partition of a usable size. */
export function findFctryPartition(table: LoadedPartitionTable, name: string, sink: ProblemSink): Partition | undefined {
  const fctry = table.partitions.find((p) => p.name === name);
  if (!fctry) {
    sink.add({
      file: table.file,
      message: `there is no partition named '${name}' (the table has ${table.partitions.map((p) => `'${p.name}'`).join(', ')})`,
      hint: `add one, e.g. "${name}, data, nvs, , 0x6000", or name another in job.json's "fctryPartition"`,
    });
    return undefined;
  }
  if (fctry.type !== DATA_TYPE || fctry.subtype !== NVS_SUBTYPE) {
    const field = fctry.type !== DATA_TYPE ? 'type' : 'subtype';
    sink.add({ ...at(table, fctry, field), message: `partition '${name}' is ${typeName(fctry.type)}/${subtypeName(fctry.type, fctry.subtype)}, not data/nvs`, hint: 'the fctry image is an NVS partition: give it type data and subtype nvs' });
    return undefined;
  }
  if (fctry.size < 0x3000 && !fctry.readonly) {
    sink.add({ ...at(table, fctry, 'flags'), message: `NVS partition '${name}' is ${hex(fctry.size)} bytes: below 0x3000 it must be flagged readonly`, hint: 'add the readonly flag, or make it at least 0x3000 bytes' });
  }
  return fctry;
}

const describe = (p: Partition): string => `'${p.name}' ${typeName(p.type)}/${subtypeName(p.type, p.subtype)} at ${hex(p.offset)}, ${hex(p.size)} bytes${p.encrypted ? ', encrypted' : ''}${p.readonly ? ', readonly' : ''}`;
const same = (a: Partition, b: Partition): boolean =>
  a.name === b.name && a.type === b.type && a.subtype === b.subtype && a.offset === b.offset && a.size === b.size && a.encrypted === b.encrypted && a.readonly === b.readonly;

/**
 * When the firmware brings its own partition table image, it must say what
 * the job's table says: otherwise the fctry image would land where the
 * firmware does not look for it.
 */
export function compareTableImage(table: LoadedPartitionTable, image: { file: string; data: Uint8Array; at: Reference }, tableOffset: number, sink: ProblemSink): void {
  if (image.data.length === table.binary.length && image.data.every((b, i) => b === table.binary[i])) return;
  let flashed: Partition[];
  try {
    flashed = parsePartitionBinary(image.data, { md5, file: image.file, tableOffset });
  } catch (error) {
    if (!(error instanceof PartitionTableError)) throw error;
    sink.addAll(error.problems);
    return;
  }
  const count = Math.max(flashed.length, table.partitions.length);
  for (let i = 0; i < count; i++) {
    const a = table.partitions[i];
    const b = flashed[i];
    if (a && b && same(a, b)) continue;
    sink.add({
      ...image.at,
      message: `the firmware's partition table differs from ${table.file}: entry ${i + 1} is ${b ? describe(b) : 'missing'} in ${image.file}, but ${a ? describe(a) : 'missing'} in ${table.file}`,
      hint: `build the firmware with ${table.file} (CONFIG_PARTITION_TABLE_CUSTOM_FILENAME), or point "partitionTable" at the build's table`,
    });
    return;
  }
}
