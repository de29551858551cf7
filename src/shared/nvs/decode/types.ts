/** The decoded form of an NVS partition image (spec/nvs-format.md). */

/** An entry's two bits in the page's entry state bitmap: 0b11 Empty, 0b10 Written, 0b00 Erased, 0b01 Invalid. */
export type EntryState = 'Empty' | 'Written' | 'Erased' | 'Invalid';

/** The page state word, named as nvs_tool names it (CORRUPT 0xFFFFFFF0 and unknown values are "Invalid"). */
export type PageStatus = 'Empty' | 'Active' | 'Full' | 'Erasing' | 'Corrupted' | 'Invalid';

/** A 32-byte data slot of a string or blob: its bytes are payload, not an entry. */
export interface NvsSlot {
  /** Slot number in the page, 0…125. */
  index: number;
  state: EntryState;
  raw: Uint8Array;
}

export type EntryData =
  /** u8…i64 (type codes below 0x20); the value as the type's width and sign give it. */
  | { kind: 'primitive'; value: bigint }
  /**
   * string (0x21), blob (0x41) and blob_data (0x42). payload: the data slots' bytes cut to
   * `size`, shorter when the slots stop first (span too small or past the page end).
   */
  | { kind: 'variable'; size: number; crc: number; payload: Uint8Array }
  /** blob_index (0x48). */
  | { kind: 'blobIndex'; size: number; chunkCount: number; chunkStart: number }
  | { kind: 'unknown' };

export interface NvsEntry {
  /** Position of the page in the image (0 = first 4096 bytes), not its sequence number. */
  page: number;
  /** Slot number in the page, 0…125. */
  index: number;
  /** Byte offset of the entry in the image. */
  offset: number;
  raw: Uint8Array;
  state: EntryState;
  /** All 32 bytes are 0xFF. */
  isEmpty: boolean;
  nsIndex: number;
  typeCode: number;
  /** "uint8_t" … "blob_index" as nvs_tool names the types, or "0x24" for a code it does not know. */
  typeName: string;
  knownType: boolean;
  /** The span byte as stored. */
  span: number;
  chunkIndex: number;
  /** The 16 bytes of the key field. */
  keyBytes: Uint8Array;
  /** The key as the firmware reads it: the bytes before the first NUL, as UTF-8 (Latin-1 when not valid UTF-8). */
  key: string;
  crc: {
    /** Entry CRC stored at bytes 4…7. */
    original: number;
    /** CRC of bytes 0…3 and 8…31. */
    computed: number;
    /** Bytes 28…31 (the data CRC of a string or blob header). */
    dataOriginal: number;
    /** CRC of the data slots (cut to the item's size); 0 for single-slot entries, as nvs_tool reports it. */
    dataComputed: number;
  };
  data: EntryData;
  /** The data slots that follow a multi-slot entry, as many as its span claims and the page holds. */
  children: NvsSlot[];
}

export interface NvsPage {
  /** Position in the image. */
  index: number;
  /** Byte offset in the image. */
  address: number;
  /** The 32 header bytes are all 0xFF (an erased page, which nvs_tool prints as "Page Empty"). */
  isEmpty: boolean;
  state: number;
  status: PageStatus;
  /** Sequence number from the header. */
  seq: number;
  versionByte: number;
  /** 256 - versionByte: 2 for 0xFE, 1 for 0xFF. */
  version: number;
  crc: { original: number; computed: number };
  header: Uint8Array;
  bitmap: Uint8Array;
  /** The page's entries in slot order; data slots of strings and blobs are inside their entry's children. */
  entries: NvsEntry[];
}

export type ProblemSeverity = 'error' | 'warning';

/** What is wrong, with the numbers that say it; `message` says it in plain words. */
export type ProblemDetail =
  | { code: 'too-few-pages'; pages: number }
  | { code: 'image-truncated'; length: number }
  | { code: 'no-empty-page' }
  | { code: 'empty-page-bitmap' }
  | { code: 'empty-page-data' }
  | { code: 'page-header-crc'; original: number; computed: number }
  | { code: 'page-state'; state: number }
  | { code: 'entry-state-invalid' }
  | { code: 'written-entry-blank' }
  | { code: 'erased-entry-blank' }
  | { code: 'entry-crc'; original: number; computed: number }
  | { code: 'data-crc'; original: number; computed: number }
  | { code: 'unknown-type'; type: number }
  | { code: 'span-out-of-bounds'; span: number }
  | { code: 'data-state'; slot: number; slotState: EntryState }
  | { code: 'bad-namespace-entry' }
  | { code: 'duplicate-key'; namespace: number; others: { page: number; entry: number }[] }
  | { code: 'orphan-chunk'; namespace: number; chunkIndex: number }
  | { code: 'chunk-out-of-range'; namespace: number; chunkIndex: number; chunkStart: number; chunkCount: number }
  | { code: 'missing-chunk'; namespace: number; chunk: number }
  | { code: 'blob-size'; namespace: number; expected: number; actual: number }
  | { code: 'undefined-namespace'; namespace: number }
  | { code: 'unused-namespace'; namespace: number; name: string };

export type ProblemCode = ProblemDetail['code'];

export type NvsProblem = ProblemDetail & {
  severity: ProblemSeverity;
  /** Page position in the image, when the problem is in one page. */
  page?: number;
  /** Slot number in that page: the entry the problem is about. */
  entry?: number;
  /** The key of that entry, as the firmware reads it. */
  key?: string;
  message: string;
};

export interface NvsImage {
  /** Length of the input in bytes. */
  length: number;
  /** Every whole 4096-byte page; a partial page at the end is left out (and reported). */
  pages: NvsPage[];
  /** Namespace index -> name, from the written namespace entries (the last definition wins). */
  namespaces: Map<number, string>;
  /**
   * Every problem found, in the order nvs_tool -i reports them: whole-image
   * checks, page by page (entries in slot order), duplicate keys, blobs, namespaces.
   */
  problems: NvsProblem[];
}
