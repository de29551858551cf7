import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHIP_NAMES, EspError, EspLoader, prepareImage, type LoaderOptions } from '../../src/main/esp/index.js';
import { createSimBoard, plugIn, simBinding, startPtyBoard, unplugAll, type FaultSpec, type PtyBoard, type PtyBoardOptions, type SimBoardOptions, type SimPortOptions } from '../sim/index.js';
import { runCli } from '../helpers/run-cli.js';

// The project's simulated boards (test/sim): the ROM loader and the stub as the spec describes them,
// behind the in-process serialport binding (DTR/RTS drive a reset circuit) or a real pseudo-terminal.

const ptys: PtyBoard[] = [];
afterEach(() => {
  unplugAll();
  for (const p of ptys.splice(0)) p.close();
});

/**
 * Simulated time paced 20x faster than real time. (Unpaced, the simulator's clock runs on unref'd
 * setImmediate callbacks, which Node does not run while the loop waits in poll: replies then come
 * only when some other timer wakes the loop.)
 */
const TIMING = { timeScale: 0.05 };

function simPort(board: Omit<SimBoardOptions, 'timing'> & { faults?: readonly FaultSpec[] }, port: SimPortOptions = {}) {
  return plugIn(createSimBoard({ timing: TIMING, ...board }), port);
}

const open = (path: string, options: LoaderOptions = {}) => EspLoader.open({ path, binding: simBinding, ...options });

const failure = async (promise: Promise<unknown>): Promise<EspError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EspError);
  return error as EspError;
};

describe('against the simulated boards (serialport binding with DTR/RTS)', () => {
  it.each(CHIP_NAMES)('%s: reset into the bootloader, detect, MAC, flash compressed with the stub, verify, read back, hard reset', async (chip) => {
    const port = simPort({ chip });
    const loader = await open(port.path);
    expect(loader.chip.name).toBe(chip);
    expect(loader.stubRunning).toBe(true);
    expect((await loader.readMac()).text).toBe(port.board.macAddress);
    const data = Buffer.concat([randomBytes(3000), Buffer.alloc(40000, 0x5a), randomBytes(7)]);
    const image = await prepareImage({ offset: 0x20000, data });
    await loader.flash([image]);
    expect(Buffer.from(port.board.readFlash(0x20000, data.length)).equals(data)).toBe(true);
    expect(Buffer.from(await loader.readFlash(0x20000, data.length)).equals(data)).toBe(true);
    await loader.finish('hard-reset');
    expect(['booting', 'app']).toContain(port.board.mode);
  });

  it.each(['esp32', 'esp32s2', 'esp32c3', 'esp32p4'] as const)('%s in ROM-only mode: attach, 1 KiB blocks, hex MD5, READ_FLASH_SLOW', async (chip) => {
    const port = simPort({ chip });
    const loader = await open(port.path, { stub: false });
    expect(loader.stubRunning).toBe(false);
    const data = randomBytes(5000);
    await loader.flash([await prepareImage({ offset: 0x9000, data }, { compress: false })]);
    await loader.flash([await prepareImage({ offset: 0x10000, data: Buffer.alloc(20000, 7) })]);
    expect(Buffer.from(await loader.readFlash(0x9000, 256)).equals(data.subarray(0, 256))).toBe(true);
    await loader.finish('no-reset');
  });

  it('the chip\'s own USB-Serial/JTAG port is recognised and reset its way', async () => {
    const port = simPort({ chip: 'esp32c3' }, { adapter: 'usb-jtag' });
    const steps: string[] = [];
    const loader = await open(port.path, { onProgress: (e) => e.type === 'step' && steps.push(e.message) });
    expect(steps[0]).toBe('connecting (attempt 1, reset: usb-jtag)');
    await loader.finish('hard-reset');
  });

  it('921600 baud after connecting', async () => {
    const port = simPort({ chip: 'esp32s3' });
    const loader = await open(port.path, { baudRate: 921600 });
    expect(port.board.baud).toBe(921600);
    const data = randomBytes(20000);
    await loader.flash([await prepareImage({ offset: 0x10000, data })]);
    await loader.finish('no-reset');
  });

  it('a block refused with a checksum error is sent again', async () => {
    const port = simPort({ chip: 'esp32c6', faults: [{ kind: 'nak', op: 'FLASH_DEFL_DATA', nth: 2 }] });
    const loader = await open(port.path);
    const data = randomBytes(50000);
    await loader.flash([await prepareImage({ offset: 0x10000, data })]);
    expect(Buffer.from(port.board.readFlash(0x10000, data.length)).equals(data)).toBe(true);
    await loader.close();
  });

  it('a flash write failure the stub reports late (on the next command) fails the write', async () => {
    const port = simPort({ chip: 'esp32s3', faults: [{ kind: 'flashWriteError', nth: 2 }] });
    const loader = await open(port.path);
    const error = await failure(loader.flash([await prepareImage({ offset: 0x10000, data: randomBytes(50000) })]));
    expect(error).toMatchObject({ code: 'flash-write-failed', step: 'write', details: { offset: 0x10000 } });
    await loader.close();
  });

  it('a byte that did not program is caught by the MD5 check', async () => {
    const port = simPort({ chip: 'esp32c3', faults: [{ kind: 'corruptFlash' }] });
    const loader = await open(port.path);
    const image = await prepareImage({ offset: 0x30000, data: randomBytes(10000) });
    const error = await failure(loader.flash([image]));
    expect(error).toMatchObject({ code: 'verify-mismatch', step: 'verify', details: { offset: 0x30000, expectedMd5: image.md5 } });
    expect(error.message).toContain('0x00030000');
    await loader.close();
  });

  it('no SYNC answer: no-answer after the attempts', async () => {
    const port = simPort({ chip: 'esp32', faults: [{ kind: 'noSync', times: Infinity }] });
    const error = await failure(open(port.path, { attempts: 2 }));
    expect(error).toMatchObject({ code: 'no-answer', step: 'sync', port: port.path });
    expect(error.hint).toMatch(/download mode|boot button/);
  });

  it('the stub never says hello', async () => {
    const port = simPort({ chip: 'esp32c3', faults: [{ kind: 'noHello' }] });
    expect(await failure(open(port.path, { timeouts: { stubHello: 300 } }))).toMatchObject({ code: 'stub-no-hello', step: 'stub' });
  });

  it('the cable pulled in the middle of writing', async () => {
    const port = simPort({ chip: 'esp32c3' });
    let pulled = false;
    const loader = await open(port.path, {
      stub: false,
      onProgress: (e) => {
        if (e.type === 'region' && e.phase === 'write' && e.done > 4096 && !pulled) {
          pulled = true;
          port.unplug();
        }
      },
    });
    const error = await failure(loader.flash([await prepareImage({ offset: 0x10000, data: randomBytes(30000) }, { compress: false })]));
    expect(error).toMatchObject({ code: 'port-gone', step: 'write', port: port.path });
    expect(error.hint).toBe('the board was unplugged or the cable is loose');
  });

  it('the wrong chip', async () => {
    const port = simPort({ chip: 'esp32s3' });
    const error = await failure(open(port.path, { chip: 'esp32c3' }));
    expect(error.hint).toMatch(/^the job expects esp32c3, the board is esp32s3/);
  });

  it('16 boards at once, one prepared image', async () => {
    const ports = Array.from({ length: 16 }, (_, i) => simPort({ chip: CHIP_NAMES[i % CHIP_NAMES.length]! }));
    const data = Buffer.concat([randomBytes(8000), Buffer.alloc(60000, 0x11)]);
    const image = await prepareImage({ offset: 0x10000, data });
    const macs = await Promise.all(
      ports.map(async (port) => {
        const loader = await open(port.path);
        await loader.flash([image]);
        const mac = (await loader.readMac()).text;
        await loader.finish('hard-reset');
        return mac;
      }),
    );
    expect(macs).toEqual(ports.map((p) => p.board.macAddress));
    for (const port of ports) expect(Buffer.from(port.board.readFlash(0x10000, data.length)).equals(data)).toBe(true);
  });
});

