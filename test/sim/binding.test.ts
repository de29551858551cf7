import { afterEach, describe, expect, it } from 'vitest';
import { plugIn, simBinding, unplugAll } from './binding.js';
import { SimBoard, type SimBoardOptions } from './board.js';
import { appImage } from './fixtures.js';
import { Op } from './protocol.js';
import { SYNC_DATA } from './raw-host.js';
import { SerialClient, sleep } from './serial-client.js';

afterEach(() => unplugAll());

const board = (options: Partial<SimBoardOptions> = {}) => new SimBoard({ chip: 'esp32c3', timing: { pace: false }, ...options });

/** A board whose flash holds an app image, so a normal boot runs it. */
function flashedBoard(options: Partial<SimBoardOptions> = {}): SimBoard {
  const b = board({ consoleLines: ['app: ready'], ...options });
  b.loadFlash(b.chip.bootloaderOffset, appImage(0x1000));
  return b;
}

const countFrames = (bytes: Buffer, from: number) => bytes.subarray(from).filter((b) => b === 0xc0).length / 2;

async function syncAnswered(client: SerialClient, b: SimBoard): Promise<boolean> {
  const mark = client.bytes.length;
  await client.request(Op.SYNC, SYNC_DATA);
  b.clock.touch();
  await b.clock.sleep(300);
  await sleep(5);
  return countFrames(client.bytes, mark) >= 8;
}

