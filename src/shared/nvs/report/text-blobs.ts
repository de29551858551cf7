import { ENTRY_SIZE } from '../layout.js';
import type { NvsEntry, NvsImage } from '../decode/types.js';
import { blobViews } from './blob-views.js';
import { namespaceEntries, textKey } from './keys.js';
import { dumpRaw, hex } from './py-format.js';
import type { Style } from './style.js';

const MISSING = `  ${'-'.repeat(63)} Missing data ${'-'.repeat(64)}`;

/** `-d blobs`: every v2 blob (its chunks' data slots one after another), then strings, then v1 blobs. */
export function blobsText(image: NvsImage, style: Style): string[] {
  const namespaces = namespaceEntries(image);
  const nsName = (entry: NvsEntry): string => {
    const ns = namespaces.get(entry.nsIndex);
    return style.cyan(ns ? textKey(ns) : String(entry.nsIndex));
  };
  const slotLine = (i: number, raw: Uint8Array): string => `  0x${hex(i * ENTRY_SIZE).padStart(5, '0')}  ${dumpRaw(raw)}`;
  const out: string[] = [];
  const { blobs, strings, legacy } = blobViews(image);
  for (const { index, chunks } of blobs) {
    const size = index.data.kind === 'blobIndex' ? index.data.size : 0;
    out.push(`${nsName(index)}:${style.yellow(textKey(index))} - Type: Blob (Version 2), Size: ${size}`);
    // Offsets count 32-byte rows across the chunks; a missing chunk takes one row.
    let row = 0;
    for (const chunk of chunks) {
      if (!chunk) {
        out.push(style.yellow(MISSING));
        row++;
      } else {
        for (const slot of chunk.children) out.push(slotLine(row++, slot.raw));
      }
    }
    out.push('');
  }
  for (const [entries, label] of [
    [strings, 'String'],
    [legacy, 'Blob (Version 1)'],
  ] as const) {
    for (const entry of entries) {
      const size = entry.data.kind === 'variable' ? entry.data.size : 0;
      out.push(`${nsName(entry)}:${style.yellow(textKey(entry))} - Type: ${label}, Size: ${size}`);
      entry.children.forEach((slot, i) => out.push(slotLine(i, slot.raw)));
      out.push('');
    }
  }
  return out;
}
