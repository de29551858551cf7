import type { NvsEntry, NvsImage } from '../decode/types.js';
import { jsonKey } from './keys.js';

export interface BlobView {
  index: NvsEntry;
  /** The index's chunks in order; undefined where one is missing. */
  chunks: (NvsEntry | undefined)[];
}

/** The written v2 blobs (with their chunks), strings and v1 blobs, in image order, for `-d blobs`. */
export function blobViews(image: NvsImage): { blobs: BlobView[]; strings: NvsEntry[]; legacy: NvsEntry[] } {
  const blobs = new Map<string, BlobView>();
  const strings: NvsEntry[] = [];
  const legacy: NvsEntry[] = [];
  const chunks: NvsEntry[] = [];
  for (const page of image.pages) {
    for (const entry of page.entries) {
      if (entry.state !== 'Written') continue;
      if (entry.data.kind === 'blobIndex') {
        blobs.set(`${entry.nsIndex}:${jsonKey(entry)}`, { index: entry, chunks: new Array<NvsEntry | undefined>(entry.data.chunkCount).fill(undefined) });
      } else if (entry.typeName === 'blob') legacy.push(entry);
      else if (entry.typeName === 'string') strings.push(entry);
      else if (entry.typeName === 'blob_data') chunks.push(entry);
    }
  }
  for (const chunk of chunks) {
    const view = blobs.get(`${chunk.nsIndex}:${jsonKey(chunk)}`);
    if (!view || view.index.data.kind !== 'blobIndex') continue;
    const position = chunk.chunkIndex - view.index.data.chunkStart;
    if (position >= 0 && position < view.chunks.length) view.chunks[position] = chunk;
  }
  return { blobs: [...blobs.values()], strings, legacy };
}
