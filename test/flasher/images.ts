// Firmware-shaped test images: what `idf.py build` lays out (bootloader, partition table, app) plus a
// factory NVS partition, with contents that compress the way real ones do. Shared by the flasher
// tests and bench/esp.ts.
import { createHash } from 'node:crypto';
import { encodeNvs } from '../../src/shared/nvs/encoder.js';
import type { NvsItem } from '../../src/shared/nvs/items.js';
import type { FlashRegion } from '../../src/main/esp/index.js';

export const PARTITION_TABLE_OFFSET = 0x8000;
export const NVS_OFFSET = 0x9000;
export const NVS_SIZE = 0x6000;
export const APP_OFFSET = 0x10000;

/** A small xorshift generator: images are deterministic per seed, different between seeds. */
function random(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/**
 * Bytes shaped like an ESP-IDF app: an image header (0xE9), then mostly "code" (32-bit words, most
 * drawn from a small vocabulary of common instructions, the rest random operands), with stretches
 * of string constants. zlib level 9 takes it to about 45% of its size, as it does real apps.
 */
export function appLikeBytes(length: number, seed = 1): Uint8Array {
  const next = random(seed);
  const vocabulary = Array.from({ length: 512 }, () => next());
  const words = ['wifi', 'connect', 'failed', 'error', 'esp_', 'task', 'timer', 'nvs', 'init', 'ok', ' %d ', '\n', 'mqtt', 'http', '/api/'];
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  while (at + 4 <= length) {
    if (next() % 64 === 0) {
      // A run of string constants.
      const end = Math.min(length, at + 32 + (next() % 160));
      while (at < end) {
        const word = words[next() % words.length]!;
        for (let i = 0; i < word.length && at < end; i++) out[at++] = word.charCodeAt(i);
      }
      at = Math.min(length, (at + 3) & ~3);
      continue;
    }
    const r = next();
    view.setUint32(at, r % 100 < 83 ? vocabulary[r % 61 === 0 ? r % 512 : (r >>> 8) % 96]! : next(), true);
    at += 4;
  }
  out[0] = 0xe9;
  return out;
}

/** A binary partition table (0xC00 bytes) for the layout these images use: nvs, phy_init, factory app. */
export function partitionTable(appSize: number): Uint8Array {
  const table = new Uint8Array(0xc00).fill(0xff);
  const view = new DataView(table.buffer);
  const entries: [string, number, number, number, number][] = [
    ['nvs', 1, 0x02, NVS_OFFSET, NVS_SIZE],
    ['phy_init', 1, 0x01, 0xf000, 0x1000],
    ['factory', 0, 0x00, APP_OFFSET, Math.max(0x100000, Math.ceil(appSize / 0x10000) * 0x10000)],
  ];
  entries.forEach(([label, type, subtype, offset, size], i) => {
    const at = i * 32;
    view.setUint16(at, 0x50aa, true);
    table[at + 2] = type;
    table[at + 3] = subtype;
    view.setUint32(at + 4, offset, true);
    view.setUint32(at + 8, size, true);
    table.fill(0, at + 12, at + 28);
    for (let c = 0; c < label.length; c++) table[at + 12 + c] = label.charCodeAt(c);
    view.setUint32(at + 28, 0, true);
  });
  const md5At = entries.length * 32;
  view.setUint16(md5At, 0xebeb, true);
  table.set(createHash('md5').update(table.subarray(0, md5At)).digest(), md5At + 16);
  return table;
}

/** A factory NVS partition (24 KiB) with a serial number, a certificate and a key, different per seed. */
export function factoryNvs(seed = 1, size = NVS_SIZE): Uint8Array {
  const next = random(seed);
  const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pem = (kind: string, bytes: number): Uint8Array => {
    let body = '';
    for (let i = 0; i < bytes; i++) body += base64[next() % 64]! + (i % 64 === 63 ? '\n' : '');
    return new TextEncoder().encode(`-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n\0`);
  };
  const text = (value: string) => new TextEncoder().encode(`${value}\0`);
  const items: NvsItem[] = [
    { kind: 'namespace', name: 'fctry' },
    { kind: 'string', namespace: 'fctry', key: 'serial_no', bytes: text(`FB-${String(seed).padStart(8, '0')}`) },
    { kind: 'primitive', namespace: 'fctry', key: 'hw_rev', type: 'u8', value: 3n },
    { kind: 'primitive', namespace: 'fctry', key: 'made_at', type: 'u32', value: BigInt(1_750_000_000 + seed) },
    { kind: 'blob', namespace: 'fctry', key: 'cert', bytes: pem('CERTIFICATE', 1400) },
    { kind: 'blob', namespace: 'fctry', key: 'priv_key', bytes: pem('EC PRIVATE KEY', 220) },
  ];
  return encodeNvs(items, { size, version: 2 });
}

export interface ImageSetOptions {
  bootloaderOffset: number;
  /** Default 16 KiB. */
  bootloaderSize?: number;
  /** Default 40 KiB. */
  appSize?: number;
  seed?: number;
}

/** Bootloader, partition table, factory NVS and app: the regions a production flash writes. */
export function firmwareRegions(options: ImageSetOptions): FlashRegion[] {
  const seed = options.seed ?? 1;
  const appSize = options.appSize ?? 40 * 1024;
  return [
    { offset: options.bootloaderOffset, data: appLikeBytes(options.bootloaderSize ?? 16 * 1024, seed * 7 + 1) },
    { offset: PARTITION_TABLE_OFFSET, data: partitionTable(appSize) },
    { offset: NVS_OFFSET, data: factoryNvs(seed) },
    { offset: APP_OFFSET, data: appLikeBytes(appSize, seed * 7 + 2) },
  ];
}
