import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EspError, EspLoader, esptoolJsStubs, prepareImage, type EspProgress, type LoaderOptions, type StubImage } from '../../src/main/esp/index.js';
import { FakeBinding } from './helpers/fake-binding.js';
import type { BoardOptions } from './helpers/fake-board.js';

const PATH = '/dev/fake1';
const fastTimeouts = { sync: 20, stubHello: 50, memEnd: 10 };

async function setup(board: BoardOptions, options: LoaderOptions = {}, extra = {}) {
  const binding = new FakeBinding();
  const fake = binding.addBoard(PATH, board, extra);
  const events: EspProgress[] = [];
  const open = () => EspLoader.open({ path: PATH, binding, before: 'no-reset', timeouts: fastTimeouts, onProgress: (e) => events.push(e), ...options });
  return { binding, fake, events, open };
}

const fail = (promise: Promise<unknown>): Promise<EspError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(EspError);
      return e as EspError;
    },
  );

describe('resets, detection and the stub', () => {
  it('resets a running board into download mode with DTR/RTS (tight first)', async () => {
    const { fake, open, events } = await setup({ chip: 'esp32c3', startIn: 'app' }, { before: 'default', platform: 'linux' });
    const loader = await open();
    expect(fake.lineLog.slice(0, 5)).toEqual([
      { dtr: false, rts: false },
      { dtr: true, rts: true },
      { dtr: false, rts: true },
      { dtr: true, rts: false },
      { dtr: false, rts: false },
    ]);
    expect(events.find((e) => e.type === 'step')).toMatchObject({ message: 'connecting (attempt 1, reset: tight 50 ms)' });
    await loader.finish('hard-reset');
    expect(fake.mode).toBe('app');
  });

  it('picks the USB-Serial/JTAG sequence from VID 303A / PID 1001', async () => {
    const { fake, open, events } = await setup({ chip: 'esp32s3', startIn: 'app', resetModel: 'usb-jtag' }, { before: 'default' }, { vendorId: '303a', productId: '1001' });
    const loader = await open();
    expect(events.find((e) => e.type === 'step')).toMatchObject({ message: 'connecting (attempt 1, reset: usb-jtag)' });
    expect(fake.mode).toBe('stub');
    await loader.close();
  });

  it('--before usb-reset without VID/PID', async () => {
    const { open } = await setup({ chip: 'esp32c6', startIn: 'app', resetModel: 'usb-jtag' }, { before: 'usb-reset' });
    await (await open()).close();
  });

  it('no answer: after the attempts, an error whose hint reads the boot log', async () => {
    const { open } = await setup({ chip: 'esp32c3', startIn: 'app', resetModel: 'usb-jtag' }, { before: 'default', attempts: 2, platform: 'win32' });
    const error = await fail(open());
    expect(error).toMatchObject({ code: 'no-answer', step: 'sync', port: PATH });
    expect(error.hint).toMatch(/booted but not into download mode/);
  });

  it('ESP32 refusing GET_SECURITY_INFO with another opcode: detected by its magic word', async () => {
    const { open } = await setup({ chip: 'esp32', refuseWithOtherOpcode: true }, { stub: false });
    const loader = await open();
    expect(loader.chip.name).toBe('esp32');
    expect((await loader.readMac()).text).toBe('24:0a:a1:b2:c3:d4');
    await loader.close();
  });

  it('ESP32-S2: 12-byte security info without chip id, detected by magic', async () => {
    const { open } = await setup({ chip: 'esp32s2' });
    const loader = await open();
    expect(loader.chip.name).toBe('esp32s2');
    await loader.close();
  });

  it('wrong chip', async () => {
    const { open } = await setup({ chip: 'esp32s3' }, { chip: 'esp32c3' });
    const error = await fail(open());
    expect(error).toMatchObject({ code: 'wrong-chip', step: 'detect', details: { expectedChip: 'esp32c3', actualChip: 'esp32s3' } });
    expect(error.hint).toMatch(/^the job expects esp32c3, the board is esp32s3/);
  });

  it('the stub never says hello', async () => {
    const { open } = await setup({ chip: 'esp32h2', noHello: true });
    expect(await fail(open())).toMatchObject({ code: 'stub-no-hello', step: 'stub' });
  });

  it('a stub that already runs (SYNC value 0) is not uploaded again', async () => {
    const { fake, open } = await setup({ chip: 'esp32c3', startIn: 'stub' });
    const loader = await open();
    expect(loader.stubRunning).toBe(true);
    expect(fake.log).not.toContain(0x05);
    await loader.close();
  });

  it('ESP32-P4 before revision 3.0 gets the rev1 stub; ESP32-C2 revision 0 stays with the ROM', async () => {
    const files: string[] = [];
    const stubSource = async (file: string): Promise<StubImage> => {
      files.push(file);
      return esptoolJsStubs(file);
    };
    const p4 = await setup({ chip: 'esp32p4', registers: [[0x5012d04c, 0x00000010]] }, { stubSource });
    await (await p4.open()).close();
    const c2 = await setup({ chip: 'esp32c2', registers: [[0x60008844, 0x00000806]] }, { stubSource });
    const loader = await c2.open();
    expect(loader.stubRunning).toBe(false);
    await loader.close();
    expect(files).toEqual(['esp32p4-rev1']);
  });

  it('switches baud rate: CHANGE_BAUDRATE, then the port follows', async () => {
    const { fake, open } = await setup({ chip: 'esp32c3' }, { baudRate: 921600 });
    const loader = await open();
    expect(fake.baud).toBe(921600);
    expect(fake.hostBaud).toBe(921600);
    expect((await loader.readMac()).text).toBe('34:85:de:00:be:ef');
    await loader.close();
  });
});

