/** Deadlines, in milliseconds (spec §5). Every read has one. */
export interface Timeouts {
  /** Any command without a scaled timeout. */
  command: number;
  /** One SYNC attempt: the first answer must come this fast. */
  sync: number;
  /** The flasher stub's OHAI after MEM_END. */
  stubHello: number;
  /** ROM MEM_END: the reply may be lost. */
  memEnd: number;
  /** Per megabyte (10^6 bytes), for ERASE_REGION and the ROM's FLASH_BEGIN, which erases up front. */
  erasePerMb: number;
  /** Per megabyte of uncompressed data in one FLASH_DATA / FLASH_DEFL_DATA block (erase + write). */
  writePerMb: number;
  md5PerMb: number;
  chipErase: number;
  /** No command waits longer than this. */
  max: number;
  /** A write to the port must be handed to the OS within this. */
  serialWrite: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  command: 3000,
  sync: 100,
  stubHello: 3000,
  memEnd: 200,
  erasePerMb: 30_000,
  writePerMb: 40_000,
  md5PerMb: 8000,
  chipErase: 120_000,
  max: 240_000,
  serialWrite: 10_000,
};

/** A timeout proportional to the size, never below the default command timeout nor above the cap. */
export function scaled(timeouts: Timeouts, perMb: number, bytes: number): number {
  return Math.min(timeouts.max, Math.max(timeouts.command, Math.ceil((perMb * bytes) / 1e6)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
