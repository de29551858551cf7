/** Flash size from the JEDEC RDID answer (manufacturer, memory type, capacity code). */

const KB = 1024;
const MB = 1024 * KB;

/** Capacity codes: 0x12..0x1C are 2^code bytes; some vendors use 0x20.. and 0x32.. for the same sizes. */
const CAPACITY: Record<number, number> = {
  0x12: 256 * KB,
  0x13: 512 * KB,
  0x14: 1 * MB,
  0x15: 2 * MB,
  0x16: 4 * MB,
  0x17: 8 * MB,
  0x18: 16 * MB,
  0x19: 32 * MB,
  0x1a: 64 * MB,
  0x1b: 128 * MB,
  0x1c: 256 * MB,
  0x20: 64 * MB,
  0x21: 128 * MB,
  0x22: 256 * MB,
  0x32: 256 * KB,
  0x33: 512 * KB,
  0x34: 1 * MB,
  0x35: 2 * MB,
  0x36: 4 * MB,
  0x37: 8 * MB,
  0x38: 16 * MB,
  0x39: 32 * MB,
  0x3a: 64 * MB,
};

const ADESTO = 0x1f;
/** Adesto parts give the density in bits 4..0 of the first device id byte. */
const ADESTO_DENSITY: Record<number, number> = { 0x04: 512 * KB, 0x05: 1 * MB, 0x06: 2 * MB, 0x07: 4 * MB, 0x08: 8 * MB, 0x09: 16 * MB };

/** `flashId` is the 24-bit RDID value as read from W0: manufacturer in the low byte, capacity in the high. */
export function flashSizeFromId(flashId: number): number | undefined {
  const manufacturer = flashId & 0xff;
  if (manufacturer === ADESTO) return ADESTO_DENSITY[(flashId >>> 8) & 0x1f];
  return CAPACITY[(flashId >>> 16) & 0xff];
}

export function formatSize(bytes: number): string {
  return bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB` : bytes >= KB && bytes % KB === 0 ? `${bytes / KB} KB` : `${bytes} bytes`;
}
