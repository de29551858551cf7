import type { ChipName } from '../esp/chips.js';

/** The chip id field of ESP-IDF's app and bootloader image header (esptool's IMAGE_CHIP_ID). */
export const IMAGE_CHIP_IDS: Readonly<Record<ChipName, number>> = {
  esp32: 0,
  esp32s2: 2,
  esp32c3: 5,
  esp32s3: 9,
  esp32c2: 12,
  esp32c6: 13,
  esp32h2: 16,
  esp32p4: 18,
  esp32c5: 23,
};

const IMAGE_MAGIC = 0xe9;
/** Common header (8 bytes) + extended header (16 bytes). */
const HEADER_SIZE = 24;
const CHIP_ID_AT = 12;
const MAX_SEGMENTS = 16;

/**
 * The chip an app or bootloader image is built for, read from its header;
 * undefined for anything that does not look like an ESP image.
 */
export function imageChip(data: Uint8Array): ChipName | undefined {
  if (data.length < HEADER_SIZE || data[0] !== IMAGE_MAGIC || data[1]! > MAX_SEGMENTS) return undefined;
  const id = data[CHIP_ID_AT]! | (data[CHIP_ID_AT + 1]! << 8);
  return (Object.keys(IMAGE_CHIP_IDS) as ChipName[]).find((name) => IMAGE_CHIP_IDS[name] === id);
}
