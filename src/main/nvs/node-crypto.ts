import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, type Cipheriv, type Decipheriv } from 'node:crypto';
import type { NvsCrypto } from '../../shared/nvs/crypto.js';

/**
 * Creating a cipher costs ~15 µs (algorithm fetch and key schedule), far more
 * than encrypting a whole NVS image. ECB without padding keeps no state between
 * blocks, so one cipher per key can serve any number of update() calls and is
 * never finalised. A few recent keys are kept: an encryption job uses one data
 * key and one tweak key (per device at most, with --keygen).
 */
const CACHE_SIZE = 8;

interface Cached {
  key: Buffer;
  cipher: Cipheriv | Decipheriv;
}

const caches = { encrypt: [] as Cached[], decrypt: [] as Cached[] };

function cipherFor(decrypt: boolean, key: Uint8Array): Cipheriv | Decipheriv {
  const cache = decrypt ? caches.decrypt : caches.encrypt;
  for (const entry of cache) if (entry.key.equals(key)) return entry.cipher;
  const cipher = decrypt ? createDecipheriv('aes-256-ecb', key, null) : createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  if (cache.length === CACHE_SIZE) cache.shift();
  cache.push({ key: Buffer.from(key), cipher });
  return cipher;
}

function ecb(decrypt: boolean, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) throw new RangeError(`AES-ECB works on whole 16-byte blocks, not ${data.length} bytes`);
  if (data.length === 0) return new Uint8Array(0);
  const out = cipherFor(decrypt, key).update(data);
  if (out.length !== data.length) throw new Error(`AES-256-ECB returned ${out.length} bytes for ${data.length}`);
  return out;
}

/** The NVS engine's cryptography, from Node's OpenSSL. */
export const nodeCrypto: NvsCrypto = {
  aes256EcbEncrypt: (key, data) => ecb(false, key, data),
  aes256EcbDecrypt: (key, data) => ecb(true, key, data),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  pbkdf2HmacSha1: (password, salt, iterations, length) => pbkdf2Sync(password, salt, iterations, length, 'sha1'),
  randomBytes: (length) => randomBytes(length),
};
