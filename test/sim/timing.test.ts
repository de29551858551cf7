// The timing model, checked as a model: simulated durations equal what the figures say. Nothing
// here measures how fast the simulator runs.
import { describe, expect, it } from 'vitest';
import { SimClock } from './clock.js';
import { concat, expectOk, isOhai, romBoard, stubBoard, attach } from './fixtures.js';
import { checksum, le32, Op } from './protocol.js';
import type { RawHost } from './raw-host.js';
import { slipEncode } from './slip.js';
import { DEFAULT_TIMING, eraseRangeMs, md5Ms, programMs } from './timing.js';
import { bytesPerMsAtBaud, Wire } from './wire.js';

const wireMs = (bytes: number, baud: number) => (bytes * 10 * 1000) / baud;

/** Bytes the last answer took on the wire, SLIP escapes and delimiters included. */
const lastFrameOnWire = (host: RawHost) => slipEncode(host.frames.at(-1)!).length;

/** Simulated time from sending a request to the arrival of the last byte of its answer(s). */
async function roundTrip(host: RawHost, op: number, data: Uint8Array, chk = 0, frames = 1): Promise<number> {
  const board = host.board;
  const from = host.frames.length;
  let done = 0;
  const stop = board.onData(() => {
    if (host.frames.length - from >= frames) done = board.simTimeMs;
  });
  host.send(op, data, chk);
  // The moment the request went out: input() stamps the clock, and only events move it after that.
  const start = board.simTimeMs;
  await host.waitFor(() => host.frames.length - from >= frames, from);
  stop();
  return done - start;
}

