import type { NvsCrypto } from './crypto.js';
import { NvsInputError } from './errors.js';
import { BITMAP_OFFSET, ENTRIES_PER_PAGE, ENTRY_SIZE, FIRST_ENTRY_OFFSET, PAGE_SIZE } from './layout.js';
import { xtsInPlace } from './xts.js';

/** The two XTS-AES-256 keys of NVS encryption (spec/nvs-format.md §9), 32 bytes each. */
export interface NvsKeys {
  /** XTS data key, "eky". */
  dataKey: Uint8Array;
  /** XTS tweak key, "tky". */
  tweakKey: Uint8Array;
}

/** A stretch of consecutive slots to encrypt or decrypt: its byte offset in the image and its length. */
interface Run {
  offset: number;
  length: number;
}

function checkImage(image: Uint8Array, keys: NvsKeys): void {
  if (image.length % PAGE_SIZE !== 0) {
    throw new NvsInputError(
      `the image is ${image.length} bytes, not a whole number of ${PAGE_SIZE}-byte pages`,
      undefined,
      'give the complete NVS partition image, as written by nvs generate or read from flash',
    );
  }
  if (keys.dataKey.length !== 32 || keys.tweakKey.length !== 32) {
    throw new NvsInputError(`NVS encryption needs a 32-byte data key and a 32-byte tweak key (got ${keys.dataKey.length} and ${keys.tweakKey.length} bytes)`);
  }
}

/** Groups the slots chosen by `used` into runs of neighbours, so that copying them costs one call per run. */
function collectRuns(image: Uint8Array, used: (page: number, slot: number) => boolean): Run[] {
  const runs: Run[] = [];
  const pages = image.length / PAGE_SIZE;
  for (let page = 0; page < pages; page++) {
    let start = -1;
    for (let slot = 0; slot <= ENTRIES_PER_PAGE; slot++) {
      const inRun = slot < ENTRIES_PER_PAGE && used(page, slot);
      if (inRun && start < 0) start = slot;
      if (!inRun && start >= 0) {
        runs.push({ offset: page * PAGE_SIZE + FIRST_ENTRY_OFFSET + start * ENTRY_SIZE, length: (slot - start) * ENTRY_SIZE });
        start = -1;
      }
    }
  }
  return runs;
}

/** Applies XTS to the runs' slots, each with its partition offset as tweak, and returns a new image. */
function transform(mode: 'encrypt' | 'decrypt', image: Uint8Array, runs: Run[], keys: NvsKeys, crypto: NvsCrypto): Uint8Array {
  let total = 0;
  for (const run of runs) total += run.length;
  const units = new Uint8Array(total);
  const tweaks = new Float64Array(total / ENTRY_SIZE);
  let at = 0;
  for (const run of runs) {
    units.set(image.subarray(run.offset, run.offset + run.length), at);
    for (let unit = 0; unit < run.length; unit += ENTRY_SIZE) tweaks[(at + unit) / ENTRY_SIZE] = run.offset + unit;
    at += run.length;
  }
  xtsInPlace(mode, keys.dataKey, keys.tweakKey, units, tweaks, crypto);
  const out = new Uint8Array(image); // a copy even for a Buffer, whose slice() is a view
  at = 0;
  for (const run of runs) {
    out.set(units.subarray(at, at + run.length), run.offset);
    at += run.length;
  }
  return out;
}

/**
 * Encrypts an NVS image as the reference generator and the firmware do: every
 * slot whose entry-state bits are not "empty" (0b11) is one XTS unit with the
 * tweak = its byte offset in the partition. Page headers, bitmaps and empty
 * slots stay plain. (The generator only marks slots written; an erased slot
 * of a firmware image still holds ciphertext on flash, so it is encrypted too.)
 */
export function encryptImage(image: Uint8Array, keys: NvsKeys, crypto: NvsCrypto): Uint8Array {
  checkImage(image, keys);
  const runs = collectRuns(image, (page, slot) => {
    const bits = image[page * PAGE_SIZE + BITMAP_OFFSET + (slot >> 2)]! >> ((slot & 3) * 2);
    return (bits & 3) !== 3;
  });
  return transform('encrypt', image, runs, keys, crypto);
}

function isBlank(view: DataView, offset: number): boolean {
  for (let i = offset; i < offset + ENTRY_SIZE; i += 4) if (view.getUint32(i) !== 0xffffffff) return false;
  return true;
}

/**
 * Decrypts an NVS image. Like the reference `decrypt`, it does not trust the
 * bitmap: every entry slot that is not all 0xFF is decrypted, so that images
 * with a damaged or half-updated bitmap still come out readable. Unlike the
 * reference, the tweak is always the slot's own offset (the reference counts
 * decrypted slots, which goes wrong after a gap). A ciphertext that is all
 * 0xFF has probability 2^-256, and for every image encryptImage writes this is
 * its exact inverse.
 */
export function decryptImage(image: Uint8Array, keys: NvsKeys, crypto: NvsCrypto): Uint8Array {
  checkImage(image, keys);
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const runs = collectRuns(image, (page, slot) => !isBlank(view, page * PAGE_SIZE + FIRST_ENTRY_OFFSET + slot * ENTRY_SIZE));
  return transform('decrypt', image, runs, keys, crypto);
}
