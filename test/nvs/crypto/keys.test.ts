import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../src/main/nvs/node-crypto.js';
import { crc32 } from '../../../src/shared/nvs/crc32.js';
import { NvsInputError } from '../../../src/shared/nvs/errors.js';
import { deriveHmacKeys, generateKeys, makeKeyPartition, readHmacKey, readKeyPartition } from '../../../src/shared/nvs/keys.js';
import { readNvsVector } from '../../helpers/vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

const KEY_FILES = [
  ['_shared', 'fixed_keys.bin'],
  ['09_encrypted_fixed_key', 'keys.bin'],
  ['10_encrypted_hmac', 'keys', 'derived_keys.bin'],
  ['16_idf_samples', 'testdata', 'sample_encryption_keys.bin'],
  ['16_idf_samples', 'testdata', 'sample_encryption_keys_hmac.bin'],
  ['18_keygen', 'keys', 'rand1.bin'],
  ['18_keygen', 'keys', 'rand2.bin'],
  ['18_keygen', 'keys', 'k3.bin'],
  ['18_keygen', 'keys', 'hmac_derived.bin'],
  ['18_keygen', 'keys', 'keys-11-23_22-23.bin'],
  ['20_mfg_10dev', 'keys_fixed.bin'],
];

describe('the nvs_keys partition', () => {
  it.each(KEY_FILES)('%s/%s… reads back and is rebuilt byte for byte (CRC included)', (...parts) => {
    const file = readNvsVector(...parts);
    const keys = readKeyPartition(file, parts.join('/'));
    expect(same(makeKeyPartition(keys), file)).toBe(true);
  });

  it('has the layout of spec §9.1 for the fixed keys 00..3f', () => {
    const keys = { dataKey: Uint8Array.from({ length: 32 }, (_, i) => i), tweakKey: Uint8Array.from({ length: 32 }, (_, i) => 32 + i) };
    const bytes = makeKeyPartition(keys);
    expect(bytes).toHaveLength(4096);
    expect(Buffer.from(bytes).readUInt32LE(64)).toBe(crc32(bytes, 0, 64));
    expect(hex(bytes.subarray(64, 68))).toBe('45527c9a');
    expect(bytes.subarray(68).every((b) => b === 0xff)).toBe(true);
  });

  it('names the file and the fix when it is too short', () => {
    const short = readNvsVector('_shared', 'fixed_keys.bin').subarray(0, 64);
    expect(() => readKeyPartition(short, 'k.bin')).toThrow(NvsInputError);
    expect(() => readKeyPartition(short, 'k.bin')).toThrow(/k\.bin: 64 bytes is too short/);
    expect(() => readKeyPartition(new Uint8Array(0), 'empty.bin')).toThrow(/empty\.bin: 0 bytes/);
  });

  it('rejects a CRC mismatch', () => {
    const bad = new Uint8Array(readNvsVector('_shared', 'fixed_keys.bin'));
    bad[5]! ^= 1;
    expect(() => readKeyPartition(bad, 'bad.bin')).toThrow(/bad\.bin: key partition CRC mismatch: stored 0x9a7c5245/);
  });

  it('rejects an erased (all-0xFF) key partition as not initialised', () => {
    expect(() => readKeyPartition(new Uint8Array(4096).fill(0xff), 'blank.bin')).toThrow(/blank\.bin: the key partition is not initialised/);
  });

  it('accepts a partition whose tail is not 0xFF (only keys and CRC matter, as on the device)', () => {
    const file = new Uint8Array(readNvsVector('_shared', 'fixed_keys.bin'));
    file[100] = 0;
    expect(hex(readKeyPartition(file, 'x.bin').dataKey)).toBe(hex(Uint8Array.from({ length: 32 }, (_, i) => i)));
  });
});

describe('HMAC key derivation (spec §9.2)', () => {
  it('matches the spec test vector for the HMAC key a0..bf', () => {
    const keys = deriveHmacKeys(Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i), nodeCrypto);
    expect(hex(keys.dataKey)).toBe('ef8a3e7ef7a929192b71ceacb2f04d7e6f969ccae53eb787b853c790747f326d');
    expect(hex(keys.tweakKey)).toBe('09522d6fc6d24e8b8720537d8647a00f88d39d573906e7d8a35f1750f59f67c1');
  });

  it('gives the reference key files: 10 derived_keys.bin, 18 hmac_derived.bin and k3.bin, idf sample_encryption_keys_hmac.bin', () => {
    const cases: [string[], string[]][] = [
      [['10_encrypted_hmac', 'hmac_key.bin'], ['10_encrypted_hmac', 'keys', 'derived_keys.bin']],
      [['18_keygen', 'hmac_key.bin'], ['18_keygen', 'keys', 'hmac_derived.bin']],
      [['18_keygen', 'keys', 'hmac3.bin'], ['18_keygen', 'keys', 'k3.bin']],
      [['16_idf_samples', 'testdata', 'sample_hmac_key.bin'], ['16_idf_samples', 'testdata', 'sample_encryption_keys_hmac.bin']],
    ];
    for (const [hmacKey, keyFile] of cases) {
      const derived = deriveHmacKeys(readHmacKey(readNvsVector(...hmacKey), hmacKey.join('/')), nodeCrypto);
      expect(same(makeKeyPartition(derived), readNvsVector(...keyFile)), keyFile.join('/')).toBe(true);
    }
  });

  it('wants a 32-byte HMAC key', () => {
    expect(() => readHmacKey(new Uint8Array(31), 'h.bin')).toThrow(/h\.bin: an HMAC key is 32 bytes .* this file has 31/);
    expect(() => deriveHmacKeys(new Uint8Array(64), nodeCrypto)).toThrow(NvsInputError);
  });
});

describe('generateKeys', () => {
  it('gives distinct 32-byte keys that make valid key partitions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const keys = generateKeys(nodeCrypto);
      expect(keys.dataKey).toHaveLength(32);
      expect(keys.tweakKey).toHaveLength(32);
      expect(hex(keys.dataKey)).not.toBe(hex(keys.tweakKey));
      const back = readKeyPartition(makeKeyPartition(keys), 'generated');
      expect(hex(back.dataKey) + hex(back.tweakKey)).toBe(hex(keys.dataKey) + hex(keys.tweakKey));
      seen.add(hex(keys.dataKey)).add(hex(keys.tweakKey));
    }
    expect(seen.size).toBe(100);
  });
});
