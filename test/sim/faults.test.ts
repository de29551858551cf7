import { afterEach, describe, expect, it } from 'vitest';
import { plugIn, simBinding, simPorts, unplugAll } from './binding.js';
import { SimBoard } from './board.js';
import { FaultSet } from './faults.js';
import { esptoolOverBinding, type EsptoolSession } from './esptool-js-session.js';
import { attach, concat, expectOk, isOhai, md5, pattern, romBoard, stubBoard } from './fixtures.js';
import { checksum, le32, Op } from './protocol.js';
import { status } from './raw-host.js';

const sessions: EsptoolSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close().catch(() => {});
  unplugAll();
});

const write = (s: EsptoolSession, data: Uint8Array, address: number, compress = true) =>
  s.loader.writeFlash({ fileArray: [{ data, address }], flashMode: 'keep', flashFreq: 'keep', flashSize: 'keep', eraseAll: false, compress, calculateMD5Hash: md5 });

async function esptoolWithStub(board: SimBoard): Promise<EsptoolSession> {
  const s = esptoolOverBinding(plugIn(board));
  sessions.push(s);
  await s.loader.main('default_reset');
  return s;
}

const block = (fill: number) => new Uint8Array(0x400).fill(fill);
const dataFrame = (seq: number, b: Uint8Array) => concat(le32(b.length, seq, 0, 0), b);

