import { MAGIC_REGISTER, type Chip } from './chips.js';
import { flashMd5, readReg } from './commands.js';
import { EspError, espError, hex } from './errors.js';
import { prepareImage, type PreparedImage } from './image.js';
import { Op } from './opcodes.js';
import { checksum, concat, words } from './packet.js';
import type { RegionPhase } from './progress.js';
import type { Protocol } from './protocol.js';
import { isFlashWriteError, isTransferError } from './status.js';
import { scaled } from './timeouts.js';

export const ROM_FLASH_BLOCK = 0x400;
export const STUB_FLASH_BLOCK = 0x4000;
const BLOCK_ATTEMPTS = 3;
/** A region whose data-block answers get lost is written from its BEGIN again, at most this many times in all. */
const REGION_ATTEMPTS = 3;
const SECTOR = 0x1000;

/**
 * A data block's answer did not come. When a resend was refused (ROM 0x0106, stub 0xC300: out of
 * sequence) the board had taken the block; when every send timed out it may have. Either way the
 * board's sequence counter is unknown, and only a new BEGIN puts both sides in step again.
 */
class LostReply extends Error {
  constructor(
    readonly seq: number,
    /** The refusal of a resend: proof the board is listening. */
    readonly refusal: number | undefined,
    readonly timeout: EspError,
  ) {
    super(timeout.message);
  }
}

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

/** Writes one region; when data-block answers get lost, starts it again from BEGIN (see LostReply). */
export async function writeImage(protocol: Protocol, chip: Chip, image: PreparedImage, progress: RegionProgress): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeRegion(protocol, chip, image, progress);
      return;
    } catch (error) {
      if (!(error instanceof LostReply)) throw error;
      // Only timeouts: a hung board is not worth restarting, and its timeout is the better error.
      if (error.refusal === undefined && !(await answers(protocol))) throw error.timeout;
      if (attempt >= REGION_ATTEMPTS) throw repliesLost(protocol, image, error, attempt);
    }
  }
}

async function answers(protocol: Protocol): Promise<boolean> {
  try {
    await readReg(protocol, MAGIC_REGISTER);
    return true;
  } catch (error) {
    if (error instanceof EspError && error.code === 'timeout') return false;
    throw error;
  }
}

async function writeRegion(protocol: Protocol, chip: Chip, image: PreparedImage, progress: RegionProgress): Promise<void> {
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
  let lost: EspError | undefined;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= BLOCK_ATTEMPTS;
    let reply;
    try {
      reply = await protocol.request(op, { data: packet, checksum: check, timeoutMs, payloadLength: 0 });
    } catch (error) {
      if (!(error instanceof EspError) || error.code !== 'timeout') throw error;
      // The request or its answer was lost: a resend tells which (taken again, or refused as out of sequence).
      lost = error;
      if (last) throw new LostReply(seq, undefined, lost);
      continue;
    }
    if (reply.status.ok) return;
    const transfer = isTransferError(reply.status.code);
    if (lost && !transfer && !isFlashWriteError(reply.status.code)) throw new LostReply(seq, reply.status.code, lost);
    if (!transfer) throw writeFailed(protocol, image, op, reply.status.code, `block ${seq}`);
    // Garbled on the line every time: the flash is not at fault, the link is.
    if (last) throw garbled(protocol, image, op, reply.status.code, seq, attempt);
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

function repliesLost(protocol: Protocol, image: PreparedImage, lost: LostReply, attempts: number): Error {
  const how = lost.refusal === undefined ? 'no answer came' : 'its answer was lost and the resend was refused as out of sequence';
  const message = `writing ${image.data.length} bytes at ${hex(image.offset)}: replies were lost on the line; the region was started ${attempts} times, and each time a data block went unanswered (last: block ${lost.seq}, ${how})`;
  const error = espError('protocol', 'write', protocol.port, message, { offset: image.offset, ...(lost.refusal === undefined ? {} : { status: lost.refusal }) }, lost.timeout);
  return error;
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
