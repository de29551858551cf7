import type { CsvRow } from '../../shared/nvs/csv.js';
import { encodeNvs } from '../../shared/nvs/encoder.js';
import { encryptImage, type NvsKeys } from '../../shared/nvs/encryption.js';
import type { SourceLocation } from '../../shared/nvs/errors.js';
import { deriveHmacKeys, generateHmacKey, generateKeys, makeKeyPartition } from '../../shared/nvs/keys.js';
import { rowsToItems } from '../../shared/nvs/rows.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import type { DeviceJob, MfgJob } from './job.js';

/** What one device gets: its intermediate CSV, its image, and the keys to keep when they are new. */
export interface DeviceFiles {
  csv: string;
  image: Uint8Array;
  /** keys/keys-<name>.bin, an nvs_keys partition. */
  keyPartition?: Uint8Array;
  /** keys/hmac-keys-<name>.bin, the raw 32-byte HMAC key. */
  hmacKey?: Uint8Array;
}

export type ReadFile = (path: string, at: SourceLocation) => Uint8Array;

/** The device's rows, as mfg_gen.py writes them into csv/<name>.csv, with where each part came from. */
export function deviceRows(job: MfgJob, device: DeviceJob): CsvRow[] {
  let next = 0;
  return job.config.map((entry) => {
    if (entry.type === 'namespace') {
      return { key: entry.key, type: 'namespace', encoding: '', value: '', at: entry.at, valueAt: entry.at, encodingAt: entry.at };
    }
    const index = next++;
    const valueAt = { file: job.valuesFile, line: device.positions[2 * index]!, column: device.positions[2 * index + 1]! };
    return { key: entry.key, type: entry.type, encoding: entry.encoding, value: device.values[index]!, at: entry.at, valueAt, encodingAt: entry.encodingAt };
  });
}

/** Quotes a field the way Python's csv.writer does by default (QUOTE_MINIMAL). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The per-device CSV: header key,type,encoding,value, CRLF line ends, as the reference writes it. */
export function formatDeviceCsv(rows: readonly CsvRow[]): string {
  let text = 'key,type,encoding,value\r\n';
  for (const row of rows) text += `${csvField(row.key)},${csvField(row.type)},${csvField(row.encoding)},${csvField(row.value ?? '')}\r\n`;
  return text;
}

/** Builds one device's files. Throws NvsInputError (with the values file's line and column) on a bad value. */
/** scratch: a buffer of job.size bytes the plain image may be built in, when it is written before the next device is built. */
export function buildDevice(job: MfgJob, device: DeviceJob, readFile: ReadFile, scratch?: Uint8Array): DeviceFiles {
  const rows = deviceRows(job, device);
  const items = rowsToItems(rows, { readFile, crypto: nodeCrypto });
  const plain = encodeNvs(items, { size: job.size, version: job.version, output: scratch });
  const files: DeviceFiles = { csv: formatDeviceCsv(rows), image: plain };
  const source = job.keySource;
  if (source.kind === 'none') return files;
  let keys: NvsKeys;
  if (source.kind === 'fixed') {
    keys = source.keys;
    if (source.save) files.keyPartition = makeKeyPartition(keys);
  } else if (source.kind === 'random') {
    keys = generateKeys(nodeCrypto);
    files.keyPartition = makeKeyPartition(keys);
  } else {
    files.hmacKey = generateHmacKey(nodeCrypto);
    keys = deriveHmacKeys(files.hmacKey, nodeCrypto);
    files.keyPartition = makeKeyPartition(keys);
  }
  files.image = encryptImage(plain, keys, nodeCrypto);
  return files;
}
