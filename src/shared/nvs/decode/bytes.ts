/** Little-endian reads and byte-string helpers for the decoder. */

export const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);

export const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** An unsigned (or, with signed, two's complement) little-endian integer of 1, 2, 4 or 8 bytes. */
export function intLE(b: Uint8Array, at: number, size: number, signed: boolean): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(b[at + i]!);
  return signed ? BigInt.asIntN(size * 8, value) : value;
}

export function isAllFF(b: Uint8Array, start = 0, end = b.length): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0xff) return false;
  return true;
}

/** One character per byte (U+0000…U+00FF), as Python's chr() gives them. */
export function latin1(b: Uint8Array): string {
  const CHUNK = 8192; // fromCharCode takes its bytes as arguments: keep the argument list short
  if (b.length <= CHUNK) return String.fromCharCode.apply(null, b as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < b.length; i += CHUNK) parts.push(String.fromCharCode.apply(null, b.subarray(i, i + CHUNK) as unknown as number[]));
  return parts.join('');
}

/** The bytes without trailing NULs (Python's bytes.rstrip(b'\x00')). */
export function rstripNul(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
}

/** The bytes before the first NUL (a C string). */
export function cString(b: Uint8Array): Uint8Array {
  const nul = b.indexOf(0);
  return nul < 0 ? b : b.subarray(0, nul);
}

const lenientUtf8 = new TextDecoder('utf-8');

/** Whether the bytes are well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
export function isUtf8(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= b.length) return false;
    // The second byte's range is what rules out overlongs, surrogates and values past U+10FFFF.
    const min = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const max = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1]! < min || b[i + 1]! > max) return false;
    for (let k = 2; k <= need; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return false;
    i += need + 1;
  }
  return true;
}

/** UTF-8 when the bytes are valid UTF-8, else one character per byte. */
export function utf8OrLatin1(b: Uint8Array): string {
  return isUtf8(b) ? lenientUtf8.decode(b) : latin1(b);
}

/** UTF-8 with U+FFFD for invalid sequences. */
export const utf8Lenient = (b: Uint8Array): string => lenientUtf8.decode(b);
