import type { NvsImage } from '../decode/types.js';
import { encodeBase64 } from './base64.js';
import { blobViews } from './blob-views.js';
import { jsonKey, namespaceEntries } from './keys.js';
import type { PyJson } from './python-json.js';
import { storageCounts } from './text-storage.js';

/*
 * JSON for the dumps nvs_tool only has as text (it stops with "not
 * implemented"). Our own shapes, with the same names the text uses.
 */

/** `-f json -d namespaces`: [{index, name}] by index. */
export function namespacesJson(image: NvsImage): PyJson {
  return [...namespaceEntries(image)].sort(([a], [b]) => a - b).map(([index, entry]) => ({ index, name: jsonKey(entry) }));
}

/** `-f json -d storage_info`: the same counts as the text, per page and in total. */
export function storageJson(image: NvsImage): PyJson {
  const { pages, total } = storageCounts(image);
  const counts = (c: (typeof pages)[number]): { [key: string]: PyJson } => ({ ...c, total: c.written + c.erased + c.empty + c.invalid });
  return {
    pages: pages.map((c, i) => ({ status: image.pages[i]!.status, ...counts(c) })),
    global: { page_size: 4096, entry_size: 32, total_pages: image.pages.length, ...counts(total) },
  };
}

/**
 * `-f json -d blobs`: every v2 blob with its chunks joined (base64), then
 * strings and v1 blobs. missing_chunks lists the positions without a chunk.
 */
export function blobsJson(image: NvsImage): PyJson {
  const namespaces = namespaceEntries(image);
  const nsName = (ns: number): PyJson => {
    const entry = namespaces.get(ns);
    return entry ? jsonKey(entry) : null;
  };
  const { blobs, strings, legacy } = blobViews(image);
  const records: PyJson[] = [];
  for (const { index, chunks } of blobs) {
    const parts = chunks.map((chunk) => (chunk?.data.kind === 'variable' ? chunk.data.payload : new Uint8Array(0)));
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    records.push({
      namespace_index: index.nsIndex,
      namespace: nsName(index.nsIndex),
      key: jsonKey(index),
      type: 'blob_v2',
      size: index.data.kind === 'blobIndex' ? index.data.size : 0,
      data: encodeBase64(joined),
      missing_chunks: chunks.flatMap((chunk, i) => (chunk ? [] : [i])),
    });
  }
  for (const [entries, type] of [
    [strings, 'string'],
    [legacy, 'blob_v1'],
  ] as const) {
    for (const entry of entries) {
      const payload = entry.data.kind === 'variable' ? entry.data.payload : new Uint8Array(0);
      records.push({
        namespace_index: entry.nsIndex,
        namespace: nsName(entry.nsIndex),
        key: jsonKey(entry),
        type,
        size: entry.data.kind === 'variable' ? entry.data.size : 0,
        data: encodeBase64(payload),
        missing_chunks: [],
      });
    }
  }
  return records;
}
