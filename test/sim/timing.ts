// How long things take on a board. Flash figures are typical values from the Winbond W25Q32JV /
// W25Q128JV datasheets (AC electrical characteristics, tPP / tSE / tBE2 / tCE); the strap hold time
// is the ESP32 datasheet's (strapping pins held ≥1 ms after CHIP_PU rises). Boot, stub start and
// MD5 rates are estimates for a ROM running from the crystal and a stub at full clock, not
// measurements. Every figure can be overridden per board.
import { BLOCK_SIZE, PAGE_SIZE, SECTOR_SIZE } from './spi-flash.js';

export interface TimingFigures {
  /** 256-byte page program, ms (W25Q32JV tPP typ 0.4 ms, max 3 ms). */
  pageProgramMs: number;
  /** 4 KiB sector erase, ms (tSE typ 45 ms, max 400 ms). */
  sectorEraseMs: number;
  /** 64 KiB block erase, ms (tBE2 typ 150 ms, max 2000 ms). */
  blockEraseMs: number;
  /** Whole-chip erase per MiB, ms (tCE typ 10 s for 4 MiB, 40 s for 16 MiB). */
  chipEraseMsPerMB: number;
  /** Reading and hashing 1 MiB for SPI_FLASH_MD5 in the ROM (estimate). */
  romMd5MsPerMB: number;
  /** Same in the stub (estimate). */
  stubMd5MsPerMB: number;
  /** Reading a sector to find it blank, as the stub does before erasing it (estimate: 40 MHz quad read). */
  blankCheckMsPerSector: number;
  /** EN rising to the strapping pins being latched (ESP32 datasheet tH ≥ 1 ms). */
  strapHoldMs: number;
  /** EN rising to the ROM banner (estimate). */
  romBootMs: number;
  /** ROM banner to the app's first line: second-stage bootloader, image checks, app start (estimate). */
  appBootMs: number;
  /** MEM_END(entry) to the stub's OHAI (estimate). */
  stubStartMs: number;
  /** Throughput of a USB-Serial/JTAG port, bytes per ms; the baud rate does not apply there (estimate). */
  usbBytesPerMs: number;
}

export const DEFAULT_TIMING: TimingFigures = {
  pageProgramMs: 0.4,
  sectorEraseMs: 45,
  blockEraseMs: 150,
  chipEraseMsPerMB: 2500,
  romMd5MsPerMB: 400,
  stubMd5MsPerMB: 250,
  blankCheckMsPerSector: 0.3,
  strapHoldMs: 1,
  romBootMs: 30,
  appBootMs: 300,
  stubStartMs: 10,
  usbBytesPerMs: 1000,
};

const MB = 1024 * 1024;

export const programMs = (t: TimingFigures, bytes: number): number => Math.ceil(bytes / PAGE_SIZE) * t.pageProgramMs;

/**
 * Erasing [start, end) the way the ROM's erase-area routine does: sectors up to a 64 KiB boundary,
 * whole blocks while they fit, sectors for the tail.
 */
export function eraseRangeMs(t: TimingFigures, start: number, end: number): number {
  let ms = 0;
  let at = start - (start % SECTOR_SIZE);
  while (at < end) {
    if (at % BLOCK_SIZE === 0 && at + BLOCK_SIZE <= end) {
      ms += t.blockEraseMs;
      at += BLOCK_SIZE;
    } else {
      ms += t.sectorEraseMs;
      at += SECTOR_SIZE;
    }
  }
  return ms;
}

export const md5Ms = (t: TimingFigures, stub: boolean, bytes: number): number => ((stub ? t.stubMd5MsPerMB : t.romMd5MsPerMB) * bytes) / MB;

export const chipEraseMs = (t: TimingFigures, flashBytes: number): number => (t.chipEraseMsPerMB * flashBytes) / MB;
