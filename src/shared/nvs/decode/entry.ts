import { crc32, entryCrc32 } from '../crc32.js';
import { ENTRY_SIZE } from '../layout.js';
import { cString, intLE, u16, u32, utf8OrLatin1 } from './bytes.js';
import { TYPE_NAMES, typeName } from './names.js';
import type { EntryData, EntryState, NvsEntry, NvsSlot } from './types.js';

/** Type codes below this are fixed-size integers: bits 0-3 give the width, bit 4 the sign. */
const PRIMITIVE_LIMIT = 0x20;

function decodeData(image: Uint8Array, offset: number, code: number): EntryData {
  if (!TYPE_NAMES.has(code)) return { kind: 'unknown' };
  const at = offset + 24;
  if (code < PRIMITIVE_LIMIT) return { kind: 'primitive', value: intLE(image, at, code & 0x0f, (code & 0xf0) !== 0) };
  if (code === 0x48) return { kind: 'blobIndex', size: u32(image, at), chunkCount: image[at + 4]!, chunkStart: image[at + 5]! };
  return { kind: 'variable', size: u16(image, at), crc: u32(image, at + 4), payload: new Uint8Array(0) };
}

/**
 * Decodes the 32 bytes at `offset` as an entry, whatever they hold: the data
 * slots of a string are decoded this way too when a report shows them as
 * nvs_tool does. Children, payload and data CRC are filled in by attachChildren.
 */
export function decodeEntry(image: Uint8Array, offset: number, page: number, index: number, state: EntryState): NvsEntry {
  const raw = image.subarray(offset, offset + ENTRY_SIZE);
  let isEmpty = true;
  for (let i = 0; i < ENTRY_SIZE; i++) {
    if (raw[i] !== 0xff) {
      isEmpty = false;
      break;
    }
  }
  const code = raw[1]!;
  const keyBytes = raw.subarray(8, 24);
  return {
    page,
    index,
    offset,
    raw,
    state,
    isEmpty,
    nsIndex: raw[0]!,
    typeCode: code,
    typeName: typeName(code),
    knownType: TYPE_NAMES.has(code),
    span: raw[2]!,
    chunkIndex: raw[3]!,
    keyBytes,
    key: utf8OrLatin1(cString(keyBytes)),
    crc: { original: u32(raw, 4), computed: entryCrc32(image, offset), dataOriginal: u32(raw, 28), dataComputed: 0 },
    data: decodeData(image, offset, code),
    children: [],
  };
}

/**
 * Gives a multi-slot entry its data slots (they follow it contiguously in the
 * page), its payload and the CRC of its data. Like nvs_tool, the CRC covers the
 * slots cut to the item's size when it has a non-zero size, else all slots.
 */
export function attachChildren(image: Uint8Array, entry: NvsEntry, children: NvsSlot[]): void {
  entry.children = children;
  const start = entry.offset + ENTRY_SIZE;
  const available = children.length * ENTRY_SIZE;
  const data = entry.data;
  const sized = (data.kind === 'variable' || data.kind === 'blobIndex') && data.size > 0 ? Math.min(data.size, available) : available;
  entry.crc.dataComputed = crc32(image, start, start + sized);
  if (data.kind === 'variable') data.payload = image.subarray(start, start + Math.min(data.size, available));
}
