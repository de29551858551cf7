import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHIP_NAMES } from './chips.js';
import { appImage, concat, expectOk, isOhai, md5, pattern, romBoard, stubBoard, uploadStub, writeDeflated, writeRaw } from './fixtures.js';
import { checksum, le32, Op } from './protocol.js';
import { status } from './raw-host.js';
import { esptoolJsStub } from './stub-images.js';

describe('flasher stub', () => {
  it.each(CHIP_NAMES)('%s: the esptool-js stub starts: OHAI, then 2 status bytes and SYNC value 0', async (chip) => {
    const { board, host } = await stubBoard(chip);
    await host.waitFor(isOhai);
    expect(board.mode).toBe('stub');
    const r = await host.command(Op.READ_REG, le32(0x40001000));
    expect(r.body).toEqual(new Uint8Array(2));
    const answers = await host.sync();
    expect(answers.map((a) => a.value)).toEqual(new Array(8).fill(0));
  });

  it("a stub built for another chip crashes the board: no OHAI, no answers", async () => {
    const { board, host } = await romBoard('esp32c3');
    await uploadStub(host, esptoolJsStub('esp32s3.json'));
    await host.idle(500);
    expect(host.frames.some(isOhai)).toBe(false);
    expect(board.mode).toBe('hung');
    const from = host.frames.length;
    host.send(Op.READ_REG, le32(0x40001000));
    await host.idle(500);
    expect(host.frames.length).toBe(from);
  });

  it.each([
    [{ major: 1, minor: 0 }, 'esp32p4-rev1.json', 'esp32p4.json'],
    [{ major: 3, minor: 1 }, 'esp32p4.json', 'esp32p4-rev1.json'],
  ])('ESP32-P4 v%o runs %s and crashes on %s', async (revision, good, bad) => {
    const ok = await romBoard('esp32p4', { revision });
    await uploadStub(ok.host, esptoolJsStub(good));
    await ok.host.waitFor(isOhai);
    const wrong = await romBoard('esp32p4', { revision });
    await uploadStub(wrong.host, esptoolJsStub(bad));
    await wrong.host.idle(500);
    expect(wrong.board.mode).toBe('hung');
  });

  it('a MEM_DATA block with a bad checksum is refused', async () => {
    const { host } = await romBoard('esp32c3');
    expectOk(await host.command(Op.MEM_BEGIN, le32(16, 1, 0x1800, 0x40380000)));
    const block = pattern(16);
    expect(status(await host.command(Op.MEM_DATA, concat(le32(16, 0, 0, 0), block), checksum(block) ^ 0xff))).toEqual([1, 0x07]);
  });

  it.each(CHIP_NAMES)('%s: 16 KiB blocks, raw and deflated, end with FLASH_END; MD5 is 16 raw bytes', async (chip) => {
    const { board, host } = await stubBoard(chip);
    await host.waitFor(isOhai);
    const raw = pattern(40_000, 7);
    for (const r of await writeRaw(host, 0x10000, raw, { blockSize: 0x4000, stub: true })) expect(status(r)).toEqual([0, 0]);
    const packed = appImage(100_000, 8);
    for (const r of await writeDeflated(host, 0x20000, packed, { blockSize: 0x4000, stub: true })) expect(status(r)).toEqual([0, 0]);
    expect(board.readFlash(0x10000, raw.length)).toEqual(raw);
    expect(board.readFlash(0x20000, packed.length)).toEqual(packed);
    const r = expectOk(await host.command(Op.SPI_FLASH_MD5, le32(0x20000, packed.length, 0, 0)), 16);
    expect(Buffer.from(r.body.subarray(0, 16)).toString('hex')).toBe(md5(packed));
    expect(r.body.length).toBe(18);
  });

  it('erases lazily: sectors past what was written keep their data', async () => {
    const { board, host } = await stubBoard('esp32c3');
    await host.waitFor(isOhai);
    // Not 64 KiB aligned, so the stub erases sector by sector as the data comes.
    board.loadFlash(0x41000, new Uint8Array(0x8000).fill(0x33));
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x8000, 2, 0x4000, 0x41000)));
    const block = new Uint8Array(0x4000).fill(0x44);
    expectOk(await host.command(Op.FLASH_DATA, concat(le32(0x4000, 0, 0, 0), block), checksum(block)));
    expectOk(await host.command(Op.SPI_FLASH_MD5, le32(0x41000, 0x4000, 0, 0)), 16);
    expect(board.readFlash(0x41000, 0x4000)).toEqual(block);
    expect(board.readFlash(0x45000, 0x4000)).toEqual(new Uint8Array(0x4000).fill(0x33));
    // And the stub will not end a write it has not been given all of.
    expect(status(await host.command(Op.FLASH_END, le32(1)))).toEqual([0xc0, 0x00]);
  });

  it('a flash error after the ACK is reported on the next command, which is not executed', async () => {
    const { board, host } = await stubBoard('esp32s3', { faults: [{ kind: 'flashWriteError', op: 'FLASH_DATA', nth: 2 }] });
    await host.waitFor(isOhai);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0xc000, 3, 0x4000, 0x10000)));
    const block = (fill: number) => new Uint8Array(0x4000).fill(fill);
    for (const [seq, fill] of [
      [0, 1],
      [1, 2],
    ]) {
      expectOk(await host.command(Op.FLASH_DATA, concat(le32(0x4000, seq!, 0, 0), block(fill!)), checksum(block(fill!))));
    }
    const next = await host.command(Op.READ_REG, le32(0x40001000));
    expect(status(next)).toEqual([0xc4, 0x00]);
    expect(next.value).toBe(0);
    expect(board.readFlash(0x14000, 0x4000)).toEqual(new Uint8Array(0x4000).fill(0xff));
    expect((await host.command(Op.READ_REG, le32(0x40001000))).value).toBe(9);
  });

  it('READ_FLASH streams packets, one ACK at a time, then the MD5 of what it sent', async () => {
    const { board, host } = await stubBoard('esp32c6');
    await host.waitFor(isOhai);
    const content = pattern(10_000, 11);
    board.loadFlash(0x3000, content);
    const from = host.frames.length;
    expectOk(await host.command(Op.READ_FLASH, le32(0x3000, content.length, 0x1000, 64)));
    const received: Uint8Array[] = [];
    let total = 0;
    while (total < content.length) {
      // Only one packet is sent until it is acknowledged.
      const packet = await host.waitFor((f) => f[0] !== 1, from + 1 + received.length);
      expect(host.frames.length).toBe(from + 2 + received.length);
      received.push(packet);
      total += packet.length;
      host.sendRaw(slip(le32(total)));
    }
    const digest = await host.waitFor((f) => f.length === 16, from + 1 + received.length);
    expect(concat(...received)).toEqual(content);
    expect(Buffer.from(digest).toString('hex')).toBe(createHash('md5').update(content).digest('hex'));
  });

  it('ERASE_REGION (sector-aligned) and ERASE_FLASH', async () => {
    const { board, host } = await stubBoard('esp32h2');
    await host.waitFor(isOhai);
    board.loadFlash(0, new Uint8Array(0x3000).fill(0));
    expect(status(await host.command(Op.ERASE_REGION, le32(0x1000, 0x800)))).toEqual([0xc0, 0x00]);
    expectOk(await host.command(Op.ERASE_REGION, le32(0x1000, 0x1000)));
    expect(board.readFlash(0x1000, 0x1000)).toEqual(new Uint8Array(0x1000).fill(0xff));
    expect(board.readFlash(0, 0x1000)).toEqual(new Uint8Array(0x1000));
    expectOk(await host.command(Op.ERASE_FLASH));
    expect(board.flash.every((b) => b === 0xff)).toBe(true);
  });

  it('an unknown opcode gets 0xC3 under its own opcode; ESP32 has no GET_SECURITY_INFO in the stub either', async () => {
    const { host } = await stubBoard('esp32');
    await host.waitFor(isOhai);
    expect(status(await host.command(0x7e))).toEqual([0xc3, 0x00]);
    expect(status(await host.command(Op.GET_SECURITY_INFO))).toEqual([0xff, 0x00]);
    expect(status(await host.command(Op.SPI_ATTACH, new Uint8Array(8)))).toEqual([0xc0, 0x00]);
    expectOk(await host.command(Op.SPI_ATTACH, new Uint8Array(4)));
  });

  it('FLASH_BEGIN(0, 0) + FLASH_END(0) returns to the ROM loader', async () => {
    const { board, host } = await stubBoard('esp32c3');
    await host.waitFor(isOhai);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0, 0, 0x4000, 0)));
    const mark = host.console.length;
    expectOk(await host.command(Op.FLASH_END, le32(0)));
    await host.waitForText('waiting for download', mark);
    expect(board.mode).toBe('rom');
    expect((await host.sync())[0]!.value).not.toBe(0);
  });

  it('an out-of-sequence data block gets 0xC300 (spec §2 names no stub code for it); the next in-sequence block is taken', async () => {
    const { board, host } = await stubBoard('esp32c3');
    await host.waitFor(isOhai);
    const block = (fill: number) => new Uint8Array(0x4000).fill(fill);
    const data = (seq: number, b: Uint8Array) => concat(le32(b.length, seq, 0, 0), b);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x8000, 2, 0x4000, 0x10000)));
    expectOk(await host.command(Op.FLASH_DATA, data(0, block(1)), checksum(block(1))));
    expect(status(await host.command(Op.FLASH_DATA, data(0, block(1)), checksum(block(1))))).toEqual([0xc3, 0x00]);
    expect(status(await host.command(Op.FLASH_DATA, data(2, block(3)), checksum(block(3))))).toEqual([0xc3, 0x00]);
    expectOk(await host.command(Op.FLASH_DATA, data(1, block(2)), checksum(block(2))));
    expectOk(await host.command(Op.FLASH_END, le32(1)));
    expect(board.readFlash(0x10000, 0x8000)).toEqual(concat(block(1), block(2)));
  });

  it('RUN_USER_CODE boots the app without answering', async () => {
    const { board, host } = await stubBoard('esp32c3', { consoleLines: ['app up'] });
    await host.waitFor(isOhai);
    await writeRaw(host, 0, appImage(0x100), { blockSize: 0x4000, stub: true });
    const from = host.frames.length;
    host.send(Op.RUN_USER_CODE);
    await host.waitForText('app up');
    expect(host.frames.length).toBe(from);
    expect(board.mode).toBe('app');
  });
});

function slip(frame: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(0xc0), frame, Uint8Array.of(0xc0));
}