describe('faults, seen from a raw host', () => {
  it('silence: from the chosen command on nothing answers, until a reset', async () => {
    const { board, host } = await romBoard('esp32c3', { faults: [{ kind: 'silence', op: 'READ_REG', nth: 2 }] });
    await host.readReg(0x40001000);
    const from = host.frames.length;
    host.send(Op.READ_REG, le32(0x40001000));
    host.send(Op.READ_REG, le32(0x40001000));
    await host.idle(1000);
    expect(host.frames.length).toBe(from);
    expect(board.mode).toBe('hung');
    board.reset('download');
    await host.waitForText('waiting for download', host.console.length);
    expect(await host.readReg(0x40001000)).toBe(0x1b31506f);
  });

  it('dropReply runs the command and loses its answer; dropRequest loses the command', async () => {
    const { board, host } = await romBoard('esp32s3', { faults: [{ kind: 'dropReply', op: 'FLASH_DATA' }, { kind: 'dropRequest', op: 'FLASH_DATA', nth: 2 }] });
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x800, 2, 0x400, 0x1000, 0)));
    const from = host.frames.length;
    host.send(Op.FLASH_DATA, dataFrame(0, block(1)), checksum(block(1)));
    host.send(Op.FLASH_DATA, dataFrame(1, block(2)), checksum(block(2)));
    await host.idle(500);
    expect(host.frames.length).toBe(from);
    expect(board.readFlash(0x1000, 0x400)).toEqual(block(1));
    expect(board.readFlash(0x1400, 0x400)).toEqual(new Uint8Array(0x400).fill(0xff));
    // Re-sending block 0 after its lost answer is out of sequence; block 1 goes through.
    expect(status(await host.command(Op.FLASH_DATA, dataFrame(0, block(1)), checksum(block(1))))).toEqual([1, 0x06]);
    expectOk(await host.command(Op.FLASH_DATA, dataFrame(1, block(2)), checksum(block(2))));
  });

  it('nak answers a checksum error without acting, once: the retry succeeds', async () => {
    const { board, host } = await romBoard('esp32c6', { faults: [{ kind: 'nak', op: 'FLASH_DATA' }] });
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x400, 1, 0x400, 0x2000, 0)));
    expect(status(await host.command(Op.FLASH_DATA, dataFrame(0, block(7)), checksum(block(7))))).toEqual([1, 0x07]);
    expect(board.readFlash(0x2000, 0x400)).toEqual(new Uint8Array(0x400).fill(0xff));
    expectOk(await host.command(Op.FLASH_DATA, dataFrame(0, block(7)), checksum(block(7))));
    expect(board.readFlash(0x2000, 0x400)).toEqual(block(7));
  });

  it('a permanent fault keeps firing; nth picks where it starts', async () => {
    const { host } = await romBoard('esp32c3', { faults: [{ kind: 'corruptReply', op: 'READ_REG', nth: 2, times: Infinity }] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(status(await host.command(Op.READ_REG, le32(0x40001000))));
    expect(statuses).toEqual([
      [0, 0],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('garbage replaces the answer with noise, or precedes it', async () => {
    const { host } = await romBoard('esp32c3', { faults: [{ kind: 'garbage', op: 'READ_REG', bytes: 64 }, { kind: 'garbage', op: 'READ_REG', nth: 2, bytes: 16, thenReply: true }] });
    const before = host.console.length + host.frames.length;
    host.send(Op.READ_REG, le32(0x40001000));
    await host.idle(200);
    expect(host.frames.some((f) => f[0] === 1 && f[1] === Op.READ_REG)).toBe(false);
    expect(host.console.length + host.frames.length).toBeGreaterThan(before);
    expect(await host.readReg(0x40001000)).toBe(0x1b31506f);
  });

  it('flashWriteError: the ROM reports it in the answer to that block', async () => {
    const { host } = await romBoard('esp32', { faults: [{ kind: 'flashWriteError' }] });
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x400, 1, 0x400, 0x1000)));
    expect(status(await host.command(Op.FLASH_DATA, dataFrame(0, block(3)), checksum(block(3))))).toEqual([1, 0x08]);
  });

  it('md5Mismatch answers a wrong digest; corruptFlash leaves one byte wrong', async () => {
    const { board, host } = await stubBoard('esp32c3', { faults: [{ kind: 'md5Mismatch' }, { kind: 'corruptFlash' }] });
    await host.waitFor(isOhai);
    const data = pattern(0x4000, 3);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x4000, 1, 0x4000, 0x10000)));
    expectOk(await host.command(Op.FLASH_DATA, concat(le32(0x4000, 0, 0, 0), data), checksum(data)));
    expectOk(await host.command(Op.FLASH_END, le32(1)));
    const written = board.readFlash(0x10000, 0x4000);
    expect(written.filter((b, i) => b !== data[i])).toHaveLength(1);
    const wrong = expectOk(await host.command(Op.SPI_FLASH_MD5, le32(0x10000, 0x4000, 0, 0)), 16);
    const right = expectOk(await host.command(Op.SPI_FLASH_MD5, le32(0x10000, 0x4000, 0, 0)), 16);
    expect(Buffer.from(right.body.subarray(0, 16)).toString('hex')).toBe(md5(written));
    expect(Buffer.from(wrong.body.subarray(0, 16)).toString('hex')).not.toBe(md5(written));
  });

  it('noHello: the stub never says OHAI and the board answers nothing', async () => {
    const { board, host } = await stubBoard('esp32s3', { faults: [{ kind: 'noHello' }] });
    await host.idle(500);
    expect(host.frames.some(isOhai)).toBe(false);
    expect(board.mode).toBe('hung');
  });

  it('op takes a list: "the 2nd data block" counts FLASH_DATA and FLASH_DEFL_DATA together, and nothing stays armed', () => {
    const faults = new FaultSet([{ kind: 'nak', op: ['FLASH_DATA', Op.FLASH_DEFL_DATA], nth: 2 }]);
    expect(faults.take(Op.READ_REG, 'rom')).toEqual([]);
    expect(faults.take(Op.FLASH_DEFL_DATA, 'stub')).toEqual([]);
    expect(faults.take(Op.FLASH_DATA, 'stub')).toMatchObject([{ kind: 'nak' }]);
    expect(faults.take(Op.FLASH_DEFL_DATA, 'stub')).toEqual([]);
    expect(faults.take(Op.FLASH_DATA, 'stub')).toEqual([]);
    // A single opcode, by name or number, still works; an unknown name or an empty list is refused.
    const one = new FaultSet([{ kind: 'nak', op: 'SYNC' }, { kind: 'garbage', op: Op.READ_REG }]);
    expect(one.take(Op.SYNC, 'rom')).toMatchObject([{ kind: 'nak' }]);
    expect(one.take(Op.READ_REG, 'rom')).toMatchObject([{ kind: 'garbage' }]);
    expect(() => new FaultSet([{ kind: 'nak', op: ['FLASH_DATA', 'NOPE' as 'SYNC'] }])).toThrow(/unknown opcode/);
    expect(() => new FaultSet([{ kind: 'nak', op: [] }])).toThrow(/unknown opcode/);
  });

  it('a list-op fault on a board hits the nth data block whichever way it is sent', async () => {
    const { board, host } = await romBoard('esp32c3', { faults: [{ kind: 'nak', op: ['FLASH_DEFL_DATA', 'FLASH_DATA'], nth: 2 }] });
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0xc00, 3, 0x400, 0x1000, 0)));
    expectOk(await host.command(Op.FLASH_DATA, dataFrame(0, block(1)), checksum(block(1))));
    expect(status(await host.command(Op.FLASH_DATA, dataFrame(1, block(2)), checksum(block(2))))).toEqual([1, 0x07]);
    expectOk(await host.command(Op.FLASH_DATA, dataFrame(1, block(2)), checksum(block(2))));
    expectOk(await host.command(Op.FLASH_DATA, dataFrame(2, block(3)), checksum(block(3))));
    expect(board.readFlash(0x1400, 0x400)).toEqual(block(2));
  });

  it('a fault injected at a chosen moment hits the next matching command', async () => {
    const { host, board } = await romBoard('esp32c3');
    expect(await host.readReg(0x40001000)).toBe(0x1b31506f);
    board.inject({ kind: 'nak', op: 'READ_REG' });
    expect(status(await host.command(Op.READ_REG, le32(0x40001000)))).toEqual([1, 0x07]);
    expect(await host.readReg(0x40001000)).toBe(0x1b31506f);
  });
});