describe('flash writing faults', () => {
  it('a block with a bad checksum is sent again', async () => {
    const { fake, open } = await setup({ chip: 'esp32c3', corruptBlocks: [1] });
    const loader = await open();
    const data = randomBytes(40000);
    await loader.flash([await prepareImage({ offset: 0x20000, data }, { compress: false })]);
    expect(fake.log.filter((op) => op === 0x03)).toHaveLength(4);
    expect(Buffer.from(fake.flash.subarray(0x20000, 0x20000 + data.length)).equals(data)).toBe(true);
    await loader.close();
  });

  it('the stub reports a failed write on END (the deferred error)', async () => {
    const { open } = await setup({ chip: 'esp32s3', deferredWriteError: true });
    const loader = await open();
    const error = await fail(loader.flash([await prepareImage({ offset: 0x10000, data: randomBytes(1000) })]));
    expect(error).toMatchObject({ code: 'flash-write-failed', step: 'write', details: { offset: 0x10000, status: 0xc400 } });
    await loader.close();
  });

  it('the board unplugged mid-write', async () => {
    let unplug = (): void => undefined;
    const { binding, open } = await setup(
      { chip: 'esp32c3' },
      { stub: false, onProgress: (e) => e.type === 'region' && e.phase === 'write' && e.done > 0 && unplug() },
    );
    unplug = () => binding.unplug(PATH);
    const loader = await open();
    const image = await prepareImage({ offset: 0x10000, data: randomBytes(20000) }, { compress: false });
    const error = await fail(loader.flash([image]));
    expect(error).toMatchObject({ code: 'port-gone', step: 'write', port: PATH });
    expect(error.hint).toBe('the board was unplugged or the cable is loose');
  });

  it('an image beyond the flash size is refused before anything is written', async () => {
    const { fake, open } = await setup({ chip: 'esp32c3', flashId: 0x1540ef });
    const loader = await open();
    const error = await fail(loader.flash([await prepareImage({ offset: 0x1f0000, data: randomBytes(0x20000) })]));
    expect(error).toMatchObject({ code: 'invalid-argument' });
    expect(fake.log).not.toContain(0x10);
    await loader.close();
  });
});

describe('ROM-only details', () => {
  it('compressed writes to the ROM, blocks of 1 KiB, no END', async () => {
    const { fake, open } = await setup({ chip: 'esp32c3' }, { stub: false });
    const loader = await open();
    const data = Buffer.concat([randomBytes(2000), Buffer.alloc(30000, 3)]);
    const image = await prepareImage({ offset: 0x10000, data });
    expect(image.compressed).not.toBeNull();
    await loader.flash([image]);
    expect(fake.log).toContain(0x10);
    expect(fake.log).not.toContain(0x12);
    expect(fake.beginLengths).toEqual([20]);
    expect(Buffer.from(fake.flash.subarray(0x10000, 0x10000 + data.length)).equals(data)).toBe(true);
    await loader.close();
  });

  it('an offset inside a sector starts at the sector, padded with 0xFF', async () => {
    const { fake, open } = await setup({ chip: 'esp32c3' }, { stub: false });
    const loader = await open();
    fake.flash.fill(0x00, 0x9000, 0x9100);
    const data = randomBytes(500);
    await loader.flash([await prepareImage({ offset: 0x9100, data })]);
    expect(fake.flash[0x9000]).toBe(0xff);
    expect(Buffer.from(fake.flash.subarray(0x9100, 0x9100 + 500)).equals(data)).toBe(true);
    await loader.close();
  });

  it('erases a region with the stub (ERASE_REGION) and with the ROM (FLASH_BEGIN)', async () => {
    for (const stub of [true, false]) {
      const { fake, open } = await setup({ chip: 'esp32c6' }, { stub });
      const loader = await open();
      fake.flash.fill(0, 0x3000, 0x6000);
      await loader.eraseRegion(0x4000, 0x1000);
      expect([fake.flash[0x3fff], fake.flash[0x4000], fake.flash[0x4fff], fake.flash[0x5000]]).toEqual([0, 0xff, 0xff, 0]);
      await loader.close();
    }
  });
});

describe('many boards at once', () => {
  it('one prepared image flashed to 16 ports concurrently; each verified', async () => {
    const binding = new FakeBinding();
    const chips = ['esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3', 'esp32c5', 'esp32c6', 'esp32h2'] as const;
    const boards = Array.from({ length: 16 }, (_, i) => binding.addBoard(`/dev/fake-many-${i}`, { chip: chips[i % chips.length]! }));
    const data = Buffer.concat([randomBytes(10000), Buffer.alloc(50000, 0x5a)]);
    const image = await prepareImage({ offset: 0x10000, data });
    const macs = await Promise.all(
      boards.map(async (_, i) => {
        const loader = await EspLoader.open({ path: `/dev/fake-many-${i}`, binding, before: 'no-reset', stub: i % 2 === 0, timeouts: fastTimeouts });
        await loader.flash([image]);
        const mac = (await loader.readMac()).text;
        await loader.finish('no-reset');
        return mac;
      }),
    );
    expect(new Set(macs.slice(0, 8)).size).toBe(8);
    for (const board of boards) expect(Buffer.from(board.flash.subarray(0x10000, 0x10000 + data.length)).equals(data)).toBe(true);
  });
});

describe('the esptool-js stub images', () => {
  it.each(['esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3', 'esp32c5', 'esp32c6', 'esp32h2', 'esp32p4', 'esp32p4-rev1'])('%s loads from the installed package', async (file) => {
    const stub = await esptoolJsStubs(file);
    expect(stub.text.length).toBeGreaterThan(1000);
    expect(stub.entry).toBeGreaterThanOrEqual(stub.textStart);
    expect(stub.entry).toBeLessThan(stub.textStart + stub.text.length);
  });
});
