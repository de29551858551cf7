import { rstripNul, utf8Lenient } from '../decode/bytes.js';
import type { NvsImage } from '../decode/types.js';
import { encodeBase64 } from './base64.js';
import { jsonKey, namespaceEntries } from './keys.js';
import type { PyJson } from './python-json.js';

/**
 * `-f json -d minimal`: one record per written entry outside namespace 0, as
 * nvs_tool gives them: blob chunks one by one (no reassembly), blob indexes
 * left out, entries of undefined namespaces dropped. Strings that are not
 * valid UTF-8 get U+FFFD where nvs_tool would stop with a traceback.
 */
export function minimalJson(image: NvsImage): PyJson {
  const namespaces = namespaceEntries(image);
  const records: PyJson[] = [];
  for (const page of image.pages) {
    for (const entry of page.entries) {
      if (entry.state !== 'Written' || entry.nsIndex === 0 || entry.typeName === 'blob_index') continue;
      const ns = namespaces.get(entry.nsIndex);
      if (!ns) continue;
      let data: PyJson = null;
      if (entry.data.kind === 'primitive') data = entry.data.value;
      else if (entry.data.kind === 'variable') {
        data = entry.typeName === 'string' ? utf8Lenient(rstripNul(entry.data.payload)) : encodeBase64(entry.data.payload);
      }
      records.push({ namespace: jsonKey(ns), key: jsonKey(entry), encoding: entry.typeName, data, state: entry.state, is_empty: entry.isEmpty });
    }
  }
  return records;
}
