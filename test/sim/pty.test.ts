import { existsSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { appImage } from './fixtures.js';
import { Op } from './protocol.js';
import { startPtyBoard, type PtyBoard } from './pty.js';
import { SYNC_DATA } from './raw-host.js';
import { SerialClient } from './serial-client.js';

const ptys: PtyBoard[] = [];
const clients: SerialClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const p of ptys.splice(0)) p.close();
});

function start(options: Parameters<typeof startPtyBoard>[0]): PtyBoard {
  const pty = startPtyBoard(options);
  ptys.push(pty);
  return pty;
}

/** The real serialport binding (node-serialport's native code), as the app uses it. */
async function openReal(path: string): Promise<SerialClient> {
  const client = await SerialClient.open(SerialPort.binding, path);
  clients.push(client);
  return client;
}

const frames = (bytes: Buffer) => bytes.filter((b) => b === 0xc0).length / 2;

describe('startPtyBoard', () => {
  it('a real serial port on the slave path talks to the ROM: SYNC gets its eight answers', async () => {
    const pty = start({ chip: 'esp32s3', timing: { pace: false } });
    expect(pty.path).toMatch(/^\/dev\/pts\/\d+$/);
    const client = await openReal(pty.path);
    await client.request(Op.SYNC, SYNC_DATA);
    await client.waitFor(() => frames(client.bytes) >= 8, 'eight SYNC answers');
    expect(client.bytes.subarray(0, 2)).toEqual(Buffer.from([0xc0, 0x01]));
  });

  it('makes the optional symlink and removes it on close', async () => {
    const link = join(tmpdir(), `sim-esp-${process.pid}-${Date.now()}`);
    const pty = start({ chip: 'esp32c3', timing: { pace: false }, link });
    expect(readlinkSync(link)).toBe(pty.path);
    pty.close();
    expect(existsSync(link)).toBe(false);
  });

  it('an out-of-band reset prints the ROM banner on the port, as noise before the frames', async () => {
    const pty = start({ chip: 'esp32c6', timing: { pace: false } });
    const client = await openReal(pty.path);
    pty.reset('download');
    await client.waitForText('waiting for download');
    await client.request(Op.SYNC, SYNC_DATA);
    await client.waitFor(() => frames(client.bytes) >= 8, 'eight SYNC answers');
  });

  it('a pty has no modem lines: setting DTR/RTS fails (ENOTTY) and the board is untouched', async () => {
    const pty = start({ chip: 'esp32c3', timing: { pace: false } });
    const client = await openReal(pty.path);
    await expect(client.lines(false, true)).rejects.toThrow(/Inappropriate ioctl for device/);
    expect(pty.board.mode).toBe('rom');
  });

  it('a board running its app goes back to the ROM loader on SYNC (no reset line to do it)', async () => {
    const pty = start({ chip: 'esp32c3', timing: { pace: false }, startIn: 'app', consoleLines: ['app alive'] });
    pty.board.loadFlash(0, appImage(0x100));
    pty.reset('app');
    const client = await openReal(pty.path);
    await client.waitForText('app alive');
    await client.request(Op.SYNC, SYNC_DATA);
    await client.waitFor(() => frames(client.bytes) >= 8, 'eight SYNC answers');
    expect(pty.board.mode).toBe('rom');
  });

  it('re-plugs the same board on a new pty: flash, MAC and fault counts survive (a spent unplug fault stays spent)', async () => {
    const first = start({ chip: 'esp32c3', timing: { pace: false }, faults: [{ kind: 'unplug', op: 'SYNC' }] });
    const board = first.board;
    board.loadFlash(0x9000, Uint8Array.of(1, 2, 3, 4));
    expect(() => startPtyBoard({ board })).toThrow(/still plugged in/);
    const client = await openReal(first.path);
    await client.request(Op.SYNC, SYNC_DATA).catch(() => {});
    await client.waitFor(() => board.mode === 'off', 'unplugged by the fault');
    const again = start({ board });
    expect(again.board).toBe(board);
    expect(board.mode).toBe('rom');
    expect(board.readFlash(0x9000, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    const next = await openReal(again.path);
    await next.request(Op.SYNC, SYNC_DATA);
    await next.waitFor(() => frames(next.bytes) >= 8, 'eight SYNC answers');
    expect(board.mode).toBe('rom');
  });

  it('unplugging the board hangs up the pty: the device node goes, the next write fails and closes the port', async () => {
    const pty = start({ chip: 'esp32c3', timing: { pace: false } });
    const client = await openReal(pty.path);
    pty.board.unplug();
    expect(existsSync(pty.path)).toBe(false);
    // node-serialport reads a hung-up tty as end-of-file and keeps polling; the write gets EIO.
    await expect(client.request(Op.SYNC, SYNC_DATA)).rejects.toThrow(/EIO|disconnected|not open/i);
    await client.waitFor(() => client.closed, 'port closed');
  });
});
