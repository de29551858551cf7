/** What the client needs to know about each chip (spec §6, §9.1, §11.5). */

export const CHIP_NAMES = ['esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3', 'esp32c5', 'esp32c6', 'esp32h2', 'esp32p4'] as const;
export type ChipName = (typeof CHIP_NAMES)[number];

/** Offsets of the SPI flash controller registers used to send a flash command by hand. */
export interface SpiRegisters {
  base: number;
  usr: number;
  usr1: number;
  usr2: number;
  mosiDlen: number;
  misoDlen: number;
  w0: number;
}

export type MacLayout = 'esp32' | 'standard' | 'eui64';

export interface Chip {
  name: ChipName;
  /** As printed: "ESP32-C3". */
  label: string;
  /** The id in GET_SECURITY_INFO (= the image header chip id); undefined where the ROM does not give one. */
  chipId?: number;
  /** Values of the word at 0x40001000 that identify the chip (older method, changes with silicon revisions). */
  magic: readonly number[];
  /** Address of the low MAC eFuse word (for ESP32, the eFuse read block whose words 1 and 2 hold it). */
  macEfuse: number;
  macLayout: MacLayout;
  spi: SpiRegisters;
  /** The ROM's FLASH_BEGIN takes a fifth word (encrypted); ESP32's takes four. */
  romBeginHasEncryptedWord: boolean;
}

export const MAGIC_REGISTER = 0x40001000;

const SPI_COMMON = { usr: 0x18, usr1: 0x1c, usr2: 0x20, mosiDlen: 0x24, misoDlen: 0x28, w0: 0x58 };
const spiAt = (base: number): SpiRegisters => ({ base, ...SPI_COMMON });

export const CHIPS: Record<ChipName, Chip> = {
  esp32: {
    name: 'esp32',
    label: 'ESP32',
    magic: [0x00f01d83],
    macEfuse: 0x3ff5a000,
    macLayout: 'esp32',
    spi: { base: 0x3ff42000, usr: 0x1c, usr1: 0x20, usr2: 0x24, mosiDlen: 0x28, misoDlen: 0x2c, w0: 0x80 },
    romBeginHasEncryptedWord: false,
  },
  esp32s2: { name: 'esp32s2', label: 'ESP32-S2', magic: [0x000007c6], macEfuse: 0x3f41a044, macLayout: 'standard', spi: spiAt(0x3f402000), romBeginHasEncryptedWord: true },
  esp32s3: { name: 'esp32s3', label: 'ESP32-S3', chipId: 9, magic: [0x9], macEfuse: 0x60007044, macLayout: 'standard', spi: spiAt(0x60002000), romBeginHasEncryptedWord: true },
  esp32c2: {
    name: 'esp32c2',
    label: 'ESP32-C2',
    chipId: 12,
    magic: [0x6f51306f, 0x7c41a06f, 0x0c21e06f],
    macEfuse: 0x60008840,
    macLayout: 'standard',
    spi: spiAt(0x60002000),
    romBeginHasEncryptedWord: true,
  },
  esp32c3: {
    name: 'esp32c3',
    label: 'ESP32-C3',
    chipId: 5,
    magic: [0x6921506f, 0x1b31506f, 0x4881606f, 0x4361606f],
    macEfuse: 0x60008844,
    macLayout: 'standard',
    spi: spiAt(0x60002000),
    romBeginHasEncryptedWord: true,
  },
  esp32c5: {
    name: 'esp32c5',
    label: 'ESP32-C5',
    chipId: 23,
    magic: [0x1101406f, 0x63e1406f, 0x5fd1406f],
    macEfuse: 0x600b4844,
    macLayout: 'eui64',
    spi: spiAt(0x60003000),
    romBeginHasEncryptedWord: true,
  },
  esp32c6: { name: 'esp32c6', label: 'ESP32-C6', chipId: 13, magic: [0x2ce0806f], macEfuse: 0x600b0844, macLayout: 'eui64', spi: spiAt(0x60003000), romBeginHasEncryptedWord: true },
  esp32h2: {
    name: 'esp32h2',
    label: 'ESP32-H2',
    chipId: 16,
    magic: [0xd7b73e80, 0x97e30068],
    macEfuse: 0x600b0844,
    macLayout: 'eui64',
    spi: spiAt(0x60003000),
    romBeginHasEncryptedWord: true,
  },
  esp32p4: {
    name: 'esp32p4',
    label: 'ESP32-P4',
    chipId: 18,
    magic: [0x0, 0x0addbad0, 0x7039ad9],
    macEfuse: 0x5012d044,
    macLayout: 'standard',
    spi: spiAt(0x5008d000),
    romBeginHasEncryptedWord: true,
  },
};

export function isChipName(name: string): name is ChipName {
  return (CHIP_NAMES as readonly string[]).includes(name);
}

export function chipById(chipId: number): Chip | undefined {
  return Object.values(CHIPS).find((c) => c.chipId === chipId);
}

export function chipByMagic(magic: number): Chip | undefined {
  return Object.values(CHIPS).find((c) => c.magic.includes(magic >>> 0));
}
