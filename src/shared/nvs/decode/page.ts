import { crc32 } from '../crc32.js';
import { BITMAP_OFFSET, ENTRIES_PER_PAGE, ENTRY_SIZE, FIRST_ENTRY_OFFSET, HEADER_SIZE } from '../layout.js';
import { isAllFF, u32 } from './bytes.js';
import { attachChildren, decodeEntry } from './entry.js';
import { ENTRY_STATES, pageStatus } from './names.js';
import type { EntryState, NvsPage, NvsSlot } from './types.js';

/** The 126 entry states of a page: 2 bits per entry, LSB first within each bitmap byte. */
export function entryStates(image: Uint8Array, pageAddress: number): EntryState[] {
  const states: EntryState[] = new Array<EntryState>(ENTRIES_PER_PAGE);
  for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
    const byte = image[pageAddress + BITMAP_OFFSET + (i >> 2)]!;
    states[i] = ENTRY_STATES[(byte >> ((i & 3) * 2)) & 3]!;
  }
  return states;
}

/**
 * Decodes one 4096-byte page at `address`. Entries are walked the way nvs_tool
 * walks them, so that reports match it: each entry's span byte (0 and 0xFF
 * counting as 1) says how many following slots are its data, whatever the
 * entry's state or type, and the walk resumes after them.
 */
export function decodePage(image: Uint8Array, index: number, address: number): NvsPage {
  const state = u32(image, address);
  const versionByte = image[address + 8]!;
  const states = entryStates(image, address);
  const page: NvsPage = {
    index,
    address,
    isEmpty: isAllFF(image, address, address + HEADER_SIZE),
    state,
    status: pageStatus(state),
    seq: u32(image, address + 4),
    versionByte,
    version: 256 - versionByte,
    crc: { original: u32(image, address + 28), computed: crc32(image, address + 4, address + 28) },
    header: image.subarray(address, address + HEADER_SIZE),
    bitmap: image.subarray(address + BITMAP_OFFSET, address + BITMAP_OFFSET + 32),
    entries: [],
  };
  let slot = 0;
  while (slot < ENTRIES_PER_PAGE) {
    const offset = address + FIRST_ENTRY_OFFSET + slot * ENTRY_SIZE;
    const entry = decodeEntry(image, offset, index, slot, states[slot]!);
    page.entries.push(entry);
    const span = entry.span === 0 || entry.span === 0xff ? 1 : entry.span;
    if (span > 1) {
      const children: NvsSlot[] = [];
      for (let child = slot + 1; child < slot + span && child < ENTRIES_PER_PAGE; child++) {
        const childOffset = address + FIRST_ENTRY_OFFSET + child * ENTRY_SIZE;
        children.push({ index: child, state: states[child]!, raw: image.subarray(childOffset, childOffset + ENTRY_SIZE) });
      }
      attachChildren(image, entry, children);
    }
    slot += span;
  }
  return page;
}
