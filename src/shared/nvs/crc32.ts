/**
 * The CRC-32 every NVS structure uses: ESP-IDF calls zlib.crc32(data, 0xFFFFFFFF)
 * (firmware: esp_rom_crc32_le(0xffffffff, ...)), which is the reflected polynomial
 * 0xEDB88320 with the register starting at 0 and the result inverted.
 * crc32("123456789") = 0xD202D277, crc32("") = 0xFFFFFFFF.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  let reg = 0;
  for (let i = start; i < end; i++) reg = TABLE[(reg ^ data[i]!) & 0xff]! ^ (reg >>> 8);
  return (reg ^ 0xffffffff) >>> 0;
}

/** The CRC of an entry: its bytes 0-3 followed by bytes 8-31, skipping the CRC field itself. */
export function entryCrc32(data: Uint8Array, entryOffset: number): number {
  let reg = 0;
  for (let i = entryOffset; i < entryOffset + 4; i++) reg = TABLE[(reg ^ data[i]!) & 0xff]! ^ (reg >>> 8);
  for (let i = entryOffset + 8; i < entryOffset + 32; i++) reg = TABLE[(reg ^ data[i]!) & 0xff]! ^ (reg >>> 8);
  return (reg ^ 0xffffffff) >>> 0;
}