describe('faults, seen by esptool-js', () => {
  it('a one-shot NAK on a compressed block: esptool-js retries it and the write verifies', async () => {
    const board = new SimBoard({ chip: 'esp32c3', timing: { pace: false }, faults: [{ kind: 'nak', op: 'FLASH_DEFL_DATA', nth: 2 }] });
    const s = await esptoolWithStub(board);
    const data = pattern(150_000, 1);
    await write(s, data, 0x10000);
    expect(board.readFlash(0x10000, data.length)).toEqual(data);
  });

  it('md5Mismatch: esptool-js reports that the file does not match the flash', async () => {
    const board = new SimBoard({ chip: 'esp32s3', timing: { pace: false }, faults: [{ kind: 'md5Mismatch' }] });
    const s = await esptoolWithStub(board);
    await expect(write(s, pattern(20_000, 2), 0x10000)).rejects.toThrow(/MD5 of file does not match/);
  });

  it('a deferred stub write error: esptool-js retries the next block and only the MD5 check notices', async () => {
    const board = new SimBoard({ chip: 'esp32c6', timing: { pace: false }, faults: [{ kind: 'flashWriteError', op: 'FLASH_DATA', nth: 1 }] });
    const s = await esptoolWithStub(board);
    const data = pattern(40_000, 3);
    await expect(write(s, data, 0x20000, false)).rejects.toThrow(/MD5 of file does not match/);
    expect(board.readFlash(0x20000, 0x4000)).not.toEqual(data.subarray(0, 0x4000));
  });

  it('unplugged in the middle of a write: esptool-js fails and the port is gone', async () => {
    const board = new SimBoard({ chip: 'esp32c3', timing: { pace: false }, faults: [{ kind: 'unplug', op: 'FLASH_DATA', nth: 3 }] });
    const s = await esptoolWithStub(board);
    await expect(write(s, pattern(100_000, 4), 0x10000, false)).rejects.toThrow();
    expect(board.mode).toBe('off');
    expect(simPorts()).toHaveLength(0);
    expect(await simBinding.list()).toEqual([]);
  });

  it('noise instead of the first SYNC answer: esptool-js syncs again and connects', async () => {
    const board = new SimBoard({ chip: 'esp32', timing: { pace: false }, faults: [{ kind: 'garbage', op: 'SYNC', bytes: 40 }] });
    const s = esptoolOverBinding(plugIn(board));
    sessions.push(s);
    await s.loader.detectChip('default_reset');
    expect(s.loader.chip.CHIP_NAME).toBe('ESP32');
  });

  it('a ROM that never answers SYNC: esptool-js cannot connect', async () => {
    const board = new SimBoard({ chip: 'esp32h2', timing: { pace: false }, faults: [{ kind: 'noSync', times: Infinity }] });
    const s = esptoolOverBinding(plugIn(board));
    sessions.push(s);
    await expect(s.loader.detectChip('default_reset', 1)).rejects.toThrow(/Failed to connect/);
    expect(board.mode).toBe('rom');
  });
});
