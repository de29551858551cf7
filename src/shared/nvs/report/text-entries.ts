import { ENTRY_SIZE } from '../layout.js';
import type { NvsEntry, NvsImage, NvsPage } from '../decode/types.js';
import { textKey } from './keys.js';
import { d03, dumpRaw, hex, hex2 } from './py-format.js';
import type { Style } from './style.js';

const crcText = (style: Style, original: number, good: boolean): string => (good ? style.green : style.red)(hex(original).padStart(8));

export function pageTitle(page: NvsPage, style: Style): string {
  if (page.isEmpty) return style.bold(`Page Empty, Page address: 0x${hex(page.address)}`);
  const crc = crcText(style, page.crc.original, page.crc.original === page.crc.computed);
  return (
    style.bold(`Page no. ${page.seq}, Status: ${page.status}, Version: ${page.version}, CRC32: ${crc}`) + style.bold(`, Page address: 0x${hex(page.address)}`)
  );
}

function valueText(entry: NvsEntry, style: Style): string {
  const data = entry.data;
  if (data.kind === 'blobIndex') return `Size=${data.size}, ChunkCount=${data.chunkCount}, ChunkStart=${data.chunkStart}`;
  if (data.kind === 'variable') {
    const good = entry.crc.dataOriginal === entry.crc.dataComputed;
    return `Size=${data.size}, CRC32=${(good ? style.green : style.red)(hex(entry.crc.dataOriginal))}`;
  }
  return data.kind === 'primitive' ? String(data.value) : 'None';
}

function entryLines(entry: NvsEntry, style: Style, out: string[]): void {
  let status: string = entry.state;
  if (status === 'Written') status = style.green(status.padEnd(7));
  else if (status === 'Erased') status = style.red(status.padEnd(7));
  const crc = crcText(style, entry.crc.original, entry.crc.original === entry.crc.computed);
  out.push(
    `${style.bold(` ${d03(entry.index)}.`)} ${status}, Namespace Index: ${d03(entry.nsIndex)}, Type: ${entry.typeName.padEnd(10)}, ` +
      `Span: ${d03(entry.span)}, Chunk Index: ${d03(entry.chunkIndex)}, CRC32: ${crc} | ${textKey(entry)}: ${valueText(entry, style)}`,
  );
  entry.children.forEach((slot, i) => out.push(`      0x${hex(i * ENTRY_SIZE).padStart(3, '0')}  ${dumpRaw(slot.raw)}`));
}

/** Runs of three or more blank entries are shown as first, "...", last. */
function flushEmpty(empty: NvsEntry[], style: Style, out: string[]): void {
  if (empty.length >= 3) {
    out.push(`${style.bold(` ${d03(empty[0]!.index)}.`)} Empty`, style.bold(' ...'), `${style.bold(` ${d03(empty[empty.length - 1]!.index)}.`)} Empty`);
  } else {
    for (const entry of empty) out.push(`${style.bold(` ${d03(entry.index)}.`)} Empty`);
  }
  empty.length = 0;
}

/** `-d all` and `-d written`: every page with its header, bitmap and entries, data slots hex-dumped. */
export function entriesText(image: NvsImage, style: Style, writtenOnly: boolean): string[] {
  const out: string[] = [];
  for (const page of image.pages) {
    out.push(pageTitle(page, style));
    out.push(`${style.bold(' Entry state bitmap: ')}${Array.from(page.bitmap, (b) => `${hex2(b)} `).join('')}`);
    const empty: NvsEntry[] = [];
    for (const entry of page.entries) {
      if (writtenOnly && entry.state !== 'Written') continue;
      if (entry.state === 'Empty' && entry.isEmpty) {
        empty.push(entry);
        continue;
      }
      flushEmpty(empty, style, out);
      entryLines(entry, style, out);
    }
    flushEmpty(empty, style, out);
    out.push('');
  }
  return out;
}
