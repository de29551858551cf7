// Chip personalities (spec §6 table, §11.4-§11.6). Register addresses and field positions are the
// ones esptool reads; a simulated board answers them as the silicon would.

export type ChipName = 'esp32' | 'esp32s2' | 'esp32s3' | 'esp32c2' | 'esp32c3' | 'esp32c5' | 'esp32c6' | 'esp32h2' | 'esp32p4';

export const CHIP_NAMES: readonly ChipName[] = ['esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3', 'esp32c5', 'esp32c6', 'esp32h2', 'esp32p4'];

export interface Revision {
  major: number;
  minor: number;
}

/** A bit field in a 32-bit register: `value` goes to bits `shift`..`shift+width-1` of `addr`. */
export interface RegField {
  addr: number;
  shift: number;
  width: number;
  value: number;
}

export interface SpiPeripheral {
  base: number;
  usr: number;
  usr1: number;
  usr2: number;
  mosiDlen: number;
  misoDlen: number;
  w0: number;
  /** ESP32's SPI takes the address from the top bits of SPI_ADDR; SPI_MEM (S2 and later) from the low bits. */
  addrMsb: boolean;
}

export interface ChipSpec {
  name: ChipName;
  displayName: string;
  /** GET_SECURITY_INFO: 20 bytes with chip id (S3 and later), 12 without (S2), unsupported (ESP32 ROM). */
  chipId: number | null;
  securityInfoLength: 0 | 12 | 20;
  /** Value of the word at 0x40001000 (spec §6: the first magic listed for the chip). */
  magic: number;
  /** Word holding MAC octets 2..5; the next word holds octets 0..1 in its low 16 bits (ESP32 too: words 1 and 2). */
  macWord: number;
  /** C5/C6/H2: the high half of the second MAC word holds the EUI-64 extension `ff:fe`. */
  macExt?: boolean;
  uartBase: number;
  xtalHz: number;
  spi: SpiPeripheral;
  /** Words in FLASH_BEGIN / FLASH_DEFL_BEGIN the ROM reads: 4 on ESP32, 5 (+encrypted) on later ROMs (spec §3). */
  romBeginWords: 4 | 5;
  /** Where the ROM looks for the second-stage bootloader image when booting from flash. */
  bootloaderOffset: number;
  defaultRevision: Revision;
  revisionFields(rev: Revision): RegField[];
  /** ROM .bss variable telling which port the ROM talks on, and its value for USB-Serial/JTAG. */
  usbJtag?: { bufNoAddr(rev: Revision): number; value: number };
  /** esptool-js stub JSON file for this chip and revision (spec §6: P4 below v3.0 uses the rev1 stub). */
  stubFile(rev: Revision): string;
  /** First lines the ROM prints after a reset, before the `rst:` line. */
  romHeader: string[];
  downloadBoot: string;
  flashBoot: string;
}

const field = (addr: number, shift: number, width: number, value: number): RegField => ({ addr, shift, width, value });

const spiMem = (base: number): SpiPeripheral => ({ base, usr: 0x18, usr1: 0x1c, usr2: 0x20, mosiDlen: 0x24, misoDlen: 0x28, w0: 0x58, addrMsb: false });

/** S3 and C3 split the minor version: 3 low bits in word 3, the high bit in word 5 next to the major. */
const splitMinor = (block1: number) => (rev: Revision) => [
  field(block1 + 12, 18, 3, rev.minor & 7),
  field(block1 + 20, 23, 1, rev.minor >> 3),
  field(block1 + 20, 24, 2, rev.major),
];

