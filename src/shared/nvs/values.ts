import { decodeBase64Lenient } from './base64.js';
import { NvsInputError, type SourceLocation } from './errors.js';
import { PRIMITIVE_TYPES, type PrimitiveType } from './items.js';
import { parsePythonInt } from './python-int.js';

/** A row's value: literal text from the CSV (type data), or a file's bytes (type file). */
export type RawValue = { text: string } | { bytes: Uint8Array; path: string };

export type DecodedValue = { kind: 'primitive'; type: PrimitiveType; value: bigint } | { kind: 'string'; bytes: Uint8Array } | { kind: 'blob'; bytes: Uint8Array };

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const RANGES: Record<PrimitiveType, [bigint, bigint]> = {
  u8: [0n, 0xffn],
  i8: [-0x80n, 0x7fn],
  u16: [0n, 0xffffn],
  i16: [-0x8000n, 0x7fffn],
  u32: [0n, 0xffffffffn],
  i32: [-0x80000000n, 0x7fffffffn],
  u64: [0n, 0xffffffffffffffffn],
  i64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

const FILL = /^(blob_fill|blob_sz_fill)\((\d+);(0x[0-9a-f]{2})\)$/i;

export const ENCODINGS = [...PRIMITIVE_TYPES, 'string', 'binary', 'hex2bin', 'base64', 'blob_fill(N;0xPP)', 'blob_sz_fill(N;0xPP)'];

const isAsciiSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);

function asBytes(raw: RawValue): Uint8Array {
  return 'text' in raw ? utf8.encode(raw.text) : raw.bytes;
}

/** The value as text: a file's bytes must be UTF-8. */
function asText(raw: RawValue, at: SourceLocation): string {
  if ('text' in raw) return raw.text;
  try {
    return strictUtf8.decode(raw.bytes);
  } catch {
    throw new NvsInputError(`file '${raw.path}' is not valid UTF-8 text`, at, 'store binary files with the encoding binary, hex2bin or base64');
  }
}

function describe(raw: RawValue): string {
  if ('path' in raw) return `the contents of '${raw.path}'`;
  return raw.text.length > 40 ? `'${raw.text.slice(0, 40)}…'` : `'${raw.text}'`;
}

function decodeInteger(type: PrimitiveType, raw: RawValue, at: SourceLocation): DecodedValue {
  const text = asText(raw, at);
  const value = parsePythonInt(text);
  if (value === undefined) {
    throw new NvsInputError(`${describe(raw)} is not a decimal integer (encoding ${type})`, at, 'write integers in decimal, e.g. 42 or -7 (hexadecimal like 0x10 is not accepted)');
  }
  const [min, max] = RANGES[type];
  if (value < min || value > max) {
    throw new NvsInputError(`${value} is out of range for ${type} (${min} to ${max})`, at, 'use a wider integer type or a value within the range');
  }
  return { kind: 'primitive', type, value };
}

function decodeHex(raw: RawValue, at: SourceLocation): Uint8Array {
  const bytes = asBytes(raw);
  let start = 0;
  let end = bytes.length;
  while (start < end && isAsciiSpace(bytes[start]!)) start++;
  while (end > start && isAsciiSpace(bytes[end - 1]!)) end--;
  const length = end - start;
  if (length % 2 !== 0) {
    throw new NvsInputError(`hex2bin value ${describe(raw)} has an odd number of digits (${length})`, at, 'hex2bin needs two hex digits per byte, e.g. 0a1b2c');
  }
  const out = new Uint8Array(length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(bytes[start + 2 * i]!);
    const lo = hexDigit(bytes[start + 2 * i + 1]!);
    if (hi < 0 || lo < 0) {
      const offset = 2 * i + (hi < 0 ? 0 : 1);
      throw new NvsInputError(`hex2bin value ${describe(raw)} has a character that is not a hex digit at position ${offset + 1}`, at, 'hex2bin accepts only 0-9, a-f and A-F');
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function decodeFill(match: RegExpExecArray, raw: RawValue, at: SourceLocation): Uint8Array {
  const withSize = match[1]!.toLowerCase() === 'blob_sz_fill';
  const size = Number(match[2]);
  const fill = parseInt(match[3]!, 16);
  const data = asBytes(raw);
  if (data.length > size) {
    throw new NvsInputError(`${describe(raw)} is ${data.length} bytes, longer than the ${size} bytes of ${match[0]}`, at, `shorten the value or raise the size in ${match[1]}(N;0xPP)`);
  }
  const header = withSize ? 4 : 0;
  const out = new Uint8Array(header + size).fill(fill);
  if (withSize) new DataView(out.buffer).setUint32(0, data.length, true);
  out.set(data, header);
  return out;
}

/** Decodes one row's value by its encoding. Encodings are not case-sensitive (the reference's are, half-way: see docs/compatibility.md). */
export function decodeValue(encoding: string, raw: RawValue, at: SourceLocation, encodingAt: SourceLocation): DecodedValue {
  const name = encoding.toLowerCase();
  if ((PRIMITIVE_TYPES as readonly string[]).includes(name)) return decodeInteger(name as PrimitiveType, raw, at);
  switch (name) {
    case 'string': {
      const text = utf8.encode(asText(raw, at));
      const bytes = new Uint8Array(text.length + 1);
      bytes.set(text);
      return { kind: 'string', bytes };
    }
    case 'binary':
      return { kind: 'blob', bytes: asBytes(raw) };
    case 'hex2bin':
      return { kind: 'blob', bytes: decodeHex(raw, at) };
    case 'base64': {
      const result = decodeBase64Lenient(asBytes(raw));
      if (typeof result === 'string') throw new NvsInputError(`base64 value ${describe(raw)}: ${result}`, at);
      return { kind: 'blob', bytes: result };
    }
  }
  const fill = FILL.exec(encoding);
  if (fill) return { kind: 'blob', bytes: decodeFill(fill, raw, at) };
  const hint = encoding.trim() !== encoding ? 'remove the spaces around the encoding' : `use one of: ${ENCODINGS.join(', ')}`;
  throw new NvsInputError(`'${encoding}' is not a supported encoding`, encodingAt, hint);
}
