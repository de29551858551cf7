import { crc32, entryCrc32 } from './crc32.js';
import {
  BITMAP_OFFSET,
  CHUNK_ANY,
  ENTRIES_PER_PAGE,
  ENTRY_SIZE,
  FIRST_ENTRY_OFFSET,
  PAGE_SIZE,
  PAGE_STATE,
  PAGE_VERSION,
} from './layout.js';
import type { FormatVersion } from './items.js';

/** Thrown when a new page is needed and the partition has none left. */
export class OutOfPagesError extends Error {}

const utf8 = new TextEncoder();

export interface EntryHeader {
  nsIndex: number;
  type: number;
  span: number;
  chunkIndex?: number;
  key: Uint8Array;
}

/**
 * Writes entries into consecutive pages of an image buffer the way the
 * reference generator lays them out: pages in order with sequence numbers
 * 0, 1, 2…, slots filled from 0, every filled slot marked written, the page
 * before a new one marked FULL.
 */
export class PageWriter {
  readonly image: Uint8Array;
  private readonly view: DataView;
  pageCount = 0;
  /** Slots used on the current page. */
  slot = 0;

  /**
   * imageSize: the whole partition, which may hold more pages than maxPages (the reserved page).
   * output: a buffer of that size to fill instead of allocating one (mass generation reuses it).
   */
  constructor(
    readonly maxPages: number,
    private readonly version: FormatVersion,
    imageSize = maxPages * PAGE_SIZE,
    output?: Uint8Array,
  ) {
    this.image = (output && output.length === imageSize ? output : new Uint8Array(imageSize)).fill(0xff);
    this.view = new DataView(this.image.buffer);
    this.newPage();
  }

  get freeSlots(): number {
    return ENTRIES_PER_PAGE - this.slot;
  }

  newPage(): void {
    if (this.pageCount >= this.maxPages) throw new OutOfPagesError();
    if (this.pageCount > 0) this.view.setUint32((this.pageCount - 1) * PAGE_SIZE, PAGE_STATE.full, true);
    const base = this.pageCount * PAGE_SIZE;
    this.view.setUint32(base, PAGE_STATE.active, true);
    this.view.setUint32(base + 4, this.pageCount, true);
    this.image[base + 8] = PAGE_VERSION[this.version];
    this.view.setUint32(base + 28, crc32(this.image, base + 4, base + 28), true);
    this.pageCount++;
    this.slot = 0;
  }

  private slotOffset(slot: number): number {
    return (this.pageCount - 1) * PAGE_SIZE + FIRST_ENTRY_OFFSET + slot * ENTRY_SIZE;
  }

  private markWritten(first: number, count: number): void {
    const bitmap = (this.pageCount - 1) * PAGE_SIZE + BITMAP_OFFSET;
    for (let i = first; i < first + count; i++) this.image[bitmap + (i >> 2)]! &= ~(1 << ((i & 3) * 2));
  }

  /**
   * Writes an entry at the current slot: its header, the 8-byte data field
   * filled by `data`, and `payload` in the slots after it; then its CRC.
   */
  writeEntry(header: EntryHeader, data: (view: DataView, at: number) => void, payload?: Uint8Array): void {
    const at = this.slotOffset(this.slot);
    this.image[at] = header.nsIndex;
    this.image[at + 1] = header.type;
    this.image[at + 2] = header.span;
    this.image[at + 3] = header.chunkIndex ?? CHUNK_ANY;
    this.image.fill(0, at + 8, at + 24);
    this.image.set(header.key, at + 8);
    data(this.view, at + 24);
    this.view.setUint32(at + 4, entryCrc32(this.image, at), true);
    if (payload && payload.length > 0) this.image.set(payload, at + ENTRY_SIZE);
    this.markWritten(this.slot, header.span);
    this.slot += header.span;
  }
}

// Mass generation writes the same few keys for every device: encode each once.
const keyCache = new Map<string, Uint8Array>();

export function keyBytes(key: string): Uint8Array {
  let bytes = keyCache.get(key);
  if (!bytes) {
    bytes = utf8.encode(key);
    if (keyCache.size >= 4096) keyCache.clear();
    keyCache.set(key, bytes);
  }
  return bytes;
}
