import { crc32 } from './crc32.js';
import { NvsInputError, type SourceLocation } from './errors.js';
import { type FormatVersion, type NvsItem, type PrimitiveType } from './items.js';
import { ENTRIES_PER_PAGE, ENTRY_SIZE, ITEM_TYPE, MAX_NAMESPACES, MAX_STRING_BYTES, MAX_V1_BLOB_BYTES, PAGE_SIZE } from './layout.js';
import { keyBytes, OutOfPagesError, PageWriter } from './page-writer.js';
import { partitionGeometry } from './size.js';

export interface EncodeOptions {
  /** Partition size in bytes: a multiple of 4096, at least 4096. */
  size: number;
  version: FormatVersion;
  /**
   * A buffer of exactly `size` bytes to fill and return instead of a new one,
   * for callers that write each image out before encoding the next.
   */
  output?: Uint8Array;
}

const slotsFor = (bytes: number): number => Math.ceil(bytes / ENTRY_SIZE);

function writePrimitive(view: DataView, at: number, type: PrimitiveType, value: bigint): void {
  switch (type) {
    case 'u8':
    case 'i8':
      view.setUint8(at, Number(BigInt.asUintN(8, value)));
      break;
    case 'u16':
    case 'i16':
      view.setUint16(at, Number(BigInt.asUintN(16, value)), true);
      break;
    case 'u32':
    case 'i32':
      view.setUint32(at, Number(BigInt.asUintN(32, value)), true);
      break;
    default:
      view.setBigUint64(at, BigInt.asUintN(64, value), true);
  }
}

function varlenData(size: number, crc: number) {
  return (view: DataView, at: number): void => {
    view.setUint16(at, size, true);
    view.setUint32(at + 4, crc, true);
  };
}

/**
 * Encodes items into an NVS partition image, byte for byte as ESP-IDF's
 * nvs_partition_gen.py lays it out (spec/nvs-format.md), except where the
 * reference is wrong (docs/compatibility.md). A read/write partition comes out
 * exactly `size` bytes long; a read-only one (0x1000, 0x2000) holds only the
 * pages used, as the reference writes it.
 */
export function encodeNvs(items: Iterable<NvsItem>, options: EncodeOptions): Uint8Array {
  const { dataPages, readOnly } = partitionGeometry(options.size);
  const writer = new PageWriter(dataPages, options.version, readOnly ? dataPages * PAGE_SIZE : options.size, readOnly ? undefined : options.output);
  const namespaces = new Map<string, number>();

  const ensureSlot = (at: SourceLocation | undefined, needNewPage: boolean): void => {
    if (!needNewPage) return;
    try {
      writer.newPage();
    } catch (error) {
      if (!(error instanceof OutOfPagesError)) throw error;
      const used = writer.pageCount;
      throw new NvsInputError(
        `the data does not fit in a partition of ${options.size} bytes (0x${options.size.toString(16)}): all ${used} data page${used === 1 ? '' : 's'} are full${readOnly ? '' : ' (the last page of a partition stays empty for the firmware)'}`,
        at,
        'give a larger partition size, or store less',
      );
    }
  };

  for (const item of items) {
    if (item.kind === 'namespace') {
      if (namespaces.has(item.name)) continue;
      if (namespaces.size >= MAX_NAMESPACES) {
        throw new NvsInputError(`namespace '${item.name}' would be the ${MAX_NAMESPACES + 1}th; NVS allows at most ${MAX_NAMESPACES}`, item.at, 'use fewer namespaces');
      }
      const index = namespaces.size + 1;
      namespaces.set(item.name, index);
      ensureSlot(item.at, writer.freeSlots < 1);
      writer.writeEntry({ nsIndex: 0, type: ITEM_TYPE.u8, span: 1, key: keyBytes(item.name) }, (view, at) => view.setUint8(at, index));
      continue;
    }
    const nsIndex = namespaces.get(item.namespace);
    if (nsIndex === undefined) throw new NvsInputError(`namespace '${item.namespace}' is used before it is opened`, item.at);
    const key = keyBytes(item.key);
    if (item.kind === 'primitive') {
      ensureSlot(item.at, writer.freeSlots < 1);
      writer.writeEntry({ nsIndex, type: ITEM_TYPE[item.type], span: 1, key }, (view, at) => writePrimitive(view, at, item.type, item.value));
    } else if (item.kind === 'string' || options.version === 1) {
      writeSinglePageItem(writer, ensureSlot, item.kind === 'string' ? ITEM_TYPE.string : ITEM_TYPE.blob, nsIndex, key, item.bytes, item.at);
    } else {
      writeMultiPageBlob(writer, ensureSlot, nsIndex, key, item.bytes, item.at);
    }
  }
  return readOnly ? writer.image.slice(0, writer.pageCount * PAGE_SIZE) : writer.image;
}

