import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, entryCrc32 } from '../../../src/shared/nvs/crc32.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('crc32 (zlib.crc32(data, 0xFFFFFFFF) as ESP-IDF uses it)', () => {
  it('gives the check values of the spec', () => {
    expect(crc32(ascii('123456789'))).toBe(0xd202d277);
    expect(crc32(new Uint8Array())).toBe(0xffffffff);
  });

  it('equals zlib seeded with 0xFFFFFFFF on any bytes and any sub-range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length ? a % bytes.length : 0;
        const end = start + (bytes.length ? b % (bytes.length - start + 1) : 0);
        expect(crc32(bytes, start, end)).toBe(zlibCrc32(bytes.subarray(start, end), 0xffffffff));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('computes an entry CRC over bytes 0-3 and 8-31', () => {
    const entry = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const covered = new Uint8Array([...entry.subarray(0, 4), ...entry.subarray(8, 32)]);
    expect(entryCrc32(entry, 0)).toBe(zlibCrc32(covered, 0xffffffff));
  });

  it('gives the page header CRCs listed in the spec', () => {
    const header = (seq: number, version: number): Uint8Array => {
      const h = new Uint8Array(24).fill(0xff);
      new DataView(h.buffer).setUint32(0, seq, true);
      h[4] = version;
      return h;
    };
    expect(crc32(header(0, 0xfe)).toString(16)).toBe('b9ba2d84');
    expect(crc32(header(5, 0xff)).toString(16)).toBe('34feedba');
  });
});
