/** Number and byte formatting the way nvs_tool's Python format strings print them. */

/** Python f'{n:03d}': zero-padded to 3 characters, sign included. */
export const d03 = (n: number): string => (n < 0 ? `-${String(-n).padStart(2, '0')}` : String(n).padStart(3, '0'));

/** Python f'{n: 5d}': a space where a plus sign would go, then right-aligned in 5 characters. */
export const sp5 = (n: number): string => (n < 0 ? String(n) : ` ${n}`).padStart(5);

export const hex = (n: number): string => n.toString(16);

const HEX2 = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
export const hex2 = (b: number): string => HEX2[b]!;

/** Python's str.isprintable() for chr(0)…chr(255): C0 and C1 controls, DEL, NBSP and the soft hyphen are not. */
const SHOWN = Array.from({ length: 256 }, (_, b) => (b < 0x20 || (b >= 0x7f && b <= 0xa0) || b === 0xad ? '.' : String.fromCharCode(b)));

/** A 32-byte slot as hex and characters, with a gap after 16 bytes (nvs_tool's dump_raw). */
export function dumpRaw(raw: Uint8Array): string {
  const hexParts: string[] = [];
  const chars: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (i === 16) {
      hexParts.push(' ');
      chars.push(' ');
    }
    hexParts.push(`${HEX2[raw[i]!]!} `);
    chars.push(SHOWN[raw[i]!]!);
  }
  return `${hexParts.join('')} ${chars.join('')}`;
}

/** Python's repr() of a bytes object: b'…' with \\xNN escapes. */
export function pyBytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  const parts: string[] = [];
  for (const b of bytes) {
    if (b === 0x5c) parts.push('\\\\');
    else if (b === quote.charCodeAt(0)) parts.push(`\\${quote}`);
    else if (b === 0x09) parts.push('\\t');
    else if (b === 0x0a) parts.push('\\n');
    else if (b === 0x0d) parts.push('\\r');
    else if (b < 0x20 || b >= 0x7f) parts.push(`\\x${HEX2[b]!}`);
    else parts.push(String.fromCharCode(b));
  }
  return `b${quote}${parts.join('')}${quote}`;
}
