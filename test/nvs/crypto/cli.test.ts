import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../src/main/nvs/node-crypto.js';
import { decryptImage } from '../../../src/shared/nvs/encryption.js';
import { deriveHmacKeys, makeKeyPartition, readKeyPartition } from '../../../src/shared/nvs/keys.js';
import { runCli } from '../../helpers/run-cli.js';
import { nvsVectorPath, readNvsVector } from '../../helpers/vectors.js';

/** A scratch copy of a vector case (inputs resolve against the cwd, as with the reference), without its outputs. */
function scratchCase(name: string, remove: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), `fb-crypto-${name}-`));
  cpSync(dirname(nvsVectorPath(name, 'cmd.txt')), dir, { recursive: true });
  for (const path of remove) rmSync(join(dir, path), { recursive: true, force: true });
  return dir;
}

const read = (dir: string, ...parts: string[]): Buffer => readFileSync(join(dir, ...parts));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
/** Files in dir (recursively) other than the inputs the case came with. */
const newFiles = (dir: string, before: string[]): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !before.includes(f));
const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }) as string[];

describe('nvs encrypt reproduces the reference images', () => {
  it('09: --inputkey keys.bin gives output.bin byte for byte, with the reference messages', async () => {
    const dir = scratchCase('09_encrypted_fixed_key', ['output.bin']);
    const result = await runCli(['nvs', 'encrypt', 'input.csv', 'output.bin', '0x6000', '--inputkey', 'keys.bin'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(same(read(dir, 'output.bin'), readNvsVector('09_encrypted_fixed_key', 'output.bin'))).toBe(true);
    expect(result.stdout).toBe(
      `\nCreating NVS binary with version: V2 - Multipage Blob Support Enabled\n\nCreated NVS binary: ===> ${join(dir, 'output.bin')}\n`,
    );
  });

  it("16: Espressif's sample CSV with testdata/sample_encryption_keys.bin", async () => {
    const dir = scratchCase('16_idf_samples', ['output_single_encr.bin']);
    const result = await runCli(['nvs', 'encrypt', 'sample_singlepage_blob.csv', 'output_single_encr.bin', '0x3000', '--inputkey', 'testdata/sample_encryption_keys.bin'], dir);
    expect(result.code).toBe(0);
    expect(same(read(dir, 'output_single_encr.bin'), readNvsVector('16_idf_samples', 'output_single_encr.bin'))).toBe(true);
  });

  it('20: an mfg device CSV with keys_fixed.bin gives out_enc/bin/dev-1.bin', async () => {
    const dir = scratchCase('20_mfg_10dev');
    const result = await runCli(['nvs', 'encrypt', 'out_enc/csv/dev-1.csv', 'dev-1.bin', '0x6000', '--inputkey', 'keys_fixed.bin', '--outdir', 'again'], dir);
    expect(result.code).toBe(0);
    expect(same(read(dir, 'again', 'dev-1.bin'), readNvsVector('20_mfg_10dev', 'out_enc', 'bin', 'dev-1.bin'))).toBe(true);
  });

  it('10: generate-key --key_protect_hmac --kp_hmac_inputkey, then encrypt with the derived key file', async () => {
    const dir = scratchCase('10_encrypted_hmac', ['keys', 'output.bin']);
    const keys = await runCli(['nvs', 'generate-key', '--key_protect_hmac', '--kp_hmac_inputkey', 'hmac_key.bin', '--keyfile', 'derived_keys.bin', '--outdir', '.'], dir);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toBe(`\nCreated encryption keys: ===>  ${join(dir, 'keys', 'derived_keys.bin')}\n`);
    expect(same(read(dir, 'keys', 'derived_keys.bin'), readNvsVector('10_encrypted_hmac', 'keys', 'derived_keys.bin'))).toBe(true);
    const encrypt = await runCli(['nvs', 'encrypt', 'input.csv', 'output.bin', '0x6000', '--inputkey', 'keys/derived_keys.bin'], dir);
    expect(encrypt.code).toBe(0);
    expect(same(read(dir, 'output.bin'), readNvsVector('10_encrypted_hmac', 'output.bin'))).toBe(true);
  });

  it('18: encrypt --keygen --keyfile with --key_protect_hmac --kp_hmac_inputkey writes the derived key file and output_hmac.bin', async () => {
    const dir = scratchCase('18_keygen', ['keys', 'output_hmac.bin']);
    const result = await runCli(
      ['nvs', 'encrypt', 'input.csv', 'output_hmac.bin', '0x3000', '--keygen', '--keyfile', 'hmac_derived.bin', '--key_protect_hmac', '--kp_hmac_inputkey', 'hmac_key.bin'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `\nCreated encryption keys: ===>  ${join(dir, 'keys', 'hmac_derived.bin')}\n` +
        `\nCreating NVS binary with version: V2 - Multipage Blob Support Enabled\n\nCreated NVS binary: ===> ${join(dir, 'output_hmac.bin')}\n`,
    );
    expect(same(read(dir, 'output_hmac.bin'), readNvsVector('18_keygen', 'output_hmac.bin'))).toBe(true);
    expect(same(read(dir, 'keys', 'hmac_derived.bin'), readNvsVector('18_keygen', 'keys', 'hmac_derived.bin'))).toBe(true);
  });

  it('18, deviation: --key_protect_hmac --kp_hmac_inputkey without --keygen derives and encrypts (the reference fails), writing no key file', async () => {
    const dir = scratchCase('18_keygen', ['keys', 'output_hmac.bin']);
    const result = await runCli(['nvs', 'encrypt', 'input.csv', 'output_hmac.bin', '0x3000', '--key_protect_hmac', '--kp_hmac_inputkey', 'hmac_key.bin'], dir);
    expect(result.code).toBe(0);
    expect(same(read(dir, 'output_hmac.bin'), readNvsVector('18_keygen', 'output_hmac.bin'))).toBe(true);
    expect(existsSync(join(dir, 'keys'))).toBe(false);
  });

  it('18: --keygen with --kp_hmac_keygen saves a 32-byte HMAC key and the keys derived from it', async () => {
    const dir = scratchCase('18_keygen', ['keys', 'output_hmac_keygen.bin']);
    const result = await runCli(
      ['nvs', 'encrypt', 'input.csv', 'output_hmac_keygen.bin', '0x3000', '--keygen', '--keyfile', 'k3.bin', '--key_protect_hmac', '--kp_hmac_keygen', '--kp_hmac_keyfile', 'hmac3.bin'],
      dir,
    );
    expect(result.code).toBe(0);
    const hmacKey = read(dir, 'keys', 'hmac3.bin');
    expect(hmacKey).toHaveLength(32);
    const keys = deriveHmacKeys(hmacKey, nodeCrypto);
    expect(same(read(dir, 'keys', 'k3.bin'), makeKeyPartition(keys))).toBe(true);
    const plain = decryptImage(read(dir, 'output_hmac_keygen.bin'), keys, nodeCrypto);
    expect(Buffer.from(plain.subarray(72, 74)).toString()).toBe('ro');
    expect(result.stdout).toContain(`Created HMAC key: ===>  ${join(dir, 'keys', 'hmac3.bin')}`);
  });

  it('--version 1 and a read-only size pass through to the generator', async () => {
    const dir = scratchCase('16_idf_samples');
    const v1 = await runCli(['nvs', 'encrypt', 'sample_singlepage_blob.csv', 'v1.bin', '0x3000', '--version', '1', '--inputkey', 'testdata/sample_encryption_keys.bin'], dir);
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain('V1 - Multipage Blob Support Disabled');
    const keys = readKeyPartition(read(dir, 'testdata', 'sample_encryption_keys.bin'), 'keys');
    expect(same(decryptImage(read(dir, 'v1.bin'), keys, nodeCrypto), readNvsVector('16_idf_samples', 'output_single_v1.bin'))).toBe(true);
    writeFileSync(join(dir, 'small.csv'), 'key,type,encoding,value\nns,namespace,,\nx,data,u8,1\n');
    const small = await runCli(['nvs', 'encrypt', 'small.csv', 'small.bin', '0x2000', '--inputkey', 'testdata/sample_encryption_keys.bin'], dir);
    expect(small.code).toBe(0);
    expect(small.stdout).toContain('flagged as "readonly"');
    expect(read(dir, 'small.bin')).toHaveLength(4096);
  });

  it('absolute output paths ignore --outdir with a warning', async () => {
    const dir = scratchCase('09_encrypted_fixed_key', ['output.bin']);
    const target = join(mkdtempSync(join(tmpdir(), 'fb-abs-')), 'abs.bin');
    const result = await runCli(['nvs', 'encrypt', 'input.csv', target, '0x6000', '--inputkey', 'keys.bin', '--outdir', 'elsewhere'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: --outdir is ignored/);
    expect(same(read(dirname(target), 'abs.bin'), readNvsVector('09_encrypted_fixed_key', 'output.bin'))).toBe(true);
  });
});

describe('nvs decrypt', () => {
  it('09: decrypts output.bin to decrypted.bin, into --outdir', async () => {
    const dir = scratchCase('09_encrypted_fixed_key', ['decrypted.bin']);
    const result = await runCli(['nvs', 'decrypt', 'output.bin', 'keys.bin', 'decrypted.bin', '--outdir', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`\nCreated NVS decrypted binary: ===> ${join(dir, 'out', 'decrypted.bin')}\n`);
    expect(same(read(dir, 'out', 'decrypted.bin'), readNvsVector('09_encrypted_fixed_key', 'decrypted.bin'))).toBe(true);
  });

  it('warns when the key does not fit the image', async () => {
    const dir = scratchCase('16_idf_samples');
    const result = await runCli(['nvs', 'decrypt', 'output_single_encr.bin', 'testdata/sample_encryption_keys_hmac.bin', 'wrong.bin'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: the decrypted entries of output_single_encr\.bin fail their CRC check/);
  });
});

describe('nvs generate-key', () => {
  it('writes distinct valid key files, owner-only, under <outdir>/keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-keygen-'));
    const one = await runCli(['nvs', 'generate-key', '--keyfile', 'rand1.bin', '--outdir', 'o'], dir);
    const two = await runCli(['nvs', 'generate-key', '--keyfile', 'rand2', '--outdir', 'o'], dir);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(two.stdout).toBe(`\nCreated encryption keys: ===>  ${join(dir, 'o', 'keys', 'rand2.bin')}\n`);
    const a = read(dir, 'o', 'keys', 'rand1.bin');
    const b = read(dir, 'o', 'keys', 'rand2.bin');
    expect(a).toHaveLength(4096);
    expect(a.equals(b)).toBe(false);
    readKeyPartition(a, 'rand1.bin');
    readKeyPartition(b, 'rand2.bin');
    expect(statSync(join(dir, 'o', 'keys', 'rand1.bin')).mode & 0o777).toBe(0o600);
  });

  it('names the file keys-%m-%d_%H-%M.bin by default, in <cwd>/keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-keygen-'));
    const result = await runCli(['nvs', 'generate-key'], dir);
    expect(result.code).toBe(0);
    const [name] = readdirSync(join(dir, 'keys'));
    expect(name).toMatch(/^keys-\d\d-\d\d_\d\d-\d\d\.bin$/);
    expect(result.stdout).toBe(`\nCreated encryption keys: ===>  ${join(dir, 'keys', name!)}\n`);
  });

  it('never overwrites an existing key file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-keygen-'));
    expect((await runCli(['nvs', 'generate-key', '--keyfile', 'k.bin'], dir)).code).toBe(0);
    const before = read(dir, 'keys', 'k.bin');
    const again = await runCli(['nvs', 'generate-key', '--keyfile', 'k.bin'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/key file .*k\.bin exists already: refusing to overwrite it/);
    expect(read(dir, 'keys', 'k.bin').equals(before)).toBe(true);
  });

  it('derives from an HMAC key as the reference does (16: sample_hmac_key.bin)', async () => {
    const dir = scratchCase('16_idf_samples');
    const result = await runCli(['nvs', 'generate-key', '--key_protect_hmac', '--kp_hmac_inputkey', 'testdata/sample_hmac_key.bin', '--keyfile', 'h.bin'], dir);
    expect(result.code).toBe(0);
    expect(same(read(dir, 'keys', 'h.bin'), readNvsVector('16_idf_samples', 'testdata', 'sample_encryption_keys_hmac.bin'))).toBe(true);
  });

  it('writes hmac-<keyfile> next to the keys with --kp_hmac_keygen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-keygen-'));
    const result = await runCli(['nvs', 'generate-key', '--key_protect_hmac', '--kp_hmac_keygen', '--keyfile', 'dev.bin'], dir);
    expect(result.code).toBe(0);
    const hmacKey = read(dir, 'keys', 'hmac-dev.bin');
    expect(hmacKey).toHaveLength(32);
    expect(same(read(dir, 'keys', 'dev.bin'), makeKeyPartition(deriveHmacKeys(hmacKey, nodeCrypto)))).toBe(true);
  });

  it('prints its help', async () => {
    const result = await runCli(['nvs', 'generate-key', '--help'], tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: factory-bench nvs generate-key/);
    expect(result.stdout).toContain('--kp_hmac_inputkey');
  });
});

