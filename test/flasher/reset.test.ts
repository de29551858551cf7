import { afterEach, describe, expect, it, vi } from 'vitest';
import { EspLoader, type EspProgress } from '../../src/main/esp/index.js';
import { chipSpec, createSimBoard, plugIn, simBinding, unplugAll, type BoardMode, type ChipName, type SimBoard, type SimPortOptions } from '../sim/index.js';
import { espFailure, expectFlashHolds, prepare, regionsFor, UNPACED } from './fixtures.js';
import { appLikeBytes } from './images.js';

// The reset circuit: a pty has no DTR/RTS, so these boards sit behind the in-process serialport
// binding, whose modem lines drive the board's EN and IO0 as a USB-serial board's transistors do.

afterEach(() => unplugAll());

/** A board that has firmware and runs it, as one comes off the line: its app boots when powered. */
function runningBoard(chip: ChipName, port: SimPortOptions = {}): { board: SimBoard; path: string; modes: BoardMode[] } {
  const board = createSimBoard({ chip, timing: UNPACED });
  board.loadFlash(chipSpec(chip).bootloaderOffset, appLikeBytes(0x4000));
  const modes: BoardMode[] = [];
  board.onModeChange((mode) => modes.push(mode));
  const { path } = plugIn(board, port);
  return { board, path, modes };
}

const untilMode = (board: SimBoard, mode: BoardMode): Promise<void> => vi.waitFor(() => expect(board.mode).toBe(mode), { timeout: 2000 });

const stepMessages = (events: EspProgress[]): string[] => events.flatMap((e) => (e.type === 'step' ? [e.message] : []));

describe('resetting into the bootloader', () => {
  it('the default reset (DTR/RTS) takes a board out of its app into download mode; hard reset boots the new app', async () => {
    const { board, path, modes } = runningBoard('esp32s3');
    await untilMode(board, 'app');
    const events: EspProgress[] = [];
    const loader = await EspLoader.open({ path, binding: simBinding, platform: 'linux', onProgress: (e) => events.push(e) });
    expect(stepMessages(events)[0]).toBe('connecting (attempt 1, reset: tight 50 ms)');
    expect(modes.slice(modes.indexOf('app'))).toEqual(['app', 'reset', 'booting', 'rom', 'stub']);

    const regions = regionsFor('esp32s3', { seed: 9 });
    await loader.flash(await prepare(regions));
    await loader.finish('hard-reset');
    await untilMode(board, 'app');
    expectFlashHolds((offset, length) => board.readFlash(offset, length), regions);
  });

  it('--before no-reset on a board running its app: no answer, and a hint that names --before', async () => {
    const { board, path } = runningBoard('esp32c3');
    await untilMode(board, 'app');
    const error = await espFailure(EspLoader.open({ path, binding: simBinding, before: 'no-reset', attempts: 2 }));
    expect({ code: error.code, step: error.step, port: error.port }).toEqual({ code: 'no-answer', step: 'sync', port: path });
    expect(error.message).toBe(`no answer from the bootloader on ${path} after 2 attempts`);
    expect(error.hint).toMatch(/boot button.*try --before/);
    expect(board.mode).toBe('app');
  });

  it("the chip's own USB-Serial/JTAG port is recognised (VID 303A, PID 1001) and reset its way", async () => {
    const { board, path, modes } = runningBoard('esp32c6', { adapter: 'usb-jtag' });
    await untilMode(board, 'app');
    const events: EspProgress[] = [];
    const loader = await EspLoader.open({ path, binding: simBinding, onProgress: (e) => events.push(e) });
    expect(stepMessages(events)[0]).toBe('connecting (attempt 1, reset: usb-jtag)');
    expect(modes.slice(modes.indexOf('app'))).toEqual(['app', 'reset', 'booting', 'rom', 'stub']);
    expect((await loader.readMac()).text).toBe(board.macAddress);
    await loader.finish('hard-reset');
    await untilMode(board, 'app');
  });
});
