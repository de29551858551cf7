import { crc32 } from './crc32.js';
import type { NvsCrypto } from './crypto.js';
import type { NvsKeys } from './encryption.js';
import { NvsInputError } from './errors.js';

/**
 * The nvs_keys partition (spec/nvs-format.md §9.1): eky (32 B), tky (32 B),
 * CRC32 of both as u32 LE at 0x40, then 0xFF up to 4096 bytes.
 */
export const KEY_PARTITION_SIZE = 4096;
export const XTS_KEY_SIZE = 32;
export const HMAC_KEY_SIZE = 32;
const CRC_OFFSET = 2 * XTS_KEY_SIZE;
const USED_BYTES = CRC_OFFSET + 4;

export function makeKeyPartition(keys: NvsKeys): Uint8Array {
  if (keys.dataKey.length !== XTS_KEY_SIZE || keys.tweakKey.length !== XTS_KEY_SIZE) {
    throw new NvsInputError(`an NVS key partition holds two ${XTS_KEY_SIZE}-byte keys (got ${keys.dataKey.length} and ${keys.tweakKey.length} bytes)`);
  }
  const bytes = new Uint8Array(KEY_PARTITION_SIZE).fill(0xff);
  bytes.set(keys.dataKey, 0);
  bytes.set(keys.tweakKey, XTS_KEY_SIZE);
  new DataView(bytes.buffer).setUint32(CRC_OFFSET, crc32(bytes, 0, CRC_OFFSET), true);
  return bytes;
}

const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Reads the keys from a key file or an nvs_keys partition dump, checking what
 * the firmware checks before it would use them. `file` names it in errors.
 */
export function readKeyPartition(bytes: Uint8Array, file: string): NvsKeys {
  const hint = 'give a key file written by `factory-bench nvs generate-key` (or the reference generate-key), or a dump of the nvs_keys partition';
  if (bytes.length < USED_BYTES) {
    throw new NvsInputError(
      `${file}: ${bytes.length} bytes is too short for an NVS key partition, which holds a 32-byte XTS data key, a 32-byte tweak key and a CRC32 (${USED_BYTES} bytes, in a 4096-byte file)`,
      undefined,
      hint,
    );
  }
  if (bytes.subarray(0, USED_BYTES).every((b) => b === 0xff)) {
    throw new NvsInputError(
      `${file}: the key partition is not initialised (keys and CRC are all 0xFF; the firmware reports ESP_ERR_NVS_KEYS_NOT_INITIALIZED)`,
      undefined,
      hint,
    );
  }
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(CRC_OFFSET, true);
  const computed = crc32(bytes, 0, CRC_OFFSET);
  if (stored !== computed) {
    throw new NvsInputError(
      `${file}: key partition CRC mismatch: stored ${hex32(stored)} at 0x40, computed ${hex32(computed)} over the keys (the firmware rejects this with ESP_ERR_NVS_CORRUPT_KEY_PART)`,
      undefined,
      `the file is damaged or is not an NVS key file; ${hint}`,
    );
  }
  return { dataKey: new Uint8Array(bytes.subarray(0, XTS_KEY_SIZE)), tweakKey: new Uint8Array(bytes.subarray(XTS_KEY_SIZE, CRC_OFFSET)) };
}

/** The HMAC key of the HMAC scheme: exactly the 32 bytes the eFuse key block holds. */
export function readHmacKey(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length !== HMAC_KEY_SIZE) {
    throw new NvsInputError(
      `${file}: an HMAC key is ${HMAC_KEY_SIZE} bytes (the eFuse key block the device derives its NVS keys from), this file has ${bytes.length}`,
      undefined,
      'give the raw 32-byte key that is (or will be) burned into the eFuse HMAC_UP key block, e.g. one written by --kp_hmac_keygen',
    );
  }
  return new Uint8Array(bytes);
}

const seed = (element: readonly number[]): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => element[i % 4]!);
// The firmware's seeds are the u32 words 0xAEBE5A5A and 0xCEDEA5A5, i.e. these bytes little-endian.
const DATA_KEY_SEED = seed([0x5a, 0x5a, 0xbe, 0xae]);
const TWEAK_KEY_SEED = seed([0xa5, 0xa5, 0xde, 0xce]);

/** The HMAC scheme's keys (spec §9.2), as the device's HMAC peripheral derives them from its eFuse key. */
export function deriveHmacKeys(hmacKey: Uint8Array, crypto: NvsCrypto): NvsKeys {
  if (hmacKey.length !== HMAC_KEY_SIZE) throw new NvsInputError(`an HMAC key is ${HMAC_KEY_SIZE} bytes, not ${hmacKey.length}`);
  return { dataKey: crypto.hmacSha256(hmacKey, DATA_KEY_SEED), tweakKey: crypto.hmacSha256(hmacKey, TWEAK_KEY_SEED) };
}

/** Fresh random XTS keys from the CSPRNG (the reference uses Python's Mersenne Twister). */
export function generateKeys(crypto: NvsCrypto): NvsKeys {
  return { dataKey: crypto.randomBytes(XTS_KEY_SIZE), tweakKey: crypto.randomBytes(XTS_KEY_SIZE) };
}

export function generateHmacKey(crypto: NvsCrypto): Uint8Array {
  return crypto.randomBytes(HMAC_KEY_SIZE);
}
