import type { Chip } from './chips.js';
import { flashMd5 } from './commands.js';
import { EspError, espError, hex } from './errors.js';
import { prepareImage, type PreparedImage } from './image.js';
import { Op } from './opcodes.js';
import { checksum, concat, words } from './packet.js';
import type { RegionPhase } from './progress.js';
import type { Protocol } from './protocol.js';
import { isTransferError } from './status.js';
import { scaled } from './timeouts.js';

export const ROM_FLASH_BLOCK = 0x400;
export const STUB_FLASH_BLOCK = 0x4000;
const BLOCK_ATTEMPTS = 3;
const SECTOR = 0x1000;

export type RegionProgress = (phase: RegionPhase, done: number, total: number) => void;

/** Writes one prepared image (compressed when it has a compressed form), then checks its MD5. */
export async function writeAndVerify(protocol: Protocol, chip: Chip, prepared: PreparedImage, progress: RegionProgress): Promise<void> {
  // Without the stub, the ROM mishandles an erase that starts inside a sector: start at the sector with 0xFF.
  const image = !protocol.stub && prepared.offset % SECTOR !== 0 ? await alignDown(prepared) : prepared;
  await writeImage(protocol, chip, image, progress);
  await verifyImage(protocol, image, progress);
}

async function alignDown(image: PreparedImage): Promise<PreparedImage> {
  const start = image.offset - (image.offset % SECTOR);
  const data = new Uint8Array(image.offset - start + image.data.length).fill(0xff);
  data.set(image.data, image.offset - start);
  return prepareImage({ offset: start, data }, { compress: image.compressed !== null });
}

export async function writeImage(protocol: Protocol, chip: Chip, image: PreparedImage, progress: RegionProgress): Promise<void> {
  const blockSize = protocol.stub ? STUB_FLASH_BLOCK : ROM_FLASH_BLOCK;
  const compressed = image.compressed;
  const source = compressed ?? image.data;
  const total = image.data.length;
  const blocks = Math.ceil(source.length / blockSize);
  // The stub wants the exact uncompressed size; the ROM the size rounded up to whole blocks.
  const size = compressed && !protocol.stub ? Math.ceil(total / blockSize) * blockSize : total;
  const encryptedWord = protocol.stub || chip.romBeginHasEncryptedWord ? words(0) : new Uint8Array(0);
  const ops = compressed ? { begin: Op.FLASH_DEFL_BEGIN, data: Op.FLASH_DEFL_DATA, end: Op.FLASH_DEFL_END } : { begin: Op.FLASH_BEGIN, data: Op.FLASH_DATA, end: Op.FLASH_END };
  const t = protocol.timeouts;

  // The ROM erases the whole region when it gets BEGIN; the stub erases as it writes.
  protocol.transport.context.step = protocol.stub ? 'write' : 'erase';
  if (!protocol.stub) progress('erase', 0, total);
  await flashCommand(protocol, image, ops.begin, {
    data: concat(words(size, blocks, blockSize, image.offset), encryptedWord),
    timeoutMs: protocol.stub ? t.command : scaled(t, t.erasePerMb, size),
  });
  if (!protocol.stub) progress('erase', total, total);

  protocol.transport.context.step = 'write';
  const expansion = total / source.length;
  for (let seq = 0; seq < blocks; seq++) {
    let block = source.subarray(seq * blockSize, (seq + 1) * blockSize);
    if (!compressed && block.length < blockSize) block = concat(block, new Uint8Array(blockSize - block.length).fill(0xff));
    const packet = concat(words(block.length, seq, 0, 0), block);
    const timeoutMs = scaled(t, t.writePerMb, Math.ceil(block.length * expansion));
    await sendBlock(protocol, image, ops.data, seq, packet, checksum(block), timeoutMs);
    progress('write', Math.min(total, Math.round(((seq + 1) * blockSize) * expansion)), total);
  }

  // The stub acknowledges a block before it is on flash; its END answers once the last block is
  // written and carries any failure of the earlier ones. The ROM writes before acknowledging and
  // would leave the loader on END, so it gets none.
  if (protocol.stub) {
    await flashCommand(protocol, image, ops.end, { data: words(1), timeoutMs: scaled(t, t.writePerMb, Math.ceil(blockSize * expansion)) });
  }
}

async function sendBlock(protocol: Protocol, image: PreparedImage, op: number, seq: number, packet: Uint8Array, check: number, timeoutMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= BLOCK_ATTEMPTS;
    try {
      const reply = await protocol.request(op, { data: packet, checksum: check, timeoutMs, payloadLength: 0 });
      if (reply.status.ok) return;
      if (!isTransferError(reply.status.code)) throw writeFailed(protocol, image, op, reply.status.code, `block ${seq}`);
      // Garbled on the line every time: the flash is not at fault, the link is.
      if (last) throw garbled(protocol, image, op, reply.status.code, seq, attempt);
    } catch (error) {
      if (last || !(error instanceof EspError) || error.code !== 'timeout') throw error;
    }
  }
}

async function flashCommand(protocol: Protocol, image: PreparedImage, op: number, options: { data: Uint8Array; timeoutMs: number }): Promise<void> {
  const reply = await protocol.request(op, { ...options, payloadLength: 0 });
  if (!reply.status.ok) throw writeFailed(protocol, image, op, reply.status.code);
}

function writeFailed(protocol: Protocol, image: PreparedImage, op: number, code: number, what?: string): Error {
  const base = protocol.statusError(op, code, 'flash-write-failed') as EspError;
  const message = `writing ${image.data.length} bytes at ${hex(image.offset)}${what ? ` (${what})` : ''}: ${base.message}`;
  return espError('flash-write-failed', base.step, base.port, message, { offset: image.offset, status: code });
}

function garbled(protocol: Protocol, image: PreparedImage, op: number, code: number, seq: number, attempts: number): Error {
  const base = protocol.statusError(op, code, 'protocol') as EspError;
  const message = `writing ${image.data.length} bytes at ${hex(image.offset)}: block ${seq} arrived garbled ${attempts} times (${base.message})`;
  return espError('protocol', base.step, base.port, message, { offset: image.offset, status: code });
}

export async function verifyImage(protocol: Protocol, image: PreparedImage, progress: RegionProgress): Promise<void> {
  protocol.transport.context.step = 'verify';
  progress('verify', 0, image.data.length);
  const actual = await flashMd5(protocol, image.offset, image.data.length);
  if (actual !== image.md5) {
    throw espError(
      'verify-mismatch',
      'verify',
      protocol.port,
      `verify failed at ${hex(image.offset)} (${image.data.length} bytes): the flash has MD5 ${actual}, the image ${image.md5}`,
      { offset: image.offset, expectedMd5: image.md5, actualMd5: actual },
    );
  }
  progress('verify', image.data.length, image.data.length);
}