describe('the commands on a simulated board behind a real pseudo-terminal', () => {
  const pty = (options: PtyBoardOptions): PtyBoard => {
    const board = startPtyBoard({ timing: TIMING, ...options });
    ptys.push(board);
    return board;
  };

  it('chip-id, flash at 921600, read-flash', async () => {
    const { path, board } = pty({ chip: 'esp32c3' });
    const dir = mkdtempSync(join(tmpdir(), 'fb-sim-'));
    const chipId = await runCli(['chip-id', '--port', path], dir);
    expect(chipId.code, chipId.stderr).toBe(0);
    expect(chipId.stdout).toBe(`Chip: ESP32-C3\nChip ID: 5\nMAC: ${board.macAddress}\n`);

    const app = Buffer.concat([randomBytes(4000), Buffer.alloc(30000, 0x42)]);
    writeFileSync(join(dir, 'app.bin'), app);
    const flashed = await runCli(['flash', '--port', path, '--baud', '921600', '0x10000', 'app.bin'], dir);
    expect(flashed.code, flashed.stderr).toBe(0);
    expect(Buffer.from(board.readFlash(0x10000, app.length)).equals(app)).toBe(true);

    const read = await runCli(['read-flash', '--port', path, '--no-stub', '0x10000', '1024', 'back.bin'], dir);
    expect(read.code, read.stderr).toBe(0);
    expect(readFileSync(join(dir, 'back.bin')).equals(app.subarray(0, 1024))).toBe(true);
  });

  it('read-mac with the board running its app (a SYNC brings it to the ROM: no reset lines on a pty)', async () => {
    const { path, board } = pty({ chip: 'esp32h2', startIn: 'app' });
    const result = await runCli(['read-mac', '--port', path, '--before', 'no-reset', '--no-stub'], tmpdir());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^MAC: ${board.macAddress}\nEUI-64: `));
  });
});
