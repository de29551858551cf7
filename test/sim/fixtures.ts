// Shared steps for the simulator's tests: a board in download mode behind a RawHost, the stub
// uploaded the way any client does it, flash sessions driven frame by frame.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { SimBoard, type SimBoardOptions } from './board.js';
import type { ChipName } from './chips.js';
import { checksum, le32, Op } from './protocol.js';
import { RawHost, type Response } from './raw-host.js';
import { esptoolJsStub, type StubImage } from './stub-images.js';
import { concatBytes as concat } from '../../src/shared/bytes.js';

export async function romBoard(chip: ChipName, options: Partial<SimBoardOptions> = {}): Promise<{ board: SimBoard; host: RawHost }> {
  const board = new SimBoard({ chip, timing: { pace: false }, ...options });
  const host = new RawHost(board);
  board.powerOn();
  board.reset('download');
  await host.waitForText('waiting for download');
  return { board, host };
}

export async function stubBoard(chip: ChipName, options: Partial<SimBoardOptions> = {}): Promise<{ board: SimBoard; host: RawHost }> {
  const ready = await romBoard(chip, options);
  await uploadStub(ready.host, esptoolJsStub(ready.board.chip.stubFile(ready.board.revision)));
  return ready;
}

/** MEM_BEGIN / MEM_DATA / MEM_END(entry), as every client uploads a stub; OHAI follows on the line. */
export async function uploadStub(host: RawHost, stub: StubImage, blockSize = 0x1800): Promise<void> {
  for (const [addr, bytes] of [
    [stub.textStart, stub.text],
    [stub.dataStart, stub.data],
  ] as const) {
    const blocks = Math.ceil(bytes.length / blockSize);
    expectOk(await host.command(Op.MEM_BEGIN, le32(bytes.length, blocks, blockSize, addr)));
    for (let seq = 0; seq < blocks; seq++) {
      const block = bytes.subarray(seq * blockSize, (seq + 1) * blockSize);
      expectOk(await host.command(Op.MEM_DATA, concat(le32(block.length, seq, 0, 0), block), checksum(block)));
    }
  }
  expectOk(await host.command(Op.MEM_END, le32(0, stub.entry)));
}

export const isOhai = (frame: Uint8Array): boolean => Buffer.from(frame).toString('latin1') === 'OHAI';

export function expectOk(r: Response, payloadLength = 0): Response {
  if (r.body[payloadLength] !== 0) throw new Error(`command 0x${r.op.toString(16)} failed: ${Buffer.from(r.body).toString('hex')}`);
  return r;
}

export async function attach(host: RawHost): Promise<void> {
  expectOk(await host.command(Op.SPI_ATTACH, new Uint8Array(8)));
}

/** Writes `data` at `offset` as esptool does: BEGIN, blocks padded with 0xFF, (stub) END. */
export async function writeRaw(host: RawHost, offset: number, data: Uint8Array, o: { blockSize: number; stub: boolean; words?: 4 | 5 }): Promise<Response[]> {
  const blocks = Math.ceil(data.length / o.blockSize);
  const begin = o.words === 4 ? le32(data.length, blocks, o.blockSize, offset) : le32(data.length, blocks, o.blockSize, offset, 0);
  const replies = [await host.command(Op.FLASH_BEGIN, o.stub ? le32(data.length, blocks, o.blockSize, offset) : begin)];
  for (let seq = 0; seq < blocks; seq++) {
    const block = new Uint8Array(o.blockSize).fill(0xff);
    block.set(data.subarray(seq * o.blockSize, (seq + 1) * o.blockSize));
    replies.push(await host.command(Op.FLASH_DATA, concat(le32(block.length, seq, 0, 0), block), checksum(block)));
  }
  if (o.stub) replies.push(await host.command(Op.FLASH_END, le32(1)));
  return replies;
}

/** The same with zlib: BEGIN carries the uncompressed size (rounded up to blocks for the ROM). */
export async function writeDeflated(host: RawHost, offset: number, data: Uint8Array, o: { blockSize: number; stub: boolean; words?: 4 | 5 }): Promise<Response[]> {
  const packed = deflateSync(data, { level: 9 });
  const blocks = Math.ceil(packed.length / o.blockSize);
  const size = o.stub ? data.length : Math.ceil(data.length / o.blockSize) * o.blockSize;
  const words = o.stub || o.words === 4 ? le32(size, blocks, o.blockSize, offset) : le32(size, blocks, o.blockSize, offset, 0);
  const replies = [await host.command(Op.FLASH_DEFL_BEGIN, words)];
  for (let seq = 0; seq < blocks; seq++) {
    const block = packed.subarray(seq * o.blockSize, (seq + 1) * o.blockSize);
    replies.push(await host.command(Op.FLASH_DEFL_DATA, concat(le32(block.length, seq, 0, 0), block), checksum(block)));
  }
  if (o.stub) replies.push(await host.command(Op.FLASH_DEFL_END, le32(1)));
  return replies;
}

export { concat };

/** Deterministic test data that compresses, but not to nothing. */
export function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < length; i++) {
    if (i % 7 === 0) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
    out[i] = (x >>> (8 * (i % 4))) & 0xff;
  }
  return out;
}

/** An app image as the ROM expects to find it: magic 0xE9 first. */
export function appImage(length: number, seed = 1): Uint8Array {
  const image = pattern(length, seed);
  image[0] = 0xe9;
  return image;
}

export const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');
