import { describe, expect, it } from 'vitest';
import { CHIP_NAMES, chipSpec, type ChipName } from './chips.js';
import { appImage, attach, concat, expectOk, md5, pattern, romBoard, writeDeflated, writeRaw } from './fixtures.js';
import { checksum, le32, Op, u32 } from './protocol.js';
import { status, SYNC_DATA } from './raw-host.js';

/** The MAC as esptool computes it from the eFuse words (spec §6). */
const macFromWords = (high: number, low: number): string =>
  [(high >>> 8) & 0xff, high & 0xff, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':');

describe('ROM loader', () => {
  it.each(CHIP_NAMES)('%s: banner after a download reset, then eight non-zero SYNC answers with 4 status bytes', async (chip) => {
    const { host } = await romBoard(chip);
    expect(host.console).toMatch(/boot:0x[0-9a-f]+ \(DOWNLOAD.*\)\r\nwaiting for download\r\n$/);
    const answers = await host.sync();
    expect(answers).toHaveLength(8);
    for (const a of answers) {
      expect(a.value).not.toBe(0);
      expect(a.body).toEqual(new Uint8Array(4));
    }
  });

  it('ignores noise and empty frames before a request', async () => {
    const { host } = await romBoard('esp32c3');
    host.sendRaw(new TextEncoder().encode('line noise \x00\xff'));
    host.sendRaw(Uint8Array.of(0xc0, 0xc0, 0xc0));
    expect(await host.sync()).toHaveLength(8);
  });

  it.each(CHIP_NAMES)('%s: detect magic, MAC words and UART_CLKDIV read as esptool expects', async (chip) => {
    const { board, host } = await romBoard(chip);
    const spec = chipSpec(chip);
    await host.sync();
    expect(await host.readReg(0x40001000)).toBe(spec.magic);
    const low = await host.readReg(spec.macWord);
    const high = await host.readReg(spec.macWord + 4);
    expect(macFromWords(high, low)).toBe(board.macAddress);
    const clkdiv = (await host.readReg(spec.uartBase + 0x14)) & 0xfffff;
    expect((115200 * clkdiv) / 1e6).toBeCloseTo(spec.xtalHz / 1e6, 0);
  });

  it('sixteen boards made one after another all have different MACs', async () => {
    const macs = new Set<string>();
    for (let i = 0; i < 16; i++) macs.add((await romBoard('esp32s3')).board.macAddress);
    expect(macs.size).toBe(16);
  });

  it('a configured MAC is the one the eFuse words give', async () => {
    const { host } = await romBoard('esp32c6', { mac: '30:ae:a4:01:02:03' });
    expect(macFromWords(await host.readReg(0x600b0848), await host.readReg(0x600b0844))).toBe('30:ae:a4:01:02:03');
    // C6 keeps the EUI-64 extension ff:fe in the high half of the second word.
    expect((await host.readReg(0x600b0848)) >>> 16).toBe(0xfffe);
  });

  it.each([
    ['esp32s2', 12],
    ['esp32s3', 20],
    ['esp32c3', 20],
    ['esp32p4', 20],
  ] as const)('%s: GET_SECURITY_INFO answers %i bytes', async (chip, length) => {
    const { host } = await romBoard(chip);
    const r = await host.command(Op.GET_SECURITY_INFO);
    expect(status(r, length)).toEqual([0, 0]);
    expect(r.body.length).toBe(length + 4);
    if (length === 20) expect(u32(r.body, 12)).toBe(chipSpec(chip).chipId);
  });

  it('ESP32: an opcode the ROM lacks gets invalid-message errors under the previous opcode, eight of them after a SYNC', async () => {
    const { host } = await romBoard('esp32');
    await host.sync();
    const from = host.frames.length;
    host.send(Op.GET_SECURITY_INFO);
    await host.idle(100);
    const errors = host.frames.slice(from);
    expect(errors).toHaveLength(8);
    for (const e of errors) {
      expect(e[1]).not.toBe(Op.GET_SECURITY_INFO);
      expect([e[8], e[9]]).toEqual([1, 0x05]);
    }
    // The stub-only commands are just as foreign to the ROM.
    const r = await host.readReg(0x40001000);
    expect(r).toBe(0x00f01d83);
    const before = host.frames.length;
    host.send(Op.ERASE_FLASH);
    await host.idle(100);
    expect(host.frames.slice(before).map((f) => [f[1], f[8], f[9]])).toEqual([[Op.READ_REG, 1, 0x05]]);
  });

  it('WRITE_REG applies each entry under its mask', async () => {
    const { host } = await romBoard('esp32c3');
    const a = 0x60000000 + 0x100;
    const b = 0x60000000 + 0x104;
    expectOk(await host.command(Op.WRITE_REG, concat(le32(a, 0x12345678, 0xffffffff, 0), le32(b, 0xaaaa5555, 0xffffffff, 0))));
    expectOk(await host.command(Op.WRITE_REG, le32(a, 0x0000ff00, 0x0000ff00, 0)));
    expect(await host.readReg(a)).toBe(0x1234ff78);
    expect(await host.readReg(b)).toBe(0xaaaa5555);
  });

  it.each([
    [2, 0x1540ef],
    [4, 0x1640ef],
    [8, 0x1740ef],
    [16, 0x1840ef],
  ] as const)('SPI user command: RDID on a %i MB board answers 0x%s, SFDP starts with its signature', async (size, id) => {
    const { host } = await romBoard('esp32s3', { flashSize: size });
    await attach(host);
    expect(await spiCommand(host, 'esp32s3', 0x9f, 24)).toBe(id);
    expect(await spiCommand(host, 'esp32s3', 0x5a, 32, { addr: 0, addrBits: 24 })).toBe(0x50444653); // "SFDP"
    expect((await spiCommand(host, 'esp32s3', 0x5a, 32, { addr: 0x10, addrBits: 24 })) & 0xff).toBe(0xef);
    expect(await spiCommand(host, 'esp32s3', 0x05, 8)).toBe(0);
  });

  it('ESP32 takes the SPI address from the top bits of SPI_ADDR', async () => {
    const { host } = await romBoard('esp32');
    await attach(host);
    expect(await spiCommand(host, 'esp32', 0x5a, 32, { addr: 0x10 << 8, addrBits: 24 })).toBe(0x030100ef);
  });

  it('flash commands need SPI_ATTACH first, with the 4 extra bytes the ROM reads', async () => {
    const { host } = await romBoard('esp32c3');
    const begin = le32(0x1000, 1, 0x400, 0x10000, 0);
    expect(status(await host.command(Op.FLASH_BEGIN, begin))).toEqual([1, 0x06]);
    expect(await spiCommand(host, 'esp32c3', 0x9f, 24)).toBe(0xffffff);
    expect(status(await host.command(Op.SPI_ATTACH, new Uint8Array(4)))).toEqual([1, 0x05]);
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, begin));
    expect(await spiCommand(host, 'esp32c3', 0x9f, 24)).toBe(0x1640ef);
  });

  it.each(CHIP_NAMES)('%s: FLASH_BEGIN/DATA with 1 KiB blocks writes the image; MD5 comes back as 32 hex digits', async (chip) => {
    const { board, host } = await romBoard(chip);
    await attach(host);
    const image = pattern(5000, 3);
    const replies = await writeRaw(host, 0x9000, image, { blockSize: 0x400, stub: false, words: chipSpec(chip).romBeginWords });
    for (const r of replies) expect(status(r)).toEqual([0, 0]);
    expect(board.readFlash(0x9000, image.length)).toEqual(image);
    const r = expectOk(await host.command(Op.SPI_FLASH_MD5, le32(0x9000, image.length, 0, 0)), 32);
    expect(new TextDecoder().decode(r.body.subarray(0, 32))).toBe(md5(image));
    expect(r.body.length).toBe(36);
  });

  it('FLASH_BEGIN erases whole sectors up front; a block spilling past them ANDs into what was there (NOR)', async () => {
    const { board, host } = await romBoard('esp32c3');
    board.loadFlash(0x1000, new Uint8Array(0x2000).fill(0x5a));
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x100, 1, 0x400, 0x1f00, 0)));
    expect(board.readFlash(0x1000, 0x1000)).toEqual(new Uint8Array(0x1000).fill(0xff));
    expect(board.readFlash(0x2000, 0x1000)).toEqual(new Uint8Array(0x1000).fill(0x5a));
    const block = new Uint8Array(0x400).fill(0x0f);
    expectOk(await host.command(Op.FLASH_DATA, concat(le32(0x400, 0, 0, 0), block), checksum(block)));
    expect(board.readFlash(0x1f00, 0x100)).toEqual(new Uint8Array(0x100).fill(0x0f));
    expect(board.readFlash(0x2000, 0x300)).toEqual(new Uint8Array(0x300).fill(0x0a));
    expect(board.readFlash(0x2300, 0x100)).toEqual(new Uint8Array(0x100).fill(0x5a));
  });

  it('refuses a block with a bad checksum or out of sequence, and writes nothing', async () => {
    const { board, host } = await romBoard('esp32s3');
    await attach(host);
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0x800, 2, 0x400, 0x20000, 0)));
    const block = new Uint8Array(0x400).fill(0x11);
    expect(status(await host.command(Op.FLASH_DATA, concat(le32(0x400, 0, 0, 0), block), checksum(block) ^ 1))).toEqual([1, 0x07]);
    expect(status(await host.command(Op.FLASH_DATA, concat(le32(0x400, 1, 0, 0), block), checksum(block)))).toEqual([1, 0x06]);
    expect(board.readFlash(0x20000, 0x800)).toEqual(new Uint8Array(0x800).fill(0xff));
    expectOk(await host.command(Op.FLASH_DATA, concat(le32(0x400, 0, 0, 0), block), checksum(block)));
    expect(board.readFlash(0x20000, 0x400)).toEqual(block);
  });

  it.each(CHIP_NAMES)('%s: FLASH_DEFL_* inflates one zlib stream across blocks', async (chip) => {
    const { board, host } = await romBoard(chip);
    await attach(host);
    const image = pattern(40_000, 5);
    const replies = await writeDeflated(host, 0x10000, image, { blockSize: 0x400, stub: false, words: chipSpec(chip).romBeginWords });
    expect(replies.length).toBeGreaterThan(3);
    for (const r of replies) expect(status(r)).toEqual([0, 0]);
    expect(board.readFlash(0x10000, image.length)).toEqual(image);
  });

  it('a later ROM given a 4-word FLASH_BEGIN reads a stale fifth word: the data lands garbled', async () => {
    const { board, host } = await romBoard('esp32c6');
    await attach(host);
    const image = pattern(0x800, 9);
    for (const r of await writeRaw(host, 0x8000, image, { blockSize: 0x400, stub: false, words: 4 })) expect(status(r)).toEqual([0, 0]);
    expect(board.readFlash(0x8000, image.length)).not.toEqual(image);
  });

  it('a corrupt zlib stream is a deflate error', async () => {
    const { host } = await romBoard('esp32c3');
    await attach(host);
    expectOk(await host.command(Op.FLASH_DEFL_BEGIN, le32(0x1000, 1, 0x400, 0x10000, 0)));
    const junk = pattern(200, 2);
    expect(status(await host.command(Op.FLASH_DEFL_DATA, concat(le32(junk.length, 0, 0, 0), junk), checksum(junk)))).toEqual([1, 0x0b]);
  });

  it('READ_FLASH_SLOW answers 64 bytes whatever the length asked', async () => {
    const { board, host } = await romBoard('esp32');
    board.loadFlash(0x1000, pattern(128, 4));
    await attach(host);
    const r = expectOk(await host.command(Op.READ_FLASH_SLOW, le32(0x1000, 16)), 64);
    expect(r.body.subarray(0, 64)).toEqual(pattern(64, 4));
    expect(status(await host.command(Op.READ_FLASH_SLOW, le32(0x1000, 65)))).toEqual([1, 0x0a]);
  });

  it('CHANGE_BAUDRATE answers at the old rate, then the board only understands the new one', async () => {
    const { board, host } = await romBoard('esp32c3');
    board.setHostBaud(115200);
    expectOk(await host.command(Op.CHANGE_BAUDRATE, le32(921600, 0)));
    await host.idle(1);
    expect(board.baud).toBe(921600);
    const from = host.frames.length;
    host.send(Op.READ_REG, le32(0x40001000));
    await host.idle(200);
    expect(host.frames.length).toBe(from);
    board.setHostBaud(921600);
    expect(await host.readReg(0x40001000)).toBe(0x1b31506f);
  });

  it('FLASH_END(1) leaves the loader for the app; FLASH_END(0) reboots into the loader (strap still latched)', async () => {
    const lines = ['hello from the app'];
    const { board, host } = await romBoard('esp32c3', { consoleLines: lines });
    await attach(host);
    await writeRaw(host, 0, appImage(0x400), { blockSize: 0x400, stub: false });
    expectOk(await host.command(Op.FLASH_END, le32(0)));
    await host.waitForText('rst:0x3 (RTC_SW_SYS_RST),boot:0x5 (DOWNLOAD');
    expect(board.mode).toBe('rom');
    await host.sync();
    expectOk(await host.command(Op.FLASH_BEGIN, le32(0, 0, 0x400, 0, 0)));
    expectOk(await host.command(Op.FLASH_END, le32(1)));
    await host.waitForText('hello from the app');
    expect(board.mode).toBe('app');
  });

  it('a SYNC with the wrong body is refused', async () => {
    const { host } = await romBoard('esp32c3');
    const body = SYNC_DATA.slice();
    body[5] = 0x54;
    expect(status(await host.command(Op.SYNC, body))).toEqual([1, 0x05]);
  });
});

/** Runs a flash command through the SPI controller's registers, as esptool's run_spiflash_command does. */
async function spiCommand(
  host: Awaited<ReturnType<typeof romBoard>>['host'],
  chip: ChipName,
  command: number,
  readBits: number,
  address?: { addr: number; addrBits: number },
): Promise<number> {
  const spi = chipSpec(chip).spi;
  const write = async (reg: number, value: number) => expectOk(await host.command(Op.WRITE_REG, le32(spi.base + reg, value, 0xffffffff, 0)));
  await write(spi.misoDlen, readBits - 1);
  await write(spi.usr1, address ? (address.addrBits - 1) << 26 : 0);
  await write(spi.usr, (1 << 31) | (1 << 28) | (address ? 1 << 30 : 0));
  await write(spi.usr2, (7 << 28) | command);
  if (address) await write(0x04, address.addr);
  await write(spi.w0, 0);
  await write(0x00, 1 << 18);
  expect((await host.readReg(spi.base)) & (1 << 18)).toBe(0);
  const w0 = await host.readReg(spi.base + spi.w0);
  return readBits >= 32 ? w0 : w0 & ((1 << readBits) - 1);
}
