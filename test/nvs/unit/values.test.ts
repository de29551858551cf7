import { describe, expect, it } from 'vitest';
import { decodeBase64Lenient } from '../../../src/shared/nvs/base64.js';
import { parsePythonInt, parsePythonIntAnyBase } from '../../../src/shared/nvs/python-int.js';
import { decodeValue, type DecodedValue } from '../../../src/shared/nvs/values.js';

const at = { file: 't.csv', line: 1, column: 1 };
const text = (t: string) => ({ text: t });
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytesOf = (value: DecodedValue): Uint8Array => {
  if (value.kind === 'primitive') throw new Error(`expected bytes, got ${value.type}`);
  return value.bytes;
};

describe('integers as Python int() reads them', () => {
  it('accepts signs, surrounding whitespace and single underscores', () => {
    expect(parsePythonInt('+42')).toBe(42n);
    expect(parsePythonInt(' 7\t')).toBe(7n);
    expect(parsePythonInt('1_000')).toBe(1000n);
    expect(parsePythonInt('-0')).toBe(0n);
    expect(parsePythonInt('007')).toBe(7n);
  });
  it('refuses hex, doubled or trailing underscores, empty text', () => {
    for (const bad of ['0x10', '1__0', '1_', '_1', '', ' ', '1.0', '1e3']) expect(parsePythonInt(bad)).toBeUndefined();
  });
  it('reads sizes with int(text, 0)', () => {
    expect(parsePythonIntAnyBase('0x6000')).toBe(0x6000n);
    expect(parsePythonIntAnyBase('24576')).toBe(24576n);
    expect(parsePythonIntAnyBase('0o60000')).toBe(0o60000n);
    expect(parsePythonIntAnyBase('0b1000000000000')).toBe(4096n);
    expect(parsePythonIntAnyBase('0600')).toBeUndefined();
    expect(parsePythonIntAnyBase('abc')).toBeUndefined();
  });
});

describe('base64 as binascii.a2b_base64 reads it', () => {
  const b64 = (s: string) => decodeBase64Lenient(new TextEncoder().encode(s));
  it('decodes, skipping characters outside the alphabet', () => {
    expect(b64('aGVs\nbG8=')).toEqual(new TextEncoder().encode('hello'));
    expect(b64('a G V s b G 8 =')).toEqual(new TextEncoder().encode('hello'));
  });
  it('stops at a complete pad sequence', () => {
    expect(b64('aGk=IGlnbm9yZWQ=')).toEqual(new TextEncoder().encode('hi'));
  });
  it('refuses a dangling character or missing padding', () => {
    expect(b64('aGVsb')).toMatch(/cannot be 1 more than a multiple of 4/);
    expect(b64('aGk')).toMatch(/incorrect base64 padding/);
  });
});

describe('value encodings', () => {
  it('ranges each integer type', () => {
    expect(decodeValue('i8', text('-128'), at, at)).toEqual({ kind: 'primitive', type: 'i8', value: -128n });
    expect(() => decodeValue('i8', text('128'), at, at)).toThrow(/out of range for i8 \(-128 to 127\)/);
    expect(decodeValue('u64', text('18446744073709551615'), at, at)).toMatchObject({ value: 2n ** 64n - 1n });
  });
  it('stores strings with a NUL, binary as UTF-8 without one', () => {
    expect(hex(bytesOf(decodeValue('string', text('é'), at, at)))).toBe('c3a900');
    expect(hex(bytesOf(decodeValue('binary', text('é'), at, at)))).toBe('c3a9');
  });
  it('decodes hex2bin after trimming, in either case', () => {
    expect(hex(bytesOf(decodeValue('hex2bin', text(' 0aFf \n'), at, at)))).toBe('0aff');
    expect(() => decodeValue('hex2bin', text('0g'), at, at)).toThrow(/not a hex digit at position 2/);
  });
  it('pads blob_fill and prefixes blob_sz_fill with the length', () => {
    expect(hex(bytesOf(decodeValue('blob_fill(4;0xAa)', text('ab'), at, at)))).toBe('6162aaaa');
    expect(hex(bytesOf(decodeValue('blob_sz_fill(4;0x00)', text('ab'), at, at)))).toBe('0200000061620000');
    expect(() => decodeValue('blob_fill(1;0x00)', text('ab'), at, at)).toThrow(/longer than the 1 bytes/);
  });
  it('reads encodings in any case (the reference stores upper-case ones literally)', () => {
    expect(hex(bytesOf(decodeValue('HEX2BIN', text('abcd'), at, at)))).toBe('abcd');
    expect(hex(bytesOf(decodeValue('STRING', text('xyz'), at, at)))).toBe('78797a00');
  });
  it('names the supported encodings when given another', () => {
    expect(() => decodeValue('float', text('1.0'), at, at)).toThrow(/'float' is not a supported encoding/);
    expect(() => decodeValue(' u8', text('1'), at, at)).toThrow(/not a supported encoding/);
  });
  it('reads integers and strings from files, and refuses non-UTF-8 text files', () => {
    expect(decodeValue('u16', { bytes: new TextEncoder().encode('513\n'), path: 'f' }, at, at)).toMatchObject({ value: 513n });
    expect(() => decodeValue('string', { bytes: new Uint8Array([0xff]), path: 'f.bin' }, at, at)).toThrow(/'f.bin' is not valid UTF-8/);
  });
});
