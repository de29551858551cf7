import { decodeEntry } from '../decode/entry.js';
import type { EntryData, EntryState, NvsEntry, NvsImage, NvsPage } from '../decode/types.js';
import { encodeBase64 } from './base64.js';
import { jsonKey } from './keys.js';
import type { PyJson } from './python-json.js';

export function dataJson(data: EntryData): PyJson {
  switch (data.kind) {
    case 'primitive':
      return { value: data.value };
    case 'variable':
      return { value: [data.size, data.crc], size: data.size, crc: data.crc };
    case 'blobIndex':
      return { value: [data.size, data.chunkCount, data.chunkStart], size: data.size, chunk_count: data.chunkCount, chunk_start: data.chunkStart };
    default:
      return { value: null };
  }
}

function entryJson(entry: NvsEntry, children: PyJson[]): PyJson {
  const { crc } = entry;
  return {
    raw: encodeBase64(entry.raw),
    state: entry.state,
    is_empty: entry.isEmpty,
    index: entry.index,
    metadata: {
      namespace: entry.nsIndex,
      type: entry.typeName,
      span: entry.span,
      chunk_index: entry.chunkIndex,
      crc: { original: crc.original, computed: crc.computed, data_original: crc.dataOriginal, data_computed: crc.dataComputed },
    },
    key: jsonKey(entry),
    data: dataJson(entry.data),
    children,
  };
}

/** nvs_tool shows a data slot as an entry too: the slot's bytes decoded as if they were one. */
const slotJson = (page: number, slot: { index: number; state: EntryState; raw: Uint8Array }): PyJson =>
  entryJson(decodeEntry(slot.raw, 0, page, slot.index, slot.state), []);

export function pageJson(page: NvsPage, keep: (entry: NvsEntry) => boolean = () => true): PyJson {
  return {
    is_empty: page.isEmpty,
    start_address: page.address,
    raw_header: encodeBase64(page.header),
    raw_entry_state_bitmap: encodeBase64(page.bitmap),
    header: {
      status: page.status,
      page_index: page.seq,
      version: page.version,
      crc: { original: page.crc.original, computed: page.crc.computed },
    },
    entries: page.entries.filter(keep).map((entry) => entryJson(entry, entry.children.map((slot) => slotJson(page.index, slot)))),
  };
}

/** `-f json -d all`: nvs_tool's JSON of the whole partition. */
export const allJson = (image: NvsImage, name: string): PyJson => ({ name, pages: image.pages.map((page) => pageJson(page)) });

/** `-f json -d written` (nvs_tool has no JSON for it): the same shape, with only written entries. */
export const writtenJson = (image: NvsImage, name: string): PyJson => ({
  name,
  pages: image.pages.map((page) => pageJson(page, (entry) => entry.state === 'Written')),
});
