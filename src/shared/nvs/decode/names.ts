import type { EntryState, PageStatus } from './types.js';

/** Type codes and the names nvs_tool prints for them. */
export const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x01, 'uint8_t'],
  [0x11, 'int8_t'],
  [0x02, 'uint16_t'],
  [0x12, 'int16_t'],
  [0x04, 'uint32_t'],
  [0x14, 'int32_t'],
  [0x08, 'uint64_t'],
  [0x18, 'int64_t'],
  [0x21, 'string'],
  [0x41, 'blob'],
  [0x42, 'blob_data'],
  [0x48, 'blob_index'],
]);

export const typeName = (code: number): string => TYPE_NAMES.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;

/** The types whose entry is followed by data slots. */
export const isVariableType = (name: string): boolean => name === 'string' || name === 'blob' || name === 'blob_data';

const PAGE_STATUS: ReadonlyMap<number, PageStatus> = new Map([
  [0xffffffff, 'Empty'],
  [0xfffffffe, 'Active'],
  [0xfffffffc, 'Full'],
  [0xfffffff8, 'Erasing'],
  [0x00000000, 'Corrupted'],
]);

export const pageStatus = (state: number): PageStatus => PAGE_STATUS.get(state) ?? 'Invalid';

/** States the firmware writes: 0xFFFFFFF0 (CORRUPT) is its own marker, so it is known although nvs_tool calls it "Invalid". */
export const KNOWN_PAGE_STATES: ReadonlySet<number> = new Set([0xffffffff, 0xfffffffe, 0xfffffffc, 0xfffffff8, 0xfffffff0, 0x00000000]);

export const ENTRY_STATES: readonly EntryState[] = ['Erased', 'Invalid', 'Written', 'Empty'];
