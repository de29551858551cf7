import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodePartitionBinary, parsePartitionBinary, parsePartitionCsv, PartitionTableError, type Partition, type PartitionProblem } from '../../src/shared/partitions.js';
import { partitionTable } from '../flasher/images.js';
import { nvsVectorPath } from '../helpers/vectors.js';

const md5 = (data: Uint8Array): Uint8Array => createHash('md5').update(data).digest();

/** The parts of a partition that the table stores (not where the CSV wrote it). */
const stored = ({ name, type, subtype, offset, size, encrypted, readonly }: Partition) => ({ name, type, subtype, offset, size, encrypted, readonly });

function problemsOf(run: () => unknown): PartitionProblem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PartitionTableError);
    return [...(error as PartitionTableError).problems];
  }
  throw new Error('expected a PartitionTableError');
}

describe('partitions.csv, as gen_esp32part.py reads it', () => {
  it('places the jumpstart table: empty offsets after the previous partition, aligned for their type', () => {
    const csv = readFileSync(nvsVectorPath('01_jumpstart_7mfg', 'partitions.csv'), 'utf8');
    // By hand: the table is at 0x8000, so the first free offset is 0x9000. nvs (data, 4 KiB aligned) 0x9000 + 0x6000 = 0xf000;
    // otadata 0xf000 + 0x2000 = 0x11000; phy_init 0x11000 + 0x1000 = 0x12000; ota_0 is given, 0x20000 + 1600K (0x190000)
    // = 0x1b0000; ota_1 (app, 64 KiB aligned) 0x1b0000 is aligned already, + 0x190000 = 0x340000; fctry is given.
    expect(parsePartitionCsv(csv, 'partitions.csv').map(stored)).toEqual([
      { name: 'nvs', type: 0x01, subtype: 0x02, offset: 0x9000, size: 0x6000, encrypted: false, readonly: false },
      { name: 'otadata', type: 0x01, subtype: 0x00, offset: 0xf000, size: 0x2000, encrypted: false, readonly: false },
      { name: 'phy_init', type: 0x01, subtype: 0x01, offset: 0x11000, size: 0x1000, encrypted: false, readonly: false },
      { name: 'ota_0', type: 0x00, subtype: 0x10, offset: 0x20000, size: 0x190000, encrypted: false, readonly: false },
      { name: 'ota_1', type: 0x00, subtype: 0x11, offset: 0x1b0000, size: 0x190000, encrypted: false, readonly: false },
      { name: 'fctry', type: 0x01, subtype: 0x02, offset: 0x340000, size: 0x6000, encrypted: false, readonly: false },
    ]);
  });

  it('aligns an app after a data partition to 64 KiB, and starts after a moved table', () => {
    const csv = 'nvs, data, nvs, , 0x5000\nfactory, app, factory, , 1M\n';
    expect(parsePartitionCsv(csv, 'p.csv').map((p) => [p.offset, p.size])).toEqual([
      [0x9000, 0x5000],
      [0x10000, 0x100000],
    ]);
    expect(parsePartitionCsv(csv, 'p.csv', { tableOffset: 0x10000 }).map((p) => p.offset)).toEqual([0x11000, 0x20000]);
  });

  it('reads sizes with K and M, numbers for types and subtypes, flags, a negative size as an end address', () => {
    const csv = [
      'a, data, 0x99, , 4K, encrypted',
      'b, 0x40, 7, , 0x1000, readonly',
      'c, data, fat, 0x100000, 1M, encrypted:readonly',
      'd, data, spiffs, , -0x400000',
      'e, data, , , 8k',
    ].join('\n');
    expect(parsePartitionCsv(csv, 'p.csv').map(stored)).toEqual([
      { name: 'a', type: 0x01, subtype: 0x99, offset: 0x9000, size: 0x1000, encrypted: true, readonly: false },
      { name: 'b', type: 0x40, subtype: 7, offset: 0xa000, size: 0x1000, encrypted: false, readonly: true },
      { name: 'c', type: 0x01, subtype: 0x81, offset: 0x100000, size: 0x100000, encrypted: true, readonly: true },
      { name: 'd', type: 0x01, subtype: 0x82, offset: 0x200000, size: 0x200000, encrypted: false, readonly: false },
      { name: 'e', type: 0x01, subtype: 0x06, offset: 0x400000, size: 0x2000, encrypted: false, readonly: false },
    ]);
  });

  it('keeps where each field is written', () => {
    const [p] = parsePartitionCsv('# comment\n\n  fctry,data,nvs,  0x9000 ,0x6000\n', 'p.csv');
    expect(p!.csv).toEqual({ line: 3, columns: { name: 3, type: 9, subtype: 14, offset: 20, size: 28, flags: 34 } });
  });

  it('reports every problem at once, each with its line and column', () => {
    const csv = [
      '# Name, Type, SubType, Offset, Size, Flags', // 1
      'nvs,      data, nvs,     ,        0x6000', // 2: 0x9000-0xefff
      'phy_init, data, phy,     0xe000,  0x1000', // 3: overlaps nvs
      'factory,  app,  factory, 0x18000, 1M', // 4: misaligned app
      'thing,    dato, nvs,     ,        0x1000', // 5: unknown type
      'nvs,      data, nvs,     ,        0x1000', // 6: duplicate name
      'storage,  data, fatfs,   ,        0x1000', // 7: unknown subtype
      'blob,     data, nvs,     ,        , secret', // 8: no size, unknown flag
      'app2,     app,  ota_0,   ,        0x1800', // 9: app size not a multiple of 4 KiB
    ].join('\n');
    const problems = problemsOf(() => parsePartitionCsv(csv, 'partitions.csv'));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 26, "partition 'phy_init' at 0xe000 overlaps 'nvs' (0x9000-0xefff)"],
      [4, 26, "partition 'factory' starts at 0x18000, which is not aligned to 0x10000"],
      [5, 11, "unknown partition type 'dato'"],
      [6, 1, "partition name 'nvs' is used twice (also on line 2)"],
      [7, 17, "unknown subtype 'fatfs' for a data partition"],
      [8, 35, "partition 'blob' has no size"],
      [8, 37, "unknown flag 'secret'"],
      [9, 35, "app partition 'app2' has size 0x1800, which is not a multiple of 0x1000"],
    ]);
    expect(problems.every((p) => p.file === 'partitions.csv' && p.hint.length > 0)).toBe(true);
  });

  it('refuses partitions over the table, out of order, or with an unreadable number', () => {
    const problems = problemsOf(() => parsePartitionCsv('a, data, nvs, 0x8000, 0x1000\nb, data, nvs, 0x20000, 0x1000\nc, data, nvs, 0x10000, 0x1000\nd, data, nvs, 0xzz, 1M\n', 'p.csv'));
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, "partition 'a' at 0x8000 overlaps the partition table (0x8000-0x8fff)"],
      [3, "partition 'c' at 0x10000 is listed after 'b', which ends at 0x21000"],
      [4, "offset '0xzz' is not a number"],
    ]);
  });

  it('refuses a name longer than 16 bytes and an app without a subtype', () => {
    const problems = problemsOf(() => parsePartitionCsv('a_very_long_partition_name, data, nvs, , 0x1000\nfactory, app, , , 1M\n', 'p.csv'));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 1, "partition name 'a_very_long_partition_name' is 26 bytes; a name holds at most 16"],
      [2, 15, "app partition 'factory' has no subtype"],
    ]);
  });
});

