/** The NVS page and entry geometry (spec/nvs-format.md §2-§4). */
export const PAGE_SIZE = 4096;
export const ENTRY_SIZE = 32;
export const ENTRIES_PER_PAGE = 126;
export const HEADER_SIZE = 32;
export const BITMAP_OFFSET = 32;
export const FIRST_ENTRY_OFFSET = 64;

export const PAGE_STATE = {
  empty: 0xffffffff,
  active: 0xfffffffe,
  full: 0xfffffffc,
  freeing: 0xfffffff8,
  corrupt: 0xfffffff0,
  invalid: 0x00000000,
} as const;

/** Page header version byte: v2 supports multi-page blobs. */
export const PAGE_VERSION = { 1: 0xff, 2: 0xfe } as const;

export const ITEM_TYPE = {
  u8: 0x01,
  i8: 0x11,
  u16: 0x02,
  i16: 0x12,
  u32: 0x04,
  i32: 0x14,
  u64: 0x08,
  i64: 0x18,
  string: 0x21,
  blob: 0x41,
  blobData: 0x42,
  blobIndex: 0x48,
} as const;

export const CHUNK_ANY = 0xff;
export const MAX_KEY_BYTES = 15;
/** Firmware limits: string length including its NUL, v1 blob size. */
export const MAX_STRING_BYTES = 4000;
export const MAX_V1_BLOB_BYTES = 1984;
/** Namespace indices 1..254 (255 is NS_ANY). */
export const MAX_NAMESPACES = 254;

export const entryOffset = (page: number, slot: number): number => page * PAGE_SIZE + FIRST_ENTRY_OFFSET + slot * ENTRY_SIZE;