describe('simBinding', () => {
  it('lists plugged boards with the USB identity of their adapter; unplugged ones disappear', async () => {
    const a = plugIn(board(), { adapter: 'cp2102' });
    const b = plugIn(board({ chip: 'esp32s3' }), { adapter: 'usb-jtag', path: 'sim://s3' });
    plugIn(board(), { adapter: 'ch340' });
    plugIn(board(), { adapter: 'ftdi', serialNumber: 'A50285BI' });
    const list = await simBinding.list();
    expect(list.map((p) => [p.vendorId, p.productId])).toEqual([
      ['10c4', 'ea60'],
      ['303a', '1001'],
      ['1a86', '7523'],
      ['0403', '6001'],
    ]);
    expect(list[1]).toMatchObject({ path: 'sim://s3', serialNumber: b.board.macAddress.toUpperCase() });
    expect(list[3]!.serialNumber).toBe('A50285BI');
    expect(new Set(list.map((p) => p.locationId)).size).toBe(4);
    a.unplug();
    expect((await simBinding.list()).map((p) => p.path)).not.toContain(a.path);
    await expect(SerialClient.open(simBinding, a.path)).rejects.toThrow(/No such file/);
  });

  it('opening the port leaves the board running its app; only one opener at a time', async () => {
    const b = flashedBoard();
    const { path } = plugIn(b);
    const client = await SerialClient.open(simBinding, path);
    await client.waitForText('app: ready');
    expect(b.mode).toBe('app');
    await expect(SerialClient.open(simBinding, path)).rejects.toThrow(/lock/);
    await client.close();
  });

  it('the classic DTR/RTS sequence resets into download mode; the ROM then answers SYNC', async () => {
    const b = flashedBoard();
    const client = await SerialClient.open(simBinding, plugIn(b).path);
    const mark = client.text.length;
    await client.lines(false, true); // EN low
    await sleep(10);
    await client.lines(true, false); // IO0 low, EN released
    await sleep(10);
    await client.lines(false, false); // IO0 released
    await client.waitForText('waiting for download', mark);
    expect(b.mode).toBe('rom');
    expect(await syncAnswered(client, b)).toBe(true);
  });

  it.each([
    ['an RTS pulse alone (a hard reset)', true, [[false, true], 'wait', [false, false]]],
    ['IO0 released in the same instant as EN', true, [[false, true], 'wait', [true, false], [false, false]]],
    ['both lines asserted (neither transistor conducts)', false, [[true, true], 'wait', [false, false]]],
  ] as const)('%s leaves the board in its app, and SYNC is ignored', async (_, reboots, steps) => {
    const b = flashedBoard();
    const client = await SerialClient.open(simBinding, plugIn(b).path);
    await client.waitForText('app: ready');
    const mark = client.text.length;
    for (const step of steps) {
      if (step === 'wait') await sleep(10);
      else await client.lines(step[0], step[1]);
    }
    if (reboots) await client.waitForText('app: ready', mark);
    else expect(client.text.slice(mark)).not.toContain('rst:');
    expect(b.mode).toBe('app');
    expect(await syncAnswered(client, b)).toBe(false);
  });

  it('an erased board has no app to boot: the ROM says so', async () => {
    const b = board();
    const client = await SerialClient.open(simBinding, plugIn(b).path);
    await client.lines(false, true);
    await client.lines(false, false);
    await client.waitForText('invalid header: 0xffffffff');
  });

  it('the app can print what is in its own flash (a serial from its fctry partition)', async () => {
    const b = flashedBoard({
      consoleLines: ({ readFlash, mac }) => [`serial=${Buffer.from(readFlash(0x9000, 8)).toString('latin1')}`, `mac=${mac}`],
    });
    b.loadFlash(0x9000, new TextEncoder().encode('SN000042'));
    const client = await SerialClient.open(simBinding, plugIn(b).path);
    await client.lines(false, true);
    await client.lines(false, false);
    await client.waitForText('serial=SN000042');
    expect(client.text).toContain(`mac=${b.macAddress}`);
  });

  it('USB-Serial/JTAG: esptool\'s sequence enters download mode; the UART sequence and an RTS pulse boot the app', async () => {
    const b = flashedBoard({ chip: 'esp32s3' });
    const client = await SerialClient.open(simBinding, plugIn(b, { adapter: 'usb-jtag' }).path);
    // esptool USBJTAGSerialReset (spec §6): R0 D0, D1 R0, R1 D1, R1 D0, R0 D0.
    for (const [dtr, rts] of [
      [false, false],
      [true, false],
      [true, true],
      [false, true],
      [false, false],
    ] as const) {
      await client.lines(dtr, rts);
      await sleep(5);
    }
    await client.waitFor(() => b.mode === 'rom', 'download mode');
    expect(await syncAnswered(client, b)).toBe(true);
    let mark = client.text.length;
    await client.lines(false, true);
    await sleep(5);
    await client.lines(true, false);
    await sleep(5);
    await client.lines(false, false);
    await client.waitForText('app: ready', mark);
    mark = client.text.length;
    await client.lines(false, true);
    await client.lines(false, false);
    await client.waitForText('app: ready', mark);
    expect(b.mode).toBe('app');
  });

  it('USB-Serial/JTAG: opening the port (D1 R1) latches nothing; an EN pulse with DTR low and the classic sequence boot the app, esptool\'s sequence enters download mode', async () => {
    const b = flashedBoard({ chip: 'esp32c3' });
    const client = await SerialClient.open(simBinding, plugIn(b, { adapter: 'usb-jtag' }).path);
    await client.waitForText('app: ready');
    const run = async (steps: readonly (readonly [boolean, boolean])[]) => {
      for (const [dtr, rts] of steps) {
        await client.lines(dtr, rts);
        await sleep(5);
      }
    };
    // Straight after open (DTR and RTS asserted): a plain EN pulse with DTR low boots the app.
    let mark = client.text.length;
    await run([
      [false, true],
      [false, false],
    ]);
    await client.waitForText('app: ready', mark);
    expect(b.mode).toBe('app');
    // From D1 R1 again, the classic UART sequence (D0 R1 → D1 R0 → D0) boots the app.
    await run([[true, true]]);
    mark = client.text.length;
    await run([
      [false, true],
      [true, false],
      [false, false],
    ]);
    await client.waitForText('app: ready', mark);
    expect(b.mode).toBe('app');
    // esptool's USB-JTAG sequence enters download mode, also starting from D1 R1.
    await run([
      [true, true],
      [false, false],
      [true, false],
      [true, true],
      [false, true],
      [false, false],
    ]);
    await client.waitFor(() => b.mode === 'rom', 'download mode');
    // The flag was cleared at the end (R0 D0): the next EN pulse boots the app again.
    mark = client.text.length;
    await run([
      [false, true],
      [false, false],
    ]);
    await client.waitForText('app: ready', mark);
    expect(b.mode).toBe('app');
  });

  it('a chip without USB-Serial/JTAG cannot be plugged in as one', () => {
    expect(() => plugIn(board({ chip: 'esp32' }), { adapter: 'usb-jtag' })).toThrow(/no USB-Serial\/JTAG/);
  });

  it('unplugging mid-transfer fails the open port and its pending read', async () => {
    const b = board();
    const sim = plugIn(b);
    const client = await SerialClient.open(simBinding, sim.path);
    sim.unplug();
    await client.waitFor(() => client.closed, 'port closed');
    expect(client.closeError?.message).toMatch(/disconnected/);
    expect(b.mode).toBe('off');
  });

  it('a bridge refuses a baud rate it cannot do', async () => {
    const client = await SerialClient.open(simBinding, plugIn(board(), { adapter: 'cp2102' }).path);
    await expect(client.setBaud(2_000_000)).rejects.toThrow(/cp2102 cannot do 2000000/);
    await client.setBaud(921600);
  });

  it('a host at the wrong baud rate reads garbage and is not understood', async () => {
    const b = board();
    b.powerOn();
    const client = await SerialClient.open(simBinding, plugIn(b).path, 230400);
    b.reset('download');
    await client.waitFor(() => client.bytes.length > 40, 'banner bytes');
    expect(client.text).not.toContain('waiting for download');
    expect(await syncAnswered(client, b)).toBe(false);
  });
});
