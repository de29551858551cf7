import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../src/main/nvs/node-crypto.js';
import { decryptImage, encryptImage, type NvsKeys } from '../../../src/shared/nvs/encryption.js';
import { NvsInputError } from '../../../src/shared/nvs/errors.js';
import { deriveHmacKeys, readKeyPartition } from '../../../src/shared/nvs/keys.js';
import { readNvsVector } from '../../helpers/vectors.js';

const keysOf = (...parts: string[]): NvsKeys => readKeyPartition(readNvsVector(...parts), parts.join('/'));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('encryptImage reproduces the reference encrypted images byte for byte', () => {
  it('09_encrypted_fixed_key: output.bin from output_plain.bin with keys.bin, and back', () => {
    const keys = keysOf('09_encrypted_fixed_key', 'keys.bin');
    const plain = readNvsVector('09_encrypted_fixed_key', 'output_plain.bin');
    const encrypted = readNvsVector('09_encrypted_fixed_key', 'output.bin');
    expect(same(encryptImage(plain, keys, nodeCrypto), encrypted)).toBe(true);
    expect(same(decryptImage(encrypted, keys, nodeCrypto), readNvsVector('09_encrypted_fixed_key', 'decrypted.bin'))).toBe(true);
    expect(same(decryptImage(encrypted, keys, nodeCrypto), plain)).toBe(true);
  });

  it("16_idf_samples: Espressif's sample CSV encrypted with testdata/sample_encryption_keys.bin", () => {
    const keys = keysOf('16_idf_samples', 'testdata', 'sample_encryption_keys.bin');
    const plain = readNvsVector('16_idf_samples', 'output_single_v2.bin');
    const encrypted = readNvsVector('16_idf_samples', 'output_single_encr.bin');
    expect(same(encryptImage(plain, keys, nodeCrypto), encrypted)).toBe(true);
    expect(same(decryptImage(encrypted, keys, nodeCrypto), plain)).toBe(true);
  });

  it('20_mfg_10dev: every out_enc device from its out_default image with keys_fixed.bin', () => {
    const keys = keysOf('20_mfg_10dev', 'keys_fixed.bin');
    for (let device = 1; device <= 10; device++) {
      const plain = readNvsVector('20_mfg_10dev', 'out_default', 'bin', `dev-${device}.bin`);
      const encrypted = readNvsVector('20_mfg_10dev', 'out_enc', 'bin', `dev-${device}.bin`);
      expect(same(encryptImage(plain, keys, nodeCrypto), encrypted), `dev-${device}`).toBe(true);
      expect(same(decryptImage(encrypted, keys, nodeCrypto), plain), `dev-${device}`).toBe(true);
    }
    expect(same(decryptImage(readNvsVector('20_mfg_10dev', 'out_enc', 'bin', 'dev-1.bin'), keys, nodeCrypto), readNvsVector('20_mfg_10dev', 'decrypted_dev1.bin'))).toBe(true);
  });

  it('10_encrypted_hmac: keys derived from the HMAC key encrypt the same CSV (09 plaintext) to output.bin', () => {
    const keys = deriveHmacKeys(readNvsVector('10_encrypted_hmac', 'hmac_key.bin'), nodeCrypto);
    const plain = readNvsVector('09_encrypted_fixed_key', 'output_plain.bin');
    expect(same(encryptImage(plain, keys, nodeCrypto), readNvsVector('10_encrypted_hmac', 'output.bin'))).toBe(true);
  });

  it('18_keygen: the HMAC-derived images round-trip with their key files', () => {
    for (const [image, keyFile] of [
      ['output_hmac.bin', 'hmac_derived.bin'],
      ['output_hmac_keygen.bin', 'k3.bin'],
    ] as const) {
      const keys = keysOf('18_keygen', 'keys', keyFile);
      const encrypted = readNvsVector('18_keygen', image);
      const plain = decryptImage(encrypted, keys, nodeCrypto);
      // page 0 of the plaintext starts with the namespace entry "ro"
      expect(Buffer.from(plain.subarray(64 + 8, 64 + 10)).toString()).toBe('ro');
      expect(same(encryptImage(plain, keys, nodeCrypto), encrypted), image).toBe(true);
    }
  });
});

const PAGE = 4096;

