/**
 * The CRC-32 every NVS structure uses: ESP-IDF calls zlib.crc32(data, 0xFFFFFFFF)
 * (firmware: esp_rom_crc32_le(0xffffffff, ...)), which is the reflected polynomial
 * 0xEDB88320 with the register starting at 0 and the result inverted.
 * crc32("123456789") = 0xD202D277, crc32("") = 0xFFFFFFFF.
 */
const TABLES = (() => {
  // Eight tables for slicing-by-8: certificates and keys are kilobytes, checked per board.
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) tables[t * 256 + n] = (tables[(t - 1) * 256 + n]! >>> 8) ^ tables[tables[(t - 1) * 256 + n]! & 0xff]!;
  }
  return tables;
})();

function update(reg: number, data: Uint8Array, start: number, end: number): number {
  const t = TABLES;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = (reg ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    reg =
      t[7 * 256 + (a & 0xff)]! ^
      t[6 * 256 + ((a >>> 8) & 0xff)]! ^
      t[5 * 256 + ((a >>> 16) & 0xff)]! ^
      t[4 * 256 + (a >>> 24)]! ^
      t[3 * 256 + data[i + 4]!]! ^
      t[2 * 256 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < end; i++) reg = t[(reg ^ data[i]!) & 0xff]! ^ (reg >>> 8);
  return reg >>> 0;
}

export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  return (update(0, data, start, end) ^ 0xffffffff) >>> 0;
}

/** The CRC of an entry: its bytes 0-3 followed by bytes 8-31, skipping the CRC field itself. */
export function entryCrc32(data: Uint8Array, entryOffset: number): number {
  const reg = update(0, data, entryOffset, entryOffset + 4);
  return (update(reg, data, entryOffset + 8, entryOffset + 32) ^ 0xffffffff) >>> 0;
}
