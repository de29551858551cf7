import { rstripNul, utf8Lenient } from '../decode/bytes.js';
import type { NvsImage } from '../decode/types.js';
import { namespaceEntries, textKey } from './keys.js';
import { pyBytesRepr } from './py-format.js';
import type { Style } from './style.js';

/**
 * `-d minimal`: ` namespace:key = value` per written entry, page by page, as
 * nvs_tool prints them: a blob chunk as `key[chunk] = ` with no value, a
 * legacy blob as a Python bytes literal. Strings lose their terminating NUL
 * (nvs_tool prints it as a raw NUL character), as its JSON output does.
 */
export function minimalText(image: NvsImage, style: Style): string[] {
  const namespaces = namespaceEntries(image);
  const out: string[] = [];
  for (const page of image.pages) {
    out.push(style.bold(page.isEmpty ? 'Page Empty' : `Page no. ${page.seq}, Status: ${page.status}`));
    for (const entry of page.entries) {
      if (entry.state !== 'Written' || entry.nsIndex === 0 || entry.typeName === 'blob_index') continue;
      let chunk = '';
      let value = '';
      const data = entry.data;
      if (data.kind === 'variable') {
        if (entry.typeName === 'blob_data') chunk = `[${entry.chunkIndex >= 128 ? entry.chunkIndex - 128 : entry.chunkIndex}]`;
        else if (entry.typeName === 'string') value = utf8Lenient(rstripNul(data.payload));
        else value = pyBytesRepr(data.payload);
      } else {
        value = data.kind === 'primitive' ? String(data.value) : 'None';
      }
      const ns = namespaces.get(entry.nsIndex);
      if (ns) out.push(` ${style.cyan(textKey(ns))}:${style.yellow(textKey(entry))}${chunk} = ${value}`);
    }
    out.push('');
  }
  return out;
}