/** A random image shaped like the generator's: headers, a bitmap marking k slots per page written, empty slots 0xFF. */
const image = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 126 }), fc.uint8Array({ minLength: PAGE, maxLength: PAGE }), fc.boolean()), { minLength: 1, maxLength: 4 })
  .map((pages) => {
    const bytes = new Uint8Array(pages.length * PAGE).fill(0xff);
    pages.forEach(([written, noise, scattered], p) => {
      const base = p * PAGE;
      bytes.set(noise.subarray(0, 32), base);
      for (let slot = 0; slot < 126; slot++) {
        // scattered pages mark every other slot (a firmware image after erasures) instead of a contiguous prefix
        const used = scattered ? slot % 2 === 0 && slot / 2 < written : slot < written;
        if (!used) continue;
        bytes[base + 32 + (slot >> 2)]! &= ~(1 << ((slot & 3) * 2)) & 0xff;
        bytes.set(noise.subarray(64 + slot * 32, 96 + slot * 32), base + 64 + slot * 32);
      }
    });
    return bytes;
  });
const keys = fc.record({ dataKey: fc.uint8Array({ minLength: 32, maxLength: 32 }), tweakKey: fc.uint8Array({ minLength: 32, maxLength: 32 }) });

describe('encryptImage / decryptImage', () => {
  it('decrypt(encrypt(x)) == x, and only written slots change', () => {
    fc.assert(
      fc.property(image, keys, (plain, k) => {
        const encrypted = encryptImage(plain, k, nodeCrypto);
        expect(same(decryptImage(encrypted, k, nodeCrypto), plain)).toBe(true);
        for (let page = 0; page < plain.length / PAGE; page++) {
          const base = page * PAGE;
          expect(same(encrypted.subarray(base, base + 64), plain.subarray(base, base + 64))).toBe(true);
          for (let slot = 0; slot < 126; slot++) {
            const at = base + 64 + slot * 32;
            const written = ((plain[base + 32 + (slot >> 2)]! >> ((slot & 3) * 2)) & 3) !== 3;
            expect(same(encrypted.subarray(at, at + 32), plain.subarray(at, at + 32))).toBe(!written);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('encrypts erased (0b00) slots too, as they are on a firmware-written flash', () => {
    const plain = new Uint8Array(PAGE).fill(0xff);
    plain[32] = 0b1111_0000; // slots 0 and 1 erased (0b00), slots 2 and 3 empty
    plain.fill(0x11, 64, 128);
    const k = { dataKey: new Uint8Array(32).fill(3), tweakKey: new Uint8Array(32).fill(4) };
    const encrypted = encryptImage(plain, k, nodeCrypto);
    expect(encrypted.subarray(64, 128).some((b) => b !== 0x11)).toBe(true);
    expect(same(decryptImage(encrypted, k, nodeCrypto), plain)).toBe(true);
  });

  it('does not modify its input, also when given a Node Buffer', () => {
    const plain = Buffer.from(readNvsVector('09_encrypted_fixed_key', 'output_plain.bin'));
    const copy = Buffer.from(plain);
    const k = keysOf('09_encrypted_fixed_key', 'keys.bin');
    decryptImage(encryptImage(plain, k, nodeCrypto), k, nodeCrypto);
    expect(plain.equals(copy)).toBe(true);
  });

  it('rejects an image that is not whole pages, and keys of the wrong size', () => {
    const k = { dataKey: new Uint8Array(32), tweakKey: new Uint8Array(32).fill(1) };
    expect(() => encryptImage(new Uint8Array(4000), k, nodeCrypto)).toThrow(NvsInputError);
    expect(() => decryptImage(new Uint8Array(4097), k, nodeCrypto)).toThrow(/not a whole number of 4096-byte pages/);
    expect(() => encryptImage(new Uint8Array(PAGE), { dataKey: new Uint8Array(16), tweakKey: new Uint8Array(32) }, nodeCrypto)).toThrow(/32-byte/);
  });

  it('an empty image (all pages blank) stays as it is', () => {
    const blank = new Uint8Array(3 * PAGE).fill(0xff);
    const k = { dataKey: new Uint8Array(32), tweakKey: new Uint8Array(32).fill(1) };
    expect(same(encryptImage(blank, k, nodeCrypto), blank)).toBe(true);
    expect(same(decryptImage(blank, k, nodeCrypto), blank)).toBe(true);
  });
});
