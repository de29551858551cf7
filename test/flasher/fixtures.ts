// Shared steps of the flasher tests: simulated boards on real pseudo-terminals, the client on them
// through the OS serial binding, and how a result is judged.
import { expect } from 'vitest';
import { EspError, EspLoader, prepareImages, type FlashRegion, type OpenOptions, type PreparedImage } from '../../src/main/esp/index.js';
import { chipSpec, startPtyBoard, type ChipName, type PtyBoard, type PtyBoardOptions } from '../sim/index.js';
import { firmwareRegions, type ImageSetOptions } from './images.js';

/** Unpaced: the model still runs, but nothing waits for the wall clock. */
export const UNPACED = { pace: false } as const;

/** Short enough that a fault which loses answers ends within seconds, long enough for a busy machine. */
export const FAULT_TIMEOUTS = { command: 1500, stubHello: 1500 } as const;

/** Pty boards made by a test; close them all when it ends. */
export class PtyBoards {
  private readonly open: PtyBoard[] = [];

  start(options: PtyBoardOptions): PtyBoard {
    const pty = startPtyBoard({ timing: UNPACED, ...options });
    this.open.push(pty);
    return pty;
  }

  /** The same board plugged in again after its cable was pulled: a new pty, its flash and MAC kept. */
  replug(old: PtyBoard, options: Omit<PtyBoardOptions, 'chip' | 'mac'> = {}): PtyBoard {
    const pty = this.start({ chip: old.board.chip.name, mac: old.board.macAddress, ...options });
    pty.board.loadFlash(0, old.board.flash);
    return pty;
  }

  closeAll(): void {
    for (const pty of this.open.splice(0)) pty.close();
  }
}

export function regionsFor(chip: ChipName, options: Omit<ImageSetOptions, 'bootloaderOffset'> = {}): FlashRegion[] {
  return firmwareRegions({ bootloaderOffset: chipSpec(chip).bootloaderOffset, ...options });
}

export const prepare = (regions: readonly FlashRegion[], compress = true): Promise<PreparedImage[]> => prepareImages(regions, { compress });

/** Connects, writes and verifies every image, leaves the board in the bootloader and closes the port. */
export async function flashBoard(options: OpenOptions, images: readonly PreparedImage[]): Promise<EspLoader> {
  const loader = await EspLoader.open(options);
  try {
    await loader.flash(images);
  } catch (error) {
    await loader.close();
    throw error;
  }
  await loader.finish('no-reset');
  return loader;
}

/** The EspError a promise rejects with (fails the test when it resolves or rejects with anything else). */
export async function espFailure(promise: Promise<unknown>): Promise<EspError> {
  const outcome = await promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
  if (!(outcome instanceof EspError)) throw new Error(`expected an EspError, got ${outcome instanceof Error ? outcome.stack : String(outcome)}`);
  return outcome;
}

/** The first offset where two byte strings differ, or -1: a failure then says where. */
export function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) if (actual[i] !== expected[i]) return i;
  return actual.length === expected.length ? -1 : n;
}

/** Every region is in the board's flash, byte for byte. */
export function expectFlashHolds(readFlash: (offset: number, length: number) => Uint8Array, regions: readonly FlashRegion[]): void {
  for (const region of regions) {
    expect(firstDifference(readFlash(region.offset, region.data.length), region.data), `region at 0x${region.offset.toString(16)}`).toBe(-1);
  }
}
