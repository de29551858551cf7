import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../src/main/nvs/node-crypto.js';
import { xtsDecryptUnits, xtsEncryptUnits } from '../../../src/shared/nvs/xts.js';

/** The independent check: OpenSSL's own XTS, one unit at a time, 64-byte key = data key ‖ tweak key. */
function opensslXts(decrypt: boolean, dataKey: Uint8Array, tweakKey: Uint8Array, unit: Uint8Array, tweak: number): Uint8Array {
  const iv = Buffer.alloc(16);
  iv.writeUIntLE(tweak, 0, 6);
  const key = Buffer.concat([dataKey, tweakKey]);
  const cipher = decrypt ? createDecipheriv('aes-256-xts', key, iv) : createCipheriv('aes-256-xts', key, iv);
  return Buffer.concat([cipher.update(unit), cipher.final()]);
}

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const units = fc
  .array(fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 2 ** 40 })), { minLength: 1, maxLength: 40 })
  .map((list) => ({ data: Buffer.concat(list.map(([d]) => d)), tweaks: list.map(([, t]) => t) }));

describe('XTS-AES-256 over 32-byte units', () => {
  it("equals Node's aes-256-xts on random keys, data and tweaks, both ways", () => {
    fc.assert(
      fc.property(key, key, units, (dataKey, tweakKey, { data, tweaks }) => {
        fc.pre(Buffer.compare(dataKey, tweakKey) !== 0); // OpenSSL refuses identical XTS halves
        const encrypted = xtsEncryptUnits(dataKey, tweakKey, data, tweaks, nodeCrypto);
        const expected = Buffer.concat(tweaks.map((t, i) => opensslXts(false, dataKey, tweakKey, data.subarray(i * 32, i * 32 + 32), t)));
        expect(Buffer.from(encrypted).equals(expected)).toBe(true);
        const decrypted = xtsDecryptUnits(dataKey, tweakKey, encrypted, tweaks, nodeCrypto);
        expect(Buffer.from(decrypted).equals(data)).toBe(true);
        const viaOpenssl = Buffer.concat(tweaks.map((t, i) => opensslXts(true, dataKey, tweakKey, encrypted.subarray(i * 32, i * 32 + 32), t)));
        expect(viaOpenssl.equals(data)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('covers the GF(2^128) carry: tweak masks with the top bit set', () => {
    // 2000 tweaks make the first mask's top bit set in about half of them, so both branches of T·α run.
    const dataKey = Buffer.alloc(32, 1);
    const tweakKey = Buffer.alloc(32, 2);
    const tweaks = Array.from({ length: 2000 }, (_, i) => 64 + 32 * i);
    const data = Buffer.alloc(32 * tweaks.length, 0x5a);
    const encrypted = xtsEncryptUnits(dataKey, tweakKey, data, tweaks, nodeCrypto);
    const expected = Buffer.concat(tweaks.map((t, i) => opensslXts(false, dataKey, tweakKey, data.subarray(i * 32, i * 32 + 32), t)));
    expect(Buffer.from(encrypted).equals(expected)).toBe(true);
  });

  it('handles no units and rejects bad sizes', () => {
    const k = new Uint8Array(32);
    expect(xtsEncryptUnits(k, k, new Uint8Array(0), [], nodeCrypto)).toHaveLength(0);
    expect(() => xtsEncryptUnits(k, k, new Uint8Array(31), [0], nodeCrypto)).toThrow(RangeError);
    expect(() => xtsEncryptUnits(new Uint8Array(16), k, new Uint8Array(32), [0], nodeCrypto)).toThrow(RangeError);
  });

  it('leaves its input untouched', () => {
    const data = new Uint8Array(64).fill(7);
    xtsEncryptUnits(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), data, [64, 96], nodeCrypto);
    expect(data.every((b) => b === 7)).toBe(true);
  });
});