describe('timing model', () => {
  it.each([9600, 115200, 921600])('%i baud: N bytes take N×10/baud on the wire', (baud) => {
    const clock = new SimClock({ pace: false });
    const arrivals: number[] = [];
    const wire = new Wire(clock, () => bytesPerMsAtBaud(baud), () => arrivals.push(clock.now()));
    const end = wire.send(new Uint8Array(12_345));
    expect(end).toBeCloseTo(wireMs(12_345, baud), 6);
    // A second send queues behind the first: the line carries one byte at a time.
    expect(wire.send(new Uint8Array(100))).toBeCloseTo(wireMs(12_445, baud), 6);
  });

  it('SYNC: 46 bytes in, then eight 14-byte answers out, at 115200 baud', async () => {
    const { host } = await romBoard('esp32c3');
    const elapsed = await roundTrip(host, Op.SYNC, new Uint8Array([0x07, 0x07, 0x12, 0x20, ...new Array<number>(32).fill(0x55)]), 0, 8);
    expect(elapsed).toBeCloseTo(wireMs(46 + 8 * 14, 115200), 6);
  });

  it('the same exchange takes the same simulated time paced at 1/100 of real time', async () => {
    const { host } = await romBoard('esp32c3', { timing: { pace: true, timeScale: 0.01 } });
    const elapsed = await roundTrip(host, Op.READ_REG, le32(0x40001000));
    expect(elapsed).toBeCloseTo(wireMs(14 + 14, 115200), 6);
  });

  it('ROM FLASH_BEGIN erases before it answers: 256 KiB on a 64 KiB boundary is four block erases', async () => {
    const { host } = await romBoard('esp32s3');
    await attach(host);
    const elapsed = await roundTrip(host, Op.FLASH_BEGIN, le32(0x40000, 256, 0x400, 0x40000, 0));
    expect(eraseRangeMs(DEFAULT_TIMING, 0x40000, 0x80000)).toBe(4 * DEFAULT_TIMING.blockEraseMs);
    expect(elapsed).toBeCloseTo(wireMs(30 + 14, 115200) + 4 * DEFAULT_TIMING.blockEraseMs, 6);
  });

  it('ROM FLASH_DATA programs the block before it answers', async () => {
    const { host } = await romBoard('esp32c3');
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x400, 1, 0x400, 0x1000, 0)));
    const block = new Uint8Array(0x400).fill(0x12);
    const elapsed = await roundTrip(host, Op.FLASH_DATA, concat(le32(0x400, 0, 0, 0), block), checksum(block));
    expect(elapsed).toBeCloseTo(wireMs(2 + 8 + 16 + 0x400 + 14, 115200) + programMs(DEFAULT_TIMING, 0x400), 6);
  });

  it('the stub answers FLASH_BEGIN at once and writes each block while the next one is on the wire', async () => {
    const { board, host } = await stubBoard('esp32c3');
    await host.waitFor(isOhai);
    board.loadFlash(0x10000, new Uint8Array(0x10000).fill(0));
    expect(await roundTrip(host, Op.FLASH_BEGIN, le32(0x10000, 4, 0x4000, 0x10000))).toBeCloseTo(wireMs(26 + 12, 115200), 6);
    const block = new Uint8Array(0x4000).fill(0x21);
    const data = concat(le32(0x4000, 0, 0, 0), block);
    const first = await roundTrip(host, Op.FLASH_DATA, data, checksum(block));
    // Acknowledged as soon as it is in: no erase, no program time in the answer.
    expect(first).toBeCloseTo(wireMs(2 + 8 + 16 + 0x4000 + 12, 115200), 6);
    // The write of block 0 (one 64 KiB block erase, 64 pages) overlaps block 1's 1.4 s on the wire.
    const second = await roundTrip(host, Op.FLASH_DATA, concat(le32(0x4000, 1, 0, 0), block), checksum(block));
    expect(DEFAULT_TIMING.blockEraseMs + programMs(DEFAULT_TIMING, 0x4000)).toBeLessThan(wireMs(0x4000, 115200));
    expect(second).toBeCloseTo(first, 6);
  });

  it('a write that outpaces the flash waits for it: at 2 Mbaud the previous block\'s write shows in the next answer', async () => {
    const { board, host } = await stubBoard('esp32c3');
    await host.waitFor(isOhai);
    expectOk(await host.command(Op.CHANGE_BAUDRATE, le32(2_000_000, 115200)));
    await host.idle(1);
    board.loadFlash(0x20000, new Uint8Array(0x10000).fill(0));
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x10000, 4, 0x4000, 0x20000)));
    const block = new Uint8Array(0x4000).fill(0x5a);
    await roundTrip(host, Op.FLASH_DATA, concat(le32(0x4000, 0, 0, 0), block), checksum(block));
    const second = await roundTrip(host, Op.FLASH_DATA, concat(le32(0x4000, 1, 0, 0), block), checksum(block));
    // Block 1 (82 ms on the wire) waits for block 0's write: a 64 KiB block erase and 64 pages.
    expect(wireMs(0x4000, 2_000_000)).toBeLessThan(DEFAULT_TIMING.blockEraseMs);
    expect(second).toBeCloseTo(DEFAULT_TIMING.blockEraseMs + programMs(DEFAULT_TIMING, 0x4000), 6);
  });

  it('SPI_FLASH_MD5 takes the per-MB figure: ROM and stub', async () => {
    const rom = await romBoard('esp32');
    await attach(rom.host);
    const romMs = await roundTrip(rom.host, Op.SPI_FLASH_MD5, le32(0, 0x100000, 0, 0));
    expect(romMs).toBeCloseTo(wireMs(26 + lastFrameOnWire(rom.host), 115200) + md5Ms(DEFAULT_TIMING, false, 0x100000), 6);
    const stub = await stubBoard('esp32');
    await stub.host.waitFor(isOhai);
    const stubMs = await roundTrip(stub.host, Op.SPI_FLASH_MD5, le32(0, 0x100000, 0, 0));
    expect(stubMs).toBeCloseTo(wireMs(26 + lastFrameOnWire(stub.host), 115200) + md5Ms(DEFAULT_TIMING, true, 0x100000), 6);
  });

  it('boot: the ROM banner starts romBootMs after EN rises', async () => {
    const { board, host } = await romBoard('esp32c3');
    let first = -1;
    const mark = host.console.length;
    const stop = board.onData(() => {
      if (first < 0) first = board.simTimeMs;
    });
    board.clock.touch();
    const start = board.simTimeMs;
    board.reset('download');
    await host.waitForText('waiting for download', mark);
    stop();
    // The first slice arrives once its bytes are out: the banner starts at romBootMs.
    expect(first - start).toBeGreaterThanOrEqual(DEFAULT_TIMING.romBootMs);
    expect(first - start).toBeLessThan(DEFAULT_TIMING.romBootMs + wireMs(host.console.length - mark, 115200) + 1e-6);
  });

  it('a clock shared by two boards keeps one timeline', async () => {
    const clock = new SimClock({ pace: false });
    const a = await romBoard('esp32c3', { clock });
    const b = await romBoard('esp32s3', { clock });
    expect(a.board.clock).toBe(b.board.clock);
    await a.host.sync();
    expect(b.board.simTimeMs).toBe(a.board.simTimeMs);
  });
});
