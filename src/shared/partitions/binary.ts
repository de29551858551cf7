import { entryProblems, overlapProblems, tableProblems } from './checks.js';
import { DEFAULT_TABLE_OFFSET, ENTRY_SIZE, hex, MAX_NAME_BYTES, MAX_PARTITIONS, PartitionTableError, TABLE_LENGTH, type Md5, type Partition, type PartitionProblem } from './types.js';

const MAGIC = [0xaa, 0x50] as const;
const MD5_MAGIC = [0xeb, 0xeb] as const;
const FLAG_ENCRYPTED = 1 << 0;
const FLAG_READONLY = 1 << 1;

export interface PartitionBinaryOptions {
  md5: Md5;
  /** Names the table in problems. */
  file?: string;
  /** For the overlap check; default 0x8000. */
  tableOffset?: number;
}

const utf8 = new TextEncoder();
const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function readEntry(bytes: Uint8Array, at: number): Partition {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, ENTRY_SIZE);
  const label = bytes.subarray(at + 12, at + 28);
  const nul = label.indexOf(0);
  const flags = view.getUint32(28, true);
  return {
    name: new TextDecoder().decode(nul < 0 ? label : label.subarray(0, nul)),
    type: bytes[at + 2]!,
    subtype: bytes[at + 3]!,
    offset: view.getUint32(4, true),
    size: view.getUint32(8, true),
    encrypted: (flags & FLAG_ENCRYPTED) !== 0,
    readonly: (flags & FLAG_READONLY) !== 0,
    entryOffset: at,
  };
}

/**
 * Reads a binary partition table (partition-table.bin, or the 0xC00 bytes read
 * back from flash): 32-byte entries with magic 0xAA50, an optional MD5 entry
 * (0xEBEB, then 14 bytes 0xFF and the MD5 of the entries before it) and the
 * 0xFF end marker. Checks the MD5 and the entries as the CSV reader does.
 * Throws one PartitionTableError listing every problem.
 */
export function parsePartitionBinary(bytes: Uint8Array, options: PartitionBinaryOptions): Partition[] {
  const file = options.file ?? 'partition table';
  const problems: PartitionProblem[] = [];
  const partitions: Partition[] = [];
  let ended = false;
  for (let at = 0; at < bytes.length && !ended; at += ENTRY_SIZE) {
    const entry = bytes.subarray(at, at + ENTRY_SIZE);
    if (entry.length < ENTRY_SIZE) {
      problems.push({ file, message: `the table is ${bytes.length} bytes, not a whole number of ${ENTRY_SIZE}-byte entries`, hint: 'give the whole partition-table.bin' });
      break;
    }
    if (entry.every((b) => b === 0xff)) ended = true;
    else if (entry[0] === MD5_MAGIC[0] && entry[1] === MD5_MAGIC[1]) {
      const computed = options.md5(bytes.subarray(0, at));
      const stored = entry.subarray(16, 32);
      if (!equal(computed, stored)) {
        problems.push({ file, message: `entry at byte ${hex(at)}: the MD5 of the entries is ${hexBytes(stored)}, but they hash to ${hexBytes(computed)}`, hint: 'the table is damaged: build it again (idf.py partition-table)' });
      }
    } else if (entry[0] !== MAGIC[0] || entry[1] !== MAGIC[1]) {
      problems.push({ file, message: `entry at byte ${hex(at)} starts with ${hexBytes(entry.subarray(0, 2))}, not the partition magic aa50`, hint: 'this is not an ESP-IDF partition table, or it is damaged' });
      break;
    } else partitions.push(readEntry(bytes, at));
  }
  if (!ended && problems.length === 0) problems.push({ file, message: 'the table has no end marker (an entry of 32 bytes 0xFF)', hint: 'give the whole partition-table.bin (0xC00 bytes)' });
  problems.push(...partitions.flatMap((p) => entryProblems(file, p)), ...tableProblems(file, partitions), ...overlapProblems(file, partitions, options.tableOffset ?? DEFAULT_TABLE_OFFSET));
  if (problems.length > 0) throw new PartitionTableError(problems);
  return partitions;
}

/**
 * Writes a partition table as gen_esp32part.py does by default: the entries,
 * the MD5 entry, then 0xFF up to 0xC00 bytes.
 */
export function encodePartitionBinary(partitions: readonly Partition[], options: { md5: Md5; file?: string }): Uint8Array {
  const file = options.file ?? 'partition table';
  const problems = [...partitions.flatMap((p) => entryProblems(file, p)), ...tableProblems(file, partitions)];
  if (partitions.length > MAX_PARTITIONS) problems.push({ file, message: `${partitions.length} partitions do not fit in one table (at most ${MAX_PARTITIONS})`, hint: 'merge or drop partitions' });
  if (problems.length > 0) throw new PartitionTableError(problems);
  const table = new Uint8Array(TABLE_LENGTH).fill(0xff);
  const view = new DataView(table.buffer);
  partitions.forEach((p, i) => {
    const at = i * ENTRY_SIZE;
    table.set(MAGIC, at);
    table[at + 2] = p.type;
    table[at + 3] = p.subtype;
    view.setUint32(at + 4, p.offset, true);
    view.setUint32(at + 8, p.size, true);
    table.fill(0, at + 12, at + 12 + MAX_NAME_BYTES);
    table.set(utf8.encode(p.name), at + 12);
    view.setUint32(at + 28, (p.encrypted ? FLAG_ENCRYPTED : 0) | (p.readonly ? FLAG_READONLY : 0), true);
  });
  const md5At = partitions.length * ENTRY_SIZE;
  table.set(MD5_MAGIC, md5At);
  table.set(options.md5(table.subarray(0, md5At)), md5At + 16);
  return table;
}