type EnsureSlot = (at: SourceLocation | undefined, needNewPage: boolean) => void;

/** A string, or a blob in format version 1: the whole value on one page. */
function writeSinglePageItem(writer: PageWriter, ensureSlot: EnsureSlot, type: number, nsIndex: number, key: Uint8Array, bytes: Uint8Array, at?: SourceLocation): void {
  const limit = type === ITEM_TYPE.string ? MAX_STRING_BYTES : MAX_V1_BLOB_BYTES;
  if (bytes.length > limit) {
    const what = type === ITEM_TYPE.string ? 'string (with its terminating NUL)' : 'blob in format version 1';
    const hint = type === ITEM_TYPE.string ? 'store long text as a blob (encoding binary) instead' : 'use format version 2 (--version 2), which splits blobs across pages';
    throw new NvsInputError(`the ${what} is ${bytes.length} bytes; at most ${limit} are allowed`, at, hint);
  }
  const span = 1 + slotsFor(bytes.length);
  // The reference never uses a page's last slot for these (>= where the firmware
  // has >); a value that needs all 126 slots goes on a page of its own.
  const fits = span === ENTRIES_PER_PAGE ? writer.slot === 0 : writer.slot + span < ENTRIES_PER_PAGE;
  ensureSlot(at, !fits);
  writer.writeEntry({ nsIndex, type, span, key }, varlenData(bytes.length, crc32(bytes)), bytes);
}

/** A blob in format version 2: BLOB_DATA chunks filling each page's tail room greedily, then a BLOB_IDX. */
function writeMultiPageBlob(writer: PageWriter, ensureSlot: EnsureSlot, nsIndex: number, key: Uint8Array, bytes: Uint8Array, at?: SourceLocation): void {
  ensureSlot(at, writer.freeSlots < 1);
  let offset = 0;
  let chunkCount = 0;
  for (;;) {
    const tailroom = (writer.freeSlots - 1) * ENTRY_SIZE;
    const chunk = bytes.subarray(offset, offset + Math.min(tailroom, bytes.length - offset));
    offset += chunk.length;
    if (chunkCount > 0xff - 1) throw new NvsInputError(`the blob needs more than 255 chunks`, at, 'store less data in one key');
    writer.writeEntry({ nsIndex, type: ITEM_TYPE.blobData, span: 1 + slotsFor(chunk.length), chunkIndex: chunkCount, key }, varlenData(chunk.length, crc32(chunk)), chunk);
    chunkCount++;
    const remaining = bytes.length - offset;
    ensureSlot(at, remaining > 0 || tailroom - chunk.length < ENTRY_SIZE);
    if (remaining === 0) break;
  }
  writer.writeEntry({ nsIndex, type: ITEM_TYPE.blobIndex, span: 1, key }, (view, at) => {
    view.setUint32(at, bytes.length, true);
    view.setUint8(at + 4, chunkCount);
    view.setUint8(at + 5, 0);
  });
}

