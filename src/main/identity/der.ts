/** The DER encodings a certificate needs, and a reader to walk one. */
import { concatBytes } from '../../shared/bytes.js';

/** DER's parts one after another (a list, as the encoders build them). */
export const concat = (parts: readonly Uint8Array[]): Uint8Array => concatBytes(...parts);

/** Tag, length, value. */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = content.length === 1 ? content[0]! : concat(content);
  const n = body.length;
  const head = n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : n < 0x10000 ? [tag, 0x82, n >> 8, n & 0xff] : [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(body, head.length);
  return out;
}

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

export const sequence = (...parts: Uint8Array[]): Uint8Array => tlv(TAG.sequence, ...parts);

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [];
  const push = (arc: number): void => {
    const septets = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) septets.unshift((rest & 0x7f) | 0x80);
    bytes.push(...septets);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(TAG.oid, Uint8Array.from(bytes));
}

/** A non-negative INTEGER from its big-endian magnitude. */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return trimmed[0]! & 0x80 ? tlv(TAG.integer, Uint8Array.of(0), trimmed) : tlv(TAG.integer, trimmed);
}

export const bitString = (bytes: Uint8Array): Uint8Array => tlv(TAG.bitString, Uint8Array.of(0), bytes);
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.octetString, bytes);

const encoder = new TextEncoder();
export const stringOf = (tag: number, text: string): Uint8Array => tlv(tag, encoder.encode(text));

/** RFC 5280 4.1.2.5: UTCTime up to 2049, GeneralizedTime from 2050; whole seconds, UTC. */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString(); // 2030-01-02T03:04:05.678Z
  const digits = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
  const year = date.getUTCFullYear();
  return year < 2050 ? stringOf(TAG.utcTime, `${digits.slice(2)}Z`) : stringOf(TAG.generalizedTime, `${digits}Z`);
}

export interface Element {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  content: number;
  /** Offset just past the element. */
  end: number;
}

/** The element at `offset`; throws on a truncated or indefinite-length encoding. */
export function readElement(bytes: Uint8Array, offset: number): Element {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('DER: truncated element');
  let content = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[content + i] ?? NaN);
    content += count;
  }
  const end = content + length;
  if (!(end <= bytes.length)) throw new Error('DER: truncated element');
  return { tag, start: offset, content, end };
}

/** The elements inside a constructed element. */
export function children(bytes: Uint8Array, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.content; at < parent.end; ) {
    const child = readElement(bytes, at);
    out.push(child);
    at = child.end;
  }
  return out;
}
