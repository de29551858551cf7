/** One entry of an ESP-IDF partition table. */
export interface Partition {
  name: string;
  /** 0x00 app, 0x01 data, 0x02 bootloader, 0x03 partition_table, 0x40-0xFE custom. */
  type: number;
  subtype: number;
  offset: number;
  size: number;
  encrypted: boolean;
  readonly: boolean;
  /** Where a CSV defines it: its line and the column of each field. */
  csv?: { line: number; columns: Readonly<Record<PartitionField, number>> };
  /** Where a binary table holds it: the entry's byte offset in the table. */
  entryOffset?: number;
}

export type PartitionField = 'name' | 'type' | 'subtype' | 'offset' | 'size' | 'flags';

/** What is wrong with a partition table, where (1-based line and column of a CSV), and how to fix it. */
export interface PartitionProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  hint: string;
}

/** Every problem of a partition table, found at once. */
export class PartitionTableError extends Error {
  override readonly name = 'PartitionTableError';
  constructor(readonly problems: readonly PartitionProblem[]) {
    super(problems.map((p) => `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ${p.message}\n  hint: ${p.hint}`).join('\n'));
  }
}

/** MD5 of some bytes (16 bytes), passed in so that src/shared stays free of node:crypto. */
export type Md5 = (data: Uint8Array) => Uint8Array;

/** Where the bootloader expects the table unless the project moves it (CONFIG_PARTITION_TABLE_OFFSET). */
export const DEFAULT_TABLE_OFFSET = 0x8000;
/** The table occupies one flash sector. */
export const TABLE_SECTOR_SIZE = 0x1000;
/** The binary table: at most 0xC00 bytes, the rest of the sector is left for a signature. */
export const TABLE_LENGTH = 0xc00;
export const ENTRY_SIZE = 32;
/** Entries, the MD5 entry and the 0xFF end marker must fit in TABLE_LENGTH (gen_esp32part's `< MAX_PARTITION_LENGTH`). */
export const MAX_PARTITIONS = TABLE_LENGTH / ENTRY_SIZE - 2;
export const MAX_NAME_BYTES = 16;

export const hex = (n: number): string => `0x${n.toString(16)}`;
