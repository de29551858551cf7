// Espressif's esptool-js 0.7.0 as the independent check of the simulator: what it can do against a
// simulated board, it can do against a real one, and the reverse.
import { afterEach, describe, expect, it } from 'vitest';
import { plugIn, unplugAll } from './binding.js';
import { SimBoard } from './board.js';
import { CHIP_NAMES, chipSpec, type ChipName } from './chips.js';
import { esptoolOverBinding, esptoolOverPty, type EsptoolSession } from './esptool-js-session.js';
import { appImage, md5, pattern } from './fixtures.js';
import { startPtyBoard, type PtyBoard } from './pty.js';

const sessions: EsptoolSession[] = [];
const ptys: PtyBoard[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const p of ptys.splice(0)) p.close();
  unplugAll();
});

const track = (s: EsptoolSession) => (sessions.push(s), s);

/** esptool-js 0.7 appends the fifth FLASH_DEFL_BEGIN word for the ROM only on these (spec §3 says: every ROM but ESP32's). */
const DEFL_BEGIN_OK_IN_ROM = new Set<ChipName>(['esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3']);

const write = (s: EsptoolSession, data: Uint8Array, address: number, compress: boolean, verify: boolean) =>
  s.loader.writeFlash({
    fileArray: [{ data, address }],
    flashMode: 'keep',
    flashFreq: 'keep',
    flashSize: 'keep',
    eraseAll: false,
    compress,
    calculateMD5Hash: verify ? md5 : undefined,
  });

/** esptool-js hex-encodes the ROM's 32 ASCII hex digits once more; undo that. */
const romMd5 = async (s: EsptoolSession, address: number, size: number) => Buffer.from(await s.loader.flashMd5sum(address, size), 'hex').toString('latin1');

describe.each(CHIP_NAMES)('esptool-js and a simulated %s', (chip) => {
  const spec = chipSpec(chip);

  it('over the binding, ROM only: its reset sequence, chip and MAC, flash id, raw and compressed writes', async () => {
    const board = new SimBoard({ chip, timing: { pace: false } });
    const s = track(esptoolOverBinding(plugIn(board)));
    await s.loader.detectChip('default_reset');
    expect(s.loader.chip.CHIP_NAME).toBe(spec.displayName);
    expect(await s.loader.chip.readMac(s.loader)).toBe(board.macAddress);
    // esptool-js never attaches the flash in ROM mode; esptool does, with the ROM's 8 bytes.
    await s.loader.checkCommand('attach flash', 0x0d, new Uint8Array(8));
    expect(await s.loader.readFlashId()).toBe(0x1640ef);
    const raw = appImage(30_000, 1);
    await write(s, raw, 0x10000, false, false);
    expect(board.readFlash(0x10000, raw.length)).toEqual(raw);
    expect(await romMd5(s, 0x10000, raw.length)).toBe(md5(raw));
    const packed = pattern(70_000, 2);
    await write(s, packed, 0x30000, true, false);
    if (DEFL_BEGIN_OK_IN_ROM.has(chip)) {
      expect(board.readFlash(0x30000, packed.length)).toEqual(packed);
    } else {
      // The ROM reads a fifth word esptool-js did not send: what lands is not the image, and MD5 shows it.
      expect(board.readFlash(0x30000, packed.length)).not.toEqual(packed);
      expect(await romMd5(s, 0x30000, packed.length)).not.toBe(md5(packed));
    }
  });

  it('over the binding, with its stub at 921600 baud: raw and compressed writes it verifies, read-back', async () => {
    const board = new SimBoard({ chip, timing: { pace: false } });
    const s = track(esptoolOverBinding(plugIn(board), 921600));
    expect(await s.loader.main('default_reset')).toContain(spec.displayName);
    expect(board.mode).toBe('stub');
    expect(board.baud).toBe(921600);
    expect(s.log).toContain(`MAC: ${board.macAddress}`);
    const raw = appImage(40_000, 3);
    const packed = pattern(200_000, 4);
    await write(s, raw, 0, false, true);
    await write(s, packed, 0x100000, true, true);
    expect(board.readFlash(0, raw.length)).toEqual(raw);
    expect(board.readFlash(0x100000, packed.length)).toEqual(packed);
    expect(await s.loader.readFlash(0x100000 + 4096, 20_000)).toEqual(packed.subarray(4096, 24_096));
  });

  it('over a pty with no_reset: ROM-only raw write, then the stub, a compressed write and read-back', async () => {
    const pty = startPtyBoard({ chip, timing: { pace: false } });
    ptys.push(pty);
    const s = track(esptoolOverPty(pty.path));
    await s.loader.detectChip('no_reset');
    expect(s.loader.chip.CHIP_NAME).toBe(spec.displayName);
    expect(await s.loader.chip.readMac(s.loader)).toBe(pty.board.macAddress);
    await s.loader.checkCommand('attach flash', 0x0d, new Uint8Array(8));
    const raw = appImage(20_000, 5);
    await write(s, raw, 0x8000, false, false);
    expect(pty.board.readFlash(0x8000, raw.length)).toEqual(raw);
    await s.loader.runStub();
    expect(pty.board.mode).toBe('stub');
    const packed = pattern(120_000, 6);
    await write(s, packed, 0x40000, true, true);
    expect(pty.board.readFlash(0x40000, packed.length)).toEqual(packed);
    expect(await s.loader.readFlash(0x40000, 8192)).toEqual(packed.subarray(0, 8192));
  });
});

describe('esptool-js and USB-Serial/JTAG boards', () => {
  it.each(CHIP_NAMES.filter((c) => chipSpec(c).usbJtag))('%s: esptool-js picks its USB reset from the VID/PID and gets in', async (chip) => {
    const board = new SimBoard({ chip, timing: { pace: false } });
    const s = track(esptoolOverBinding(plugIn(board, { adapter: 'usb-jtag' })));
    expect(await s.loader.main('default_reset')).toContain(chipSpec(chip).displayName);
    expect(board.mode).toBe('stub');
    const data = pattern(50_000, 9);
    await write(s, data, 0x20000, true, true);
    expect(board.readFlash(0x20000, data.length)).toEqual(data);
  });
});

describe('esptool-js against a paced board', () => {
  it('at timeScale 0.05 (20× real time) it connects, runs its stub and writes; the board counts the wire time', async () => {
    const board = new SimBoard({ chip: 'esp32s3', timing: { pace: true, timeScale: 0.05 } });
    const s = track(esptoolOverBinding(plugIn(board)));
    await s.loader.main('default_reset');
    const data = pattern(64 * 1024, 12);
    const start = board.simTimeMs;
    await write(s, data, 0x10000, false, true);
    expect(board.readFlash(0x10000, data.length)).toEqual(data);
    // 64 KiB of data cannot have crossed a 115200 baud line in less than 64 Ki × 10 / 115200 s.
    expect(board.simTimeMs - start).toBeGreaterThan((data.length * 10 * 1000) / 115200);
  });
});
