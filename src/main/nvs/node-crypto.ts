import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { NvsCrypto } from '../../shared/nvs/crypto.js';

function ecb(decrypt: boolean, key: Uint8Array, data: Uint8Array): Uint8Array {
  const cipher = decrypt ? createDecipheriv('aes-256-ecb', key, null) : createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  const head = cipher.update(data);
  const tail = cipher.final();
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

/** The NVS engine's cryptography, from Node's OpenSSL. */
export const nodeCrypto: NvsCrypto = {
  aes256EcbEncrypt: (key, data) => ecb(false, key, data),
  aes256EcbDecrypt: (key, data) => ecb(true, key, data),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  pbkdf2HmacSha1: (password, salt, iterations, length) => pbkdf2Sync(password, salt, iterations, length, 'sha1'),
  randomBytes: (length) => randomBytes(length),
};
