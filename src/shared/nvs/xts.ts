import type { NvsCrypto } from './crypto.js';

/**
 * XTS-AES-256 (IEEE 1619) for 32-byte data units, the unit NVS encrypts: one
 * entry slot, exactly two AES blocks, so ciphertext stealing never happens.
 *
 * Built on AES-256-ECB so that a whole image costs two cipher calls however
 * many units it has: one ECB pass with the tweak key turns every unit's tweak
 * into its first-block mask T, one ECB pass with the data key does every block.
 * The second block of a unit is masked with T·α in GF(2^128).
 */
export const XTS_UNIT_SIZE = 32;
const BLOCK = 16;

/** Every unit's tweak as the 16-byte little-endian plaintext block the tweak key encrypts. */
function tweakBlocks(tweaks: ArrayLike<number>): Uint8Array {
  const blocks = new Uint8Array(tweaks.length * BLOCK);
  const view = new DataView(blocks.buffer);
  for (let i = 0; i < tweaks.length; i++) {
    // Offsets stay far below 2^53, so two 32-bit halves cover them exactly.
    const value = tweaks[i]!;
    view.setUint32(i * BLOCK, value >>> 0, true);
    view.setUint32(i * BLOCK + 4, Math.floor(value / 0x1_0000_0000) >>> 0, true);
  }
  return blocks;
}

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * XORs each unit with its masks: the first block with T = E(tweak key, tweak),
 * the second with T·α in GF(2^128), where the 16 bytes of T are one
 * little-endian number: shift left by one, fold the carry back in with 0x87.
 * Words are read and written little-endian, so this holds on any host.
 */
function applyMasks(units: DataView, masks: DataView, count: number): void {
  for (let i = 0; i < count; i++) {
    const m = i * BLOCK;
    const u = i * XTS_UNIT_SIZE;
    const t0 = masks.getUint32(m, true);
    const t1 = masks.getUint32(m + 4, true);
    const t2 = masks.getUint32(m + 8, true);
    const t3 = masks.getUint32(m + 12, true);
    units.setUint32(u, units.getUint32(u, true) ^ t0, true);
    units.setUint32(u + 4, units.getUint32(u + 4, true) ^ t1, true);
    units.setUint32(u + 8, units.getUint32(u + 8, true) ^ t2, true);
    units.setUint32(u + 12, units.getUint32(u + 12, true) ^ t3, true);
    units.setUint32(u + 16, units.getUint32(u + 16, true) ^ ((t0 << 1) ^ ((t3 >>> 31) * 0x87)), true);
    units.setUint32(u + 20, units.getUint32(u + 20, true) ^ ((t1 << 1) | (t0 >>> 31)), true);
    units.setUint32(u + 24, units.getUint32(u + 24, true) ^ ((t2 << 1) | (t1 >>> 31)), true);
    units.setUint32(u + 28, units.getUint32(u + 28, true) ^ ((t3 << 1) | (t2 >>> 31)), true);
  }
}

/**
 * Encrypts or decrypts units (32 bytes each, back to back) where they lie;
 * unit i uses tweaks[i]. For callers that own a scratch copy already.
 */
export function xtsInPlace(mode: 'encrypt' | 'decrypt', dataKey: Uint8Array, tweakKey: Uint8Array, units: Uint8Array, tweaks: ArrayLike<number>, crypto: NvsCrypto): void {
  if (dataKey.length !== 32 || tweakKey.length !== 32) throw new RangeError('XTS-AES-256 needs a 32-byte data key and a 32-byte tweak key');
  const count = tweaks.length;
  if (units.length !== count * XTS_UNIT_SIZE) throw new RangeError(`XTS: ${units.length} bytes is not ${count} units of ${XTS_UNIT_SIZE} bytes`);
  if (count === 0) return;
  const masks = crypto.aes256EcbEncrypt(tweakKey, tweakBlocks(tweaks));
  if (masks.length !== count * BLOCK) throw new RangeError(`AES-256-ECB returned ${masks.length} bytes for ${count * BLOCK}`);
  const maskView = viewOf(masks);
  const unitView = viewOf(units);
  applyMasks(unitView, maskView, count);
  const done = mode === 'decrypt' ? crypto.aes256EcbDecrypt(dataKey, units) : crypto.aes256EcbEncrypt(dataKey, units);
  if (done.length !== units.length) throw new RangeError(`AES-256-ECB returned ${done.length} bytes for ${units.length}`);
  units.set(done);
  applyMasks(unitView, maskView, count);
}

/** Encrypts units (32 bytes each, back to back); unit i uses tweaks[i]. Returns new bytes, the input stays as it is. */
export function xtsEncryptUnits(dataKey: Uint8Array, tweakKey: Uint8Array, units: Uint8Array, tweaks: ArrayLike<number>, crypto: NvsCrypto): Uint8Array {
  const out = new Uint8Array(units); // a copy, also of a Node Buffer (whose slice() is a view)
  xtsInPlace('encrypt', dataKey, tweakKey, out, tweaks, crypto);
  return out;
}

/** The inverse of xtsEncryptUnits. */
export function xtsDecryptUnits(dataKey: Uint8Array, tweakKey: Uint8Array, units: Uint8Array, tweaks: ArrayLike<number>, crypto: NvsCrypto): Uint8Array {
  const out = new Uint8Array(units);
  xtsInPlace('decrypt', dataKey, tweakKey, out, tweaks, crypto);
  return out;
}
