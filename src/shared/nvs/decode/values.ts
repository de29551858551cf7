import { crc32 } from '../crc32.js';
import type { PrimitiveType } from '../items.js';
import { utf8Lenient } from './bytes.js';
import { keyId } from './problem.js';
import type { NvsEntry, NvsImage } from './types.js';

const PRIMITIVES: ReadonlyMap<number, PrimitiveType> = new Map([
  [0x01, 'u8'],
  [0x11, 'i8'],
  [0x02, 'u16'],
  [0x12, 'i16'],
  [0x04, 'u32'],
  [0x14, 'i32'],
  [0x08, 'u64'],
  [0x18, 'i64'],
]);

/** One key's value as the firmware would read it. page/entry: where its (index) entry is. */
export type NvsValue = { namespace: string; nsIndex: number; key: string; page: number; entry: number } & (
  | { type: PrimitiveType; value: bigint }
  /** value: the text without its terminating NUL; bytes: as stored, NUL included. */
  | { type: 'string'; value: string; bytes: Uint8Array }
  /** version 1: one legacy BLOB item; 2: BLOB_DATA chunks joined in order as their BLOB_IDX lists them. */
  | { type: 'blob'; value: Uint8Array; version: 1 | 2 }
);

/** The payload of a string, v1 blob or blob chunk when all of it is there and its CRC holds. */
function intactPayload(entry: NvsEntry): Uint8Array | undefined {
  const data = entry.data;
  if (data.kind !== 'variable' || data.payload.length !== data.size) return undefined;
  return crc32(data.payload) === data.crc ? data.payload : undefined;
}

function joinChunks(index: NvsEntry, chunks: ReadonlyMap<string, NvsEntry[]>): Uint8Array | undefined {
  if (index.data.kind !== 'blobIndex') return undefined;
  const { size, chunkCount, chunkStart } = index.data;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const chunk = chunks.get(`${index.nsIndex}:${keyId(index)}:${chunkStart + i}`)?.[0];
    const payload = chunk && intactPayload(chunk);
    if (!payload) return undefined;
    parts.push(payload);
  }
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  if (total !== size) return undefined;
  const value = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    value.set(part, at);
    at += part.length;
  }
  return value;
}

/**
 * Every key's value, in image order, as the device would read it: only
 * written entries with a good CRC in a defined namespace count, and a v2 blob
 * only when all its chunks are there, intact, and add up to its size. Values
 * that do not qualify are left out; `image.problems` says why. A key written
 * twice appears twice.
 */
export function readValues(image: NvsImage): NvsValue[] {
  const candidates: NvsEntry[] = [];
  const chunks = new Map<string, NvsEntry[]>();
  for (const page of image.pages) {
    for (const entry of page.entries) {
      if (entry.state !== 'Written' || entry.crc.original !== entry.crc.computed || entry.nsIndex === 0) continue;
      if (!image.namespaces.has(entry.nsIndex)) continue;
      if (entry.typeName === 'blob_data') {
        const id = `${entry.nsIndex}:${keyId(entry)}:${entry.chunkIndex}`;
        const list = chunks.get(id);
        if (list) list.push(entry);
        else chunks.set(id, [entry]);
      } else {
        candidates.push(entry);
      }
    }
  }
  const values: NvsValue[] = [];
  for (const entry of candidates) {
    const base = { namespace: image.namespaces.get(entry.nsIndex)!, nsIndex: entry.nsIndex, key: entry.key, page: entry.page, entry: entry.index };
    const primitive = PRIMITIVES.get(entry.typeCode);
    if (primitive && entry.data.kind === 'primitive') {
      values.push({ ...base, type: primitive, value: entry.data.value });
    } else if (entry.typeName === 'string') {
      const bytes = intactPayload(entry);
      if (!bytes) continue;
      const text = bytes.length > 0 && bytes[bytes.length - 1] === 0 ? bytes.subarray(0, bytes.length - 1) : bytes;
      values.push({ ...base, type: 'string', value: utf8Lenient(text), bytes });
    } else if (entry.typeName === 'blob') {
      const bytes = intactPayload(entry);
      if (bytes) values.push({ ...base, type: 'blob', value: bytes, version: 1 });
    } else if (entry.typeName === 'blob_index') {
      const bytes = joinChunks(entry, chunks);
      if (bytes) values.push({ ...base, type: 'blob', value: bytes, version: 2 });
    }
  }
  return values;
}

/** The first value of `key` in `namespace`, if the image holds one. */
export const findValue = (values: readonly NvsValue[], namespace: string, key: string): NvsValue | undefined =>
  values.find((value) => value.namespace === namespace && value.key === key);
