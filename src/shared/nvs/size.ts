import { NvsInputError, type SourceLocation } from './errors.js';
import { PAGE_SIZE } from './layout.js';
import { parsePythonIntAnyBase } from './python-int.js';

/**
 * Reads a partition size the way the reference does (Python's int(text, 0):
 * 0x6000, 24576, 0o60000) and checks it.
 */
export function parsePartitionSize(text: string, at?: SourceLocation): number {
  const value = parsePythonIntAnyBase(text);
  if (value === undefined) {
    throw new NvsInputError(`'${text}' is not a partition size`, at, 'give the size in bytes, e.g. 0x6000 or 24576, as in partitions.csv');
  }
  const size = Number(value);
  if (size < PAGE_SIZE) throw new NvsInputError(`partition size ${text} is smaller than one page (4096 bytes)`, at, 'NVS partitions are at least 0x3000 bytes (0x1000 or 0x2000 only for read-only partitions)');
  if (size % PAGE_SIZE !== 0) throw new NvsInputError(`partition size ${text} is not a multiple of 4096`, at, 'round the size to whole 4 KiB pages, e.g. 0x6000');
  if (!Number.isSafeInteger(size) || size > 0x10000000) throw new NvsInputError(`partition size ${text} is too large`, at, 'NVS partitions are at most a few megabytes');
  return size;
}

/**
 * Pages the generator may fill. A read/write partition keeps its last page
 * empty for the firmware; below 0x3000 the partition is read-only and every page may hold data.
 */
export function partitionGeometry(size: number): { dataPages: number; readOnly: boolean } {
  const pages = size / PAGE_SIZE;
  const readOnly = size - PAGE_SIZE < 2 * PAGE_SIZE;
  return { dataPages: readOnly ? pages : pages - 1, readOnly };
}
