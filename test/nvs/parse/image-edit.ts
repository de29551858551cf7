import { entryCrc32 } from '../../../src/shared/nvs/crc32.js';
import { BITMAP_OFFSET, PAGE_SIZE, entryOffset } from '../../../src/shared/nvs/layout.js';
import { readNvsVector } from '../../helpers/vectors.js';

/** A vector image, copied so that a test may change it. */
export const vectorImage = (caseName: string, file = 'output.bin'): Uint8Array => readNvsVector(caseName, file).slice();

const STATE_BITS = { Empty: 0b11, Written: 0b10, Erased: 0b00 } as const;

export function setEntryState(image: Uint8Array, page: number, slot: number, state: keyof typeof STATE_BITS): void {
  const at = page * PAGE_SIZE + BITMAP_OFFSET + (slot >> 2);
  const shift = (slot & 3) * 2;
  image[at] = (image[at]! & ~(3 << shift)) | (STATE_BITS[state] << shift);
}

/** Recomputes the entry CRC after a test changed the entry's bytes. */
export function fixEntryCrc(image: Uint8Array, page: number, slot: number): void {
  const at = entryOffset(page, slot);
  new DataView(image.buffer, image.byteOffset).setUint32(at + 4, entryCrc32(image, at), true);
}

/** Writes a complete single-slot entry (with its CRC) and marks it written. */
export function writeEntry(image: Uint8Array, page: number, slot: number, fields: { ns: number; type: number; key: string; data: number[] }): void {
  const at = entryOffset(page, slot);
  const entry = new Uint8Array(32).fill(0xff);
  entry.set([fields.ns, fields.type, 1, 0xff]);
  entry.fill(0, 8, 24);
  entry.set(new TextEncoder().encode(fields.key), 8);
  entry.set(fields.data, 24);
  image.set(entry, at);
  fixEntryCrc(image, page, slot);
  setEntryState(image, page, slot, 'Written');
}

export function eraseEntrySlots(image: Uint8Array, page: number, slot: number, count: number): void {
  for (let i = slot; i < slot + count; i++) {
    image.fill(0xff, entryOffset(page, i), entryOffset(page, i) + 32);
    setEntryState(image, page, i, 'Empty');
  }
}
