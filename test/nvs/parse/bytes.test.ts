import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUtf8, utf8OrLatin1 } from '../../../src/shared/nvs/decode/bytes.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const strictOk = (b: Uint8Array): boolean => {
  try {
    strict.decode(b);
    return true;
  } catch {
    return false;
  }
};

describe('isUtf8', () => {
  it('agrees with a strict UTF-8 decoder on random bytes and on UTF-8 text', () => {
    const bytes = fc.uint8Array({ maxLength: 16 });
    const nearUtf8 = fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => new TextEncoder().encode(s));
    fc.assert(fc.property(fc.oneof(bytes, nearUtf8), (b) => isUtf8(b) === strictOk(b)), { numRuns: 2000 });
  });

  it('rejects overlongs, surrogates and code points past U+10FFFF', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xc3]]) {
      expect(isUtf8(Uint8Array.from(bad))).toBe(false);
    }
  });

  it('utf8OrLatin1 shows UTF-8 as text and anything else one character per byte', () => {
    expect(utf8OrLatin1(Uint8Array.from([0x6b, 0xc3, 0xa9, 0x79]))).toBe('kéy');
    expect(utf8OrLatin1(Uint8Array.from([0xff, 0x41]))).toBe('\u00ffA');
  });
});
