import type { CsvRow } from './csv.js';
import type { NvsCrypto } from './crypto.js';
import { NvsInputError, type SourceLocation } from './errors.js';
import type { NvsItem } from './items.js';
import { MAX_KEY_BYTES } from './layout.js';
import { decodeValue, type RawValue } from './values.js';
import { WifiExtras } from './wifi.js';

export interface RowContext {
  /** Reads a `file` row's file; relative paths resolve against the current directory, as in the reference. */
  readFile(path: string, at: SourceLocation): Uint8Array;
  crypto: NvsCrypto;
  /** Told of things that are allowed but probably wrong (a key written twice). */
  warn?(message: string, at: SourceLocation): void;
}

const utf8 = new TextEncoder();

function checkKey(key: string, what: string, at: SourceLocation): void {
  const bytes = utf8.encode(key).length;
  if (bytes > MAX_KEY_BYTES) {
    const detail = bytes === key.length ? `${bytes} characters` : `${bytes} bytes in UTF-8`;
    throw new NvsInputError(`${what} '${key}' is ${detail}; NVS keys hold at most ${MAX_KEY_BYTES} bytes`, at, 'shorten the key (ASCII letters, digits and _ are safest)');
  }
}

/**
 * Turns CSV rows (from one or several files, in order) into the items to store,
 * decoding every value and checking every key. Throws NvsInputError naming the
 * file, line and column of the first bad row.
 */
export function rowsToItems(rows: Iterable<CsvRow>, context: RowContext): NvsItem[] {
  const items: NvsItem[] = [];
  const wifi = new WifiExtras(context.crypto);
  const seen = new Set<string>();
  let namespace: string | undefined;
  for (const row of rows) {
    if (row.type === 'namespace') {
      checkKey(row.key, 'namespace', row.at);
      namespace = row.key;
      items.push({ kind: 'namespace', name: row.key, at: row.at });
      continue;
    }
    if (namespace === undefined) {
      throw new NvsInputError(`'${row.key}' comes before any namespace`, row.at, 'add a namespace row such as "storage,namespace,," above it');
    }
    checkKey(row.key, 'key', row.at);
    if (row.value === undefined) {
      throw new NvsInputError(`'${row.key}' has no value field`, row.valueAt, 'every data or file row needs four fields: key,type,encoding,value');
    }
    const raw: RawValue = row.type === 'file' ? { bytes: context.readFile(row.value, row.valueAt), path: row.value } : { text: row.value };
    const value = decodeValue(row.encoding, raw, row.valueAt, row.encodingAt);
    const id = `${namespace}\u0000${row.key}`;
    if (seen.has(id)) context.warn?.(`'${row.key}' is written to namespace '${namespace}' a second time; the firmware keeps only one of them`, row.at);
    seen.add(id);
    const common = { namespace, key: row.key, at: row.at };
    items.push(value.kind === 'primitive' ? { ...common, kind: 'primitive', type: value.type, value: value.value } : { ...common, kind: value.kind, bytes: value.bytes });
    for (const extra of wifi.after(row.key, row.value)) items.push({ kind: 'blob', namespace, key: extra.key, bytes: extra.bytes, at: row.at });
  }
  return items;
}