describe('bad input: a non-zero exit, a message naming file or option, and no output file', () => {
  const encrypt09 = (...extra: string[]): string[] => ['nvs', 'encrypt', 'input.csv', 'new.bin', '0x6000', ...extra];

  const cases: { name: string; setup?: (dir: string) => void; argv: string[]; code: number; message: RegExp }[] = [
    { name: 'missing key file', argv: encrypt09('--inputkey', 'nope.bin'), code: 1, message: /--inputkey file 'nope\.bin' does not exist/ },
    {
      name: 'short key file',
      setup: (dir) => writeFileSync(join(dir, 'short.bin'), readFileSync(join(dir, 'keys.bin')).subarray(0, 64)),
      argv: encrypt09('--inputkey', 'short.bin'),
      code: 1,
      message: /short\.bin: 64 bytes is too short for an NVS key partition[^]*hint:/,
    },
    {
      name: 'key file with a bad CRC',
      setup: (dir) => {
        const bytes = readFileSync(join(dir, 'keys.bin'));
        bytes[0]! ^= 0xff;
        writeFileSync(join(dir, 'bad.bin'), bytes);
      },
      argv: encrypt09('--inputkey', 'bad.bin'),
      code: 1,
      message: /bad\.bin: key partition CRC mismatch/,
    },
    {
      name: 'erased key partition',
      setup: (dir) => writeFileSync(join(dir, 'blank.bin'), Buffer.alloc(4096, 0xff)),
      argv: encrypt09('--inputkey', 'blank.bin'),
      code: 1,
      message: /blank\.bin: the key partition is not initialised/,
    },
    { name: 'both --keygen and --inputkey', argv: encrypt09('--keygen', '--inputkey', 'keys.bin'), code: 1, message: /--keygen and --inputkey both are not allowed/ },
    { name: 'neither --keygen nor --inputkey', argv: encrypt09(), code: 1, message: /--keygen or --inputkey argument needed/ },
    { name: 'a key file without .bin', setup: (dir) => cpSync(join(dir, 'keys.bin'), join(dir, 'keys.key')), argv: encrypt09('--inputkey', 'keys.key'), code: 1, message: /'keys\.key' must have a \.bin extension/ },
    { name: 'an output without .bin', argv: ['nvs', 'encrypt', 'input.csv', 'new.txt', '0x6000', '--inputkey', 'keys.bin'], code: 1, message: /output file 'new\.txt' must have a \.bin extension/ },
    {
      name: 'an HMAC key of the wrong size',
      setup: (dir) => writeFileSync(join(dir, 'hmac.bin'), Buffer.alloc(16, 1)),
      argv: encrypt09('--key_protect_hmac', '--kp_hmac_inputkey', 'hmac.bin'),
      code: 1,
      message: /hmac\.bin: an HMAC key is 32 bytes .* this file has 16/,
    },
    { name: '--key_protect_hmac without an HMAC key', argv: encrypt09('--keygen', '--key_protect_hmac'), code: 1, message: /--key_protect_hmac needs the HMAC key/ },
    { name: '--kp_hmac_keygen without --keygen', argv: encrypt09('--key_protect_hmac', '--kp_hmac_keygen'), code: 1, message: /--kp_hmac_keygen needs --keygen/ },
    { name: '--kp_hmac_inputkey without --key_protect_hmac', argv: encrypt09('--keygen', '--kp_hmac_inputkey', 'keys.bin'), code: 1, message: /--kp_hmac_inputkey only applies with --key_protect_hmac/ },
    { name: '--inputkey with --key_protect_hmac', argv: encrypt09('--inputkey', 'keys.bin', '--key_protect_hmac', '--kp_hmac_inputkey', 'keys.bin'), code: 1, message: /--inputkey and --key_protect_hmac both name the keys/ },
    { name: 'a bad size', argv: ['nvs', 'encrypt', 'input.csv', 'new.bin', '0x6001', '--inputkey', 'keys.bin'], code: 1, message: /partition size 0x6001 is not a multiple of 4096/ },
    {
      name: 'a bad CSV with --keygen (no key file is left either)',
      setup: (dir) => writeFileSync(join(dir, 'bad.csv'), 'key,type,encoding,value\nns,namespace,,\nx,data,u8,256\n'),
      argv: ['nvs', 'encrypt', 'bad.csv', 'new.bin', '0x6000', '--keygen', '--keyfile', 'k.bin'],
      code: 1,
      message: /bad\.csv:3:\d+: 256 is out of range for u8/,
    },
    {
      name: 'an existing key file with --keygen',
      setup: (dir) => {
        mkdirSync(join(dir, 'keys'));
        cpSync(join(dir, 'keys.bin'), join(dir, 'keys', 'k.bin'));
      },
      argv: encrypt09('--keygen', '--keyfile', 'k.bin'),
      code: 1,
      message: /k\.bin exists already: refusing to overwrite it/,
    },
    { name: 'decrypt: missing image', argv: ['nvs', 'decrypt', 'none.bin', 'keys.bin', 'new.bin'], code: 1, message: /input image 'none\.bin' does not exist/ },
    {
      name: 'decrypt: bad key CRC',
      setup: (dir) => {
        const bytes = readFileSync(join(dir, 'keys.bin'));
        bytes[64]! ^= 1;
        writeFileSync(join(dir, 'bad.bin'), bytes);
      },
      argv: ['nvs', 'decrypt', 'output.bin', 'bad.bin', 'new.bin'],
      code: 1,
      message: /bad\.bin: key partition CRC mismatch/,
    },
    {
      name: 'decrypt: an image that is not whole pages',
      setup: (dir) => writeFileSync(join(dir, 'cut.bin'), readFileSync(join(dir, 'output.bin')).subarray(0, 5000)),
      argv: ['nvs', 'decrypt', 'cut.bin', 'keys.bin', 'new.bin'],
      code: 1,
      message: /input image 'cut\.bin' is 5000 bytes, not a whole number of 4096-byte pages/,
    },
    { name: 'generate-key: both HMAC key sources', argv: ['nvs', 'generate-key', '--key_protect_hmac', '--kp_hmac_keygen', '--kp_hmac_inputkey', 'keys.bin'], code: 1, message: /--kp_hmac_inputkey and --kp_hmac_keygen both name the HMAC key/ },
    { name: 'generate-key: a bad key file extension', argv: ['nvs', 'generate-key', '--keyfile', 'k.txt'], code: 1, message: /key file name 'k\.txt' must have a \.bin extension/ },
    { name: 'generate-key: an unknown option', argv: ['nvs', 'generate-key', '--frob'], code: 2, message: /unrecognized option --frob/ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const dir = scratchCase('09_encrypted_fixed_key');
      rmSync(join(dir, 'keys'), { recursive: true, force: true });
      c.setup?.(dir);
      const before = listing(dir);
      const result = await runCli(c.argv, dir);
      expect(result.code).toBe(c.code);
      expect(result.stderr).toMatch(c.message);
      expect(result.stdout).toBe('');
      expect(newFiles(dir, before)).toEqual([]);
    });
  }
});