const CHIPS: Record<ChipName, ChipSpec> = {
  esp32: {
    name: 'esp32',
    displayName: 'ESP32',
    chipId: null,
    securityInfoLength: 0,
    magic: 0x00f01d83,
    macWord: 0x3ff5a004,
    uartBase: 0x3ff40000,
    xtalHz: 40e6,
    spi: { base: 0x3ff42000, usr: 0x1c, usr1: 0x20, usr2: 0x24, mosiDlen: 0x28, misoDlen: 0x2c, w0: 0x80, addrMsb: true },
    romBeginWords: 4,
    bootloaderOffset: 0x1000,
    defaultRevision: { major: 3, minor: 0 },
    // Major revision is a thermometer code over three bits in two eFuse words and APB_CTL_DATE.
    revisionFields: (rev) => [
      field(0x3ff5a00c, 15, 1, rev.major >= 1 ? 1 : 0),
      field(0x3ff5a014, 20, 1, rev.major >= 2 ? 1 : 0),
      field(0x3ff6607c, 31, 1, rev.major >= 3 ? 1 : 0),
      field(0x3ff5a014, 24, 2, rev.minor),
    ],
    stubFile: () => 'esp32.json',
    romHeader: ['ets Jun  8 2016 00:22:57', ''],
    downloadBoot: 'rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))',
    flashBoot: 'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)',
  },
  esp32s2: {
    name: 'esp32s2',
    displayName: 'ESP32-S2',
    chipId: 2,
    securityInfoLength: 12,
    magic: 0x000007c6,
    macWord: 0x3f41a044,
    uartBase: 0x3f400000,
    xtalHz: 40e6,
    spi: spiMem(0x3f402000),
    romBeginWords: 5,
    bootloaderOffset: 0x1000,
    defaultRevision: { major: 0, minor: 0 },
    revisionFields: (rev) => [field(0x3f41a050, 18, 2, rev.major), field(0x3f41a050, 20, 1, rev.minor >> 3), field(0x3f41a054, 4, 3, rev.minor & 7)],
    stubFile: () => 'esp32s2.json',
    romHeader: ['ESP-ROM:esp32s2-rc4-20191025', 'Build:Oct 25 2019'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x0 (DOWNLOAD(USB/UART0/1))',
    flashBoot: 'rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)',
  },
  esp32s3: {
    name: 'esp32s3',
    displayName: 'ESP32-S3',
    chipId: 9,
    securityInfoLength: 20,
    magic: 0x00000009,
    macWord: 0x60007044,
    uartBase: 0x60000000,
    xtalHz: 40e6,
    spi: spiMem(0x60002000),
    romBeginWords: 5,
    bootloaderOffset: 0x0,
    defaultRevision: { major: 0, minor: 2 },
    revisionFields: splitMinor(0x60007044),
    usbJtag: { bufNoAddr: () => 0x3fcef14c, value: 4 },
    stubFile: () => 'esp32s3.json',
    romHeader: ['ESP-ROM:esp32s3-20210327', 'Build:Mar 27 2021'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x0 (DOWNLOAD(USB/UART0))',
    flashBoot: 'rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)',
  },
  esp32c2: {
    name: 'esp32c2',
    displayName: 'ESP32-C2',
    chipId: 12,
    securityInfoLength: 20,
    magic: 0x6f51306f,
    // C2 keeps the MAC one word lower than its siblings, and its revision shares the MAC's high word.
    macWord: 0x60008840,
    uartBase: 0x60000000,
    xtalHz: 40e6,
    spi: spiMem(0x60002000),
    romBeginWords: 5,
    bootloaderOffset: 0x0,
    // Revision 0 makes esptool disable the stub (spec §6), so the default board is v1.0.
    defaultRevision: { major: 1, minor: 0 },
    revisionFields: (rev) => [field(0x60008844, 16, 4, rev.minor), field(0x60008844, 20, 2, rev.major)],
    stubFile: () => 'esp32c2.json',
    romHeader: ['ESP-ROM:esp8684-api2-20220127', 'Build:Jan 27 2022'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x4 (DOWNLOAD(UART0))',
    flashBoot: 'rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)',
  },
  esp32c3: {
    name: 'esp32c3',
    displayName: 'ESP32-C3',
    chipId: 5,
    securityInfoLength: 20,
    magic: 0x1b31506f,
    macWord: 0x60008844,
    uartBase: 0x60000000,
    xtalHz: 40e6,
    spi: spiMem(0x60002000),
    romBeginWords: 5,
    bootloaderOffset: 0x0,
    defaultRevision: { major: 0, minor: 4 },
    revisionFields: splitMinor(0x60008844),
    usbJtag: { bufNoAddr: () => 0x3fcdf07c, value: 3 },
    stubFile: () => 'esp32c3.json',
    romHeader: ['ESP-ROM:esp32c3-api1-20210207', 'Build:Feb  7 2021'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x5 (DOWNLOAD(USB/UART1))',
    flashBoot: 'rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)',
  },
  esp32c5: {
    name: 'esp32c5',
    macExt: true,
    displayName: 'ESP32-C5',
    chipId: 23,
    securityInfoLength: 20,
    magic: 0x1101406f,
    macWord: 0x600b4844,
    uartBase: 0x60000000,
    xtalHz: 48e6,
    spi: spiMem(0x60003000),
    romBeginWords: 5,
    bootloaderOffset: 0x2000,
    defaultRevision: { major: 1, minor: 0 },
    revisionFields: (rev) => [field(0x600b484c, 0, 4, rev.minor), field(0x600b484c, 4, 2, rev.major)],
    usbJtag: { bufNoAddr: () => 0x4085f514, value: 3 },
    stubFile: () => 'esp32c5.json',
    romHeader: ['ESP-ROM:esp32c5-eco2-20250121', 'Build:Jan 21 2025'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x18 (DOWNLOAD(USB/UART0/SDIO_FEI_FEO))',
    flashBoot: 'rst:0x1 (POWERON),boot:0x1c (SPI_FAST_FLASH_BOOT)',
  },
  esp32c6: {
    name: 'esp32c6',
    macExt: true,
    displayName: 'ESP32-C6',
    chipId: 13,
    securityInfoLength: 20,
    magic: 0x2ce0806f,
    macWord: 0x600b0844,
    uartBase: 0x60000000,
    xtalHz: 40e6,
    spi: spiMem(0x60003000),
    romBeginWords: 5,
    bootloaderOffset: 0x0,
    defaultRevision: { major: 0, minor: 1 },
    revisionFields: (rev) => [field(0x600b0850, 18, 4, rev.minor), field(0x600b0850, 22, 2, rev.major)],
    usbJtag: { bufNoAddr: () => 0x4087f580, value: 3 },
    stubFile: () => 'esp32c6.json',
    romHeader: ['ESP-ROM:esp32c6-20220919', 'Build:Sep 19 2022'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x4 (DOWNLOAD(USB/UART/SDIO_REI_REO))',
    flashBoot: 'rst:0x1 (POWERON),boot:0x6c (SPI_FAST_FLASH_BOOT)',
  },
  esp32h2: {
    name: 'esp32h2',
    macExt: true,
    displayName: 'ESP32-H2',
    chipId: 16,
    securityInfoLength: 20,
    magic: 0xd7b73e80,
    macWord: 0x600b0844,
    uartBase: 0x60000000,
    xtalHz: 32e6,
    spi: spiMem(0x60003000),
    romBeginWords: 5,
    bootloaderOffset: 0x0,
    defaultRevision: { major: 0, minor: 1 },
    revisionFields: (rev) => [field(0x600b0850, 18, 3, rev.minor), field(0x600b0850, 21, 2, rev.major)],
    usbJtag: { bufNoAddr: () => 0x4084fefc, value: 3 },
    stubFile: () => 'esp32h2.json',
    romHeader: ['ESP-ROM:esp32h2-20221101', 'Build:Nov  1 2022'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x4 (DOWNLOAD(USB/UART0))',
    flashBoot: 'rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)',
  },
  esp32p4: {
    name: 'esp32p4',
    displayName: 'ESP32-P4',
    chipId: 18,
    securityInfoLength: 20,
    magic: 0x0addbad0,
    macWord: 0x5012d044,
    uartBase: 0x500ca000,
    xtalHz: 40e6,
    spi: spiMem(0x5008d000),
    romBeginWords: 5,
    bootloaderOffset: 0x2000,
    defaultRevision: { major: 1, minor: 0 },
    // The major version is split: bits 4-5 of word 2 and its third bit at bit 23.
    revisionFields: (rev) => [field(0x5012d04c, 0, 4, rev.minor), field(0x5012d04c, 4, 2, rev.major & 3), field(0x5012d04c, 23, 1, rev.major >> 2)],
    usbJtag: { bufNoAddr: (rev) => (rev.major < 3 ? 0x4ff3feb0 : 0x4ffbfeb0) + 24, value: 6 },
    stubFile: (rev) => (rev.major < 3 ? 'esp32p4-rev1.json' : 'esp32p4.json'),
    romHeader: ['ESP-ROM:esp32p4-eco2-20240710', 'Build:Jul 10 2024'],
    downloadBoot: 'rst:0x1 (POWERON),boot:0x20f (DOWNLOAD(USB/UART0/SPI))',
    flashBoot: 'rst:0x1 (POWERON),boot:0x30f (SPI_FAST_FLASH_BOOT)',
  },
};

export function chipSpec(name: ChipName): ChipSpec {
  const spec = CHIPS[name];
  if (!spec) throw new Error(`unknown chip "${String(name)}"; known: ${CHIP_NAMES.join(', ')}`);
  return spec;
}

export const UART_CLKDIV_OFFSET = 0x14;
export const CHIP_DETECT_MAGIC_REG = 0x40001000;