describe('partition-table.bin', () => {
  const csv = readFileSync(nvsVectorPath('01_jumpstart_7mfg', 'partitions.csv'), 'utf8');

  it('round-trips CSV -> binary -> partitions', () => {
    const partitions = parsePartitionCsv(csv, 'partitions.csv');
    const binary = encodePartitionBinary(partitions, { md5 });
    expect(binary.length).toBe(0xc00);
    expect(binary.subarray(0, 2)).toEqual(Uint8Array.of(0xaa, 0x50));
    expect(binary.subarray(6 * 32, 6 * 32 + 16)).toEqual(Uint8Array.of(0xeb, 0xeb, ...new Array<number>(14).fill(0xff)));
    expect(binary.subarray(7 * 32).every((b) => b === 0xff)).toBe(true);
    const back = parsePartitionBinary(binary, { md5, file: 'partition-table.bin' });
    expect(back.map(stored)).toEqual(partitions.map(stored));
    expect(back.map((p) => p.entryOffset)).toEqual([0, 32, 64, 96, 128, 160]);
    expect(encodePartitionBinary(back, { md5 })).toEqual(binary);
  });

  it('writes the same bytes as the flasher tests\' independent encoder', () => {
    const appSize = 40 * 1024;
    const csv2 = 'nvs, data, nvs, 0x9000, 0x6000\nphy_init, data, phy, 0xf000, 0x1000\nfactory, app, factory, 0x10000, 0x100000\n';
    expect(encodePartitionBinary(parsePartitionCsv(csv2, 'p.csv'), { md5 })).toEqual(partitionTable(appSize));
  });

  it('flags come back, and a table without an MD5 entry is fine', () => {
    const partitions = parsePartitionCsv('a, data, nvs, , 0x3000, readonly\nb, data, fat, , 0x1000, encrypted\n', 'p.csv');
    const binary = encodePartitionBinary(partitions, { md5 });
    binary.fill(0xff, 64, 96); // drop the MD5 entry: gen_esp32part --disable-md5sum
    expect(parsePartitionBinary(binary, { md5 }).map((p) => [p.readonly, p.encrypted])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('finds a wrong MD5, a bad magic, a missing end marker and overlaps', () => {
    const binary = encodePartitionBinary(parsePartitionCsv(csv, 'partitions.csv'), { md5 });
    const damaged = binary.slice();
    damaged[12] = 'N'.charCodeAt(0); // rename nvs: the MD5 no longer matches
    expect(problemsOf(() => parsePartitionBinary(damaged, { md5, file: 't.bin' }))[0]!.message).toMatch(/^entry at byte 0xc0: the MD5 of the entries is [0-9a-f]{32}, but they hash to [0-9a-f]{32}$/);

    const badMagic = binary.slice();
    badMagic[32] = 0x12;
    expect(problemsOf(() => parsePartitionBinary(badMagic, { md5 })).map((p) => p.message)).toEqual(['entry at byte 0x20 starts with 1250, not the partition magic aa50']);

    const noEnd = binary.slice(0, 7 * 32);
    expect(problemsOf(() => parsePartitionBinary(noEnd, { md5 })).map((p) => p.message)).toEqual(['the table has no end marker (an entry of 32 bytes 0xFF)']);
    expect(problemsOf(() => parsePartitionBinary(binary.slice(0, 100), { md5 })).map((p) => p.message)[0]).toBe('the table is 100 bytes, not a whole number of 32-byte entries');

    const overlapping = [...parsePartitionCsv(csv, 'p.csv')];
    overlapping[1] = { ...overlapping[1]!, offset: 0xa000, csv: undefined };
    const table = encodePartitionBinary(overlapping, { md5 });
    expect(problemsOf(() => parsePartitionBinary(table, { md5 })).map((p) => p.message)).toEqual(["entry at byte 0x20: partition 'otadata' (0xa000-0xbfff) overlaps 'nvs' (0x9000-0xefff)"]);
  });
});
