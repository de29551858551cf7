// Writes the binary files of the example job (resources/examples/widget-job/build): a small
// bootloader and app with real ESP-IDF image headers for the ESP32-C3, and the binary partition
// table `idf.py build` would make from partitions.csv. Deterministic: running it again gives the same
// bytes. The text files of the example (job.json, partitions.csv, fctry.csv, flasher_args.json, the
// example CA) are kept as they are. Usage: node scripts/make-example-job.mjs [job folder]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const jobDir = process.argv[2] ?? 'resources/examples/widget-job';
const build = join(jobDir, 'build');

const CHIP_ID_ESP32C3 = 5;
const DIO = 2;
const SIZE_4MB_FREQ_80M = 0x2f;

/** xorshift32: the same "code" bytes every run. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function codeBytes(length, seed) {
  const next = random(seed);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= length; at += 4) view.setUint32(at, next(), true);
  return out;
}

const u32 = (n) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
const text = (s, length) => {
  const b = new Uint8Array(length);
  b.set(new TextEncoder().encode(s).subarray(0, length - 1));
  return b;
};
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * An ESP-IDF image (esptool's format): 8-byte header, 16-byte extended header with the chip id,
 * segments (load address, length, data), the checksum byte at a 16-byte boundary, then the SHA-256.
 */
function espImage(entry, segments) {
  const header = concat(Uint8Array.of(0xe9, segments.length, DIO, SIZE_4MB_FREQ_80M), u32(entry));
  // wp pin 0xEE, spi drive 0,0,0, chip id, min rev 0, min rev full 0, max rev full 199, reserved, hash appended.
  const extended = Uint8Array.of(0xee, 0, 0, 0, CHIP_ID_ESP32C3, 0, 0, 0, 0, 199, 0, 0, 0, 0, 0, 1);
  let checksum = 0xef;
  const body = segments.map(({ address, data }) => {
    for (const b of data) checksum ^= b;
    return concat(u32(address), u32(data.length), data);
  });
  const unpadded = concat(header, extended, ...body);
  const padding = 15 - (unpadded.length % 16);
  const image = concat(unpadded, new Uint8Array(padding), Uint8Array.of(checksum));
  return concat(image, createHash('sha256').update(image).digest());
}

/** esp_app_desc_t: what `esptool image_info` and the app itself report. */
function appDescription() {
  return concat(
    u32(0xabcd5432),
    u32(0),
    new Uint8Array(8),
    text('1.0.0', 32),
    text('widget', 32),
    text('12:00:00', 16),
    text('Jan  1 2025', 16),
    text('v5.4', 32),
    new Uint8Array(32),
    new Uint8Array(4),
    new Uint8Array(4 + 72),
  );
}

const strings = new TextEncoder().encode('widget: fctry ok serial=%s\0nvs_flash_init_partition\0fctry\0serial_no\0cert\0priv_key\0'.padEnd(252, '\0'));

const bootloader = espImage(0x403cc71a, [
  { address: 0x3fcd5820, data: codeBytes(1024, 7) },
  { address: 0x403cc710, data: codeBytes(4096, 8) },
]);
const app = espImage(0x42000020, [
  { address: 0x3c000020, data: concat(appDescription(), strings) },
  { address: 0x3fc88000, data: codeBytes(512, 9) },
  { address: 0x42000020, data: codeBytes(12 * 1024, 10) },
]);

/** The table partitions.csv describes, encoded as gen_esp32part.py does (the job loader checks they agree). */
function partitionTable() {
  const entries = [
    ['nvs', 1, 0x02, 0x9000, 0x6000],
    ['phy_init', 1, 0x01, 0xf000, 0x1000],
    ['factory', 0, 0x00, 0x10000, 0x100000],
    ['fctry', 1, 0x02, 0x110000, 0x6000],
  ];
  const table = new Uint8Array(0xc00).fill(0xff);
  const view = new DataView(table.buffer);
  entries.forEach(([name, type, subtype, offset, size], i) => {
    const at = i * 32;
    table.set([0xaa, 0x50, type, subtype], at);
    view.setUint32(at + 4, offset, true);
    view.setUint32(at + 8, size, true);
    table.fill(0, at + 12, at + 28);
    table.set(new TextEncoder().encode(name), at + 12);
    view.setUint32(at + 28, 0, true);
  });
  const md5At = entries.length * 32;
  table.set([0xeb, 0xeb], md5At);
  table.set(createHash('md5').update(table.subarray(0, md5At)).digest(), md5At + 16);
  return table;
}

const outputs = {
  'bootloader/bootloader.bin': bootloader,
  'widget.bin': app,
  'partition_table/partition-table.bin': partitionTable(),
};
for (const [name, data] of Object.entries(outputs)) {
  const path = join(build, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  console.log(`${path}: ${data.length} bytes`);
}
