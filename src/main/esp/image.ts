import { createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { promisify } from 'node:util';
import { constants, deflate } from 'node:zlib';
import { espError } from './errors.js';

const deflateAsync = promisify(deflate);
/** MD5 is hashed in slices of this size, yielding between them, so that 16 ports' event loop never waits long. */
const HASH_SLICE = 256 * 1024;

/** Bytes to put at a flash offset. */
export interface FlashRegion {
  offset: number;
  data: Uint8Array;
}

/**
 * An image ready to flash to any number of boards: padded, compressed and hashed once.
 * Immutable; share it between ports.
 */
export interface PreparedImage {
  readonly offset: number;
  /** The bytes that end up in flash: the input padded with 0xFF to a multiple of 4. */
  readonly data: Uint8Array;
  /** zlib stream (level 9) of `data`, or null when compression was off or did not make it smaller. */
  readonly compressed: Uint8Array | null;
  /** MD5 of `data`, lower-case hex: what SPI_FLASH_MD5 must answer after writing. */
  readonly md5: string;
}

export interface PrepareOptions {
  /** Compress with zlib (default true). */
  compress?: boolean;
}

export function padTo(data: Uint8Array, multiple: number, fill = 0xff): Uint8Array {
  const length = Math.ceil(data.length / multiple) * multiple;
  if (length === data.length) return data;
  const out = new Uint8Array(length).fill(fill);
  out.set(data);
  return out;
}

export async function md5Hex(data: Uint8Array): Promise<string> {
  const hash = createHash('md5');
  for (let at = 0; at < data.length; at += HASH_SLICE) {
    hash.update(data.subarray(at, at + HASH_SLICE));
    if (at + HASH_SLICE < data.length) await yieldToLoop();
  }
  return hash.digest('hex');
}

/** Pads, hashes and (in the zlib thread pool, off the event loop) compresses one region. */
export async function prepareImage(region: FlashRegion, options: PrepareOptions = {}): Promise<PreparedImage> {
  const { offset } = region;
  if (!Number.isInteger(offset) || offset < 0 || offset % 4 !== 0) {
    throw espError('invalid-argument', 'write', '', `flash offset ${offset} is not a non-negative multiple of 4`);
  }
  if (region.data.length === 0) throw espError('invalid-argument', 'write', '', `the image for offset 0x${offset.toString(16)} is empty`);
  const data = padTo(new Uint8Array(region.data), 4);
  const [md5, compressed] = await Promise.all([md5Hex(data), options.compress === false ? null : deflateAsync(data, { level: constants.Z_BEST_COMPRESSION })]);
  const useful = compressed && compressed.length < data.length ? new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength) : null;
  return Object.freeze({ offset, data, compressed: useful, md5 });
}

/** Prepares several regions; they must not overlap. */
export async function prepareImages(regions: readonly FlashRegion[], options: PrepareOptions = {}): Promise<PreparedImage[]> {
  const sorted = [...regions].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    if (before.offset + before.data.length > sorted[i]!.offset) {
      throw espError('invalid-argument', 'write', '', `the images at 0x${before.offset.toString(16)} and 0x${sorted[i]!.offset.toString(16)} overlap`);
    }
  }
  return Promise.all(regions.map((region) => prepareImage(region, options)));
}
