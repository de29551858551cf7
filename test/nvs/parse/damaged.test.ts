import { describe, expect, it } from 'vitest';
import { decodeImage, type NvsImage } from '../../../src/shared/nvs/decode/index.js';
import { entryOffset } from '../../../src/shared/nvs/layout.js';
import { renderReport } from '../../../src/shared/nvs/report/index.js';
import { eraseEntrySlots, fixEntryCrc, setEntryState, vectorImage, writeEntry } from './image-edit.js';

const codes = (image: NvsImage): string[] => image.problems.map((p) => `${p.severity} ${p.code}${p.page === undefined ? '' : ` p${p.page}`}${p.entry === undefined ? '' : ` e${p.entry}`}`);
const checkText = (image: NvsImage): string => renderReport(image, { dump: 'none', format: 'text', integrity: true });

describe('problems found in damaged images', () => {
  it('finds nothing in a good image', () => {
    expect(decodeImage(vectorImage('01_jumpstart_7mfg')).problems).toEqual([]);
  });

  it('a flipped page header CRC byte', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    image[28] = image[28]! ^ 0xff;
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error page-header-crc p0']);
    expect(decoded.problems[0]!.message).toBe('page 0 (at 0x0): the header CRC is 0xb9ba2d7b but the header gives 0xb9ba2d84');
    expect(checkText(decoded)).toContain('Page no. 0 Original CRC32: b9ba2d7b Generated CRC32: b9ba2d84\n');
  });

  it('a flipped entry CRC byte and a flipped data byte', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    image[entryOffset(0, 0) + 4] = image[entryOffset(0, 0) + 4]! ^ 1;
    image[entryOffset(0, 2)] = 0x46; // "ESPJS" -> "FSPJS"
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error entry-crc p0 e0', 'error data-crc p0 e1']);
    expect(decoded.problems[1]!.message).toBe('page 0 entry 1 (key "serial_no"): the data CRC is 0x907d2d4d but the data gives 0x7b4a964e');
    const text = checkText(decoded);
    expect(text).toContain(' Entry #000 mfg_ns has wrong CRC32!      Written: f5318f8b Generated: f5318f8a\n');
    expect(text).toContain(' Entry #001 serial_no data (string, blob) has wrong CRC32! Written: 907d2d4d Generated: 7b4a964e\n');
  });

  it('a cut-off file: truncation, too few pages, no empty page; the whole pages are still decoded', () => {
    const image = vectorImage('01_jumpstart_7mfg').subarray(0, 4096 + 100);
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['warning too-few-pages', 'error image-truncated', 'warning no-empty-page']);
    expect(decoded.pages).toHaveLength(1);
    expect(decoded.namespaces.get(1)).toBe('mfg_ns');
    expect(checkText(decoded)).toBe(
      [
        '',
        'NVS Partition size must be at least 0x3000 (4kiB * 3 pages == 12kiB)!',
        'NVS Partition size must be a multiple of 0x1000 (4kiB)!',
        'No free (empty) page found in the NVS partition,',
        'at least one free page is required for proper function!',
        'NVS partition possibly truncated?',
        '',
        'Page no. 0 \tCRC32: OK',
        '',
        '',
      ].join('\n'),
    );
  });

  it('no empty page in a partition of 3 pages or more is an error', () => {
    const image = vectorImage('07_near_full');
    image.set([0xfc, 0xff, 0xff, 0xff], 2 * 4096); // the empty page says FULL
    expect(codes(decodeImage(image))).toEqual(['error no-empty-page', 'error page-header-crc p2']);
  });

  it('a removed blob index leaves orphaned chunks', () => {
    const image = vectorImage('04_multipage_v2');
    eraseEntrySlots(image, 2, 65, 1); // blob10000's index
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error orphan-chunk p0 e1', 'error orphan-chunk p1 e0', 'error orphan-chunk p2 e0']);
    expect(decoded.problems[0]!.message).toBe('page 0 entry 1 (key "blob10000"): blob chunk 0 in namespace 1 ("big") has no blob index');
    expect(checkText(decoded)).toContain('Blob blob10000 chunk has no blob index! Namespace index: 001 [big], Chunk Index: 001\n');
  });

  it('a missing chunk: the chunk and its bytes', () => {
    const image = vectorImage('04_multipage_v2');
    eraseEntrySlots(image, 3, 0, 67); // blob4000's chunk 1 (2112 bytes)
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error missing-chunk p3 e67', 'error blob-size p3 e67']);
    expect(decoded.problems[1]).toMatchObject({ expected: 4000, actual: 1888 });
    const text = checkText(decoded);
    expect(text).toContain('Blob blob4000 is missing a chunk! Namespace index: 001 [big], Chunk Index: 001\n');
    expect(text).toContain('Blob blob4000 is missing 2112 B of data! Namespace index: 001\n');
  });

  it('a duplicate key', () => {
    const image = vectorImage('04_multipage_v2');
    writeEntry(image, 4, 8, { ns: 1, type: 0x04, key: 'after', data: [1, 0, 0, 0] });
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error duplicate-key p4 e7', 'error duplicate-key p4 e8']);
    expect(checkText(decoded)).toContain(
      ['Found duplicate entries:', 'Entry\tKey\t\t\tType\t\tNamespace idx\tPage\tPage status', '#007\tafter\t\t\tuint32_t\t1\t\t4\tActive', '#008\tafter\t\t\tuint32_t\t1\t\t4\tActive'].join('\n'),
    );
  });

  it('blob chunks with different chunk indices and their index do not count as duplicates', () => {
    expect(decodeImage(vectorImage('04_multipage_v2')).problems).toEqual([]);
  });

  it('an undefined namespace index and an unused namespace (a warning)', () => {
    const image = vectorImage('04_multipage_v2');
    image[entryOffset(4, 7)] = 9; // "after" moves to namespace 9
    fixEntryCrc(image, 4, 7);
    writeEntry(image, 4, 8, { ns: 0, type: 0x01, key: 'lonely', data: [7] });
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error undefined-namespace p4 e7', 'warning unused-namespace p4 e8']);
    expect(checkText(decoded)).toMatch(/\nUndefined namespace index! Namespace index: 009 \[undefined\]\nFound unused namespace\. Namespace index: 007 \[lonely\]\n$/);
  });

  it('a data slot not in the written state, and a span past the page end', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    setEntryState(image, 0, 10, 'Erased'); // a data slot of "cert"
    image[entryOffset(0, 29) + 2] = 100; // priv_key's index now spans past slot 125
    fixEntryCrc(image, 0, 29);
    const decoded = decodeImage(image);
    expect(codes(decoded)).toContain('error data-state p0 e4');
    expect(codes(decoded)).toContain('error span-out-of-bounds p0 e29');
    const text = checkText(decoded);
    expect(text).toContain(' Inconsistent data state! Entry #004 cert state: Written, Data entry #010 cert state: Erased\n');
    expect(text).toContain(' Variable length entry #029 priv_key is out of bounds!\n');
  });

  it('an unknown entry type and an unknown page state', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    image[entryOffset(0, 0) + 1] = 0x24; // FLOAT, unknown to nvs_tool v6.0.2
    fixEntryCrc(image, 0, 0);
    image.set([0x12, 0x34, 0x56, 0x78], 4096);
    const found = codes(decodeImage(image));
    expect(found).toContain('error unknown-type p0 e0');
    expect(found).toContain('error page-state p1');
    expect(found).toContain('error bad-namespace-entry p0 e0');
  });

  it('an empty page that is not blank', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    image[3 * 4096 + 32 + 31] = 0x7f; // bitmap bits past the last entry
    image[3 * 4096 + 64 + 5] = 0; // a byte of an entry still marked empty
    const decoded = decodeImage(image);
    expect(codes(decoded)).toEqual(['error empty-page-bitmap p3', 'error empty-page-data p3']);
    expect(checkText(decoded)).toContain(
      'Page Empty\nThe page is reported as Empty but its entry state bitmap is not empty!\nThe page is reported as Empty but there are data written!\n',
    );
  });

  it('written but blank, erased but blank', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    setEntryState(image, 0, 40, 'Written');
    setEntryState(image, 0, 41, 'Erased');
    expect(codes(decodeImage(image))).toEqual(['error written-entry-blank p0 e40', 'warning erased-entry-blank p0 e41']);
  });
});
