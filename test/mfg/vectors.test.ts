import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptImage } from '../../src/shared/nvs/encryption.js';
import { deriveHmacKeys, makeKeyPartition, readHmacKey, readKeyPartition } from '../../src/shared/nvs/keys.js';
import { nodeCrypto } from '../../src/main/nvs/node-crypto.js';
import { runCli } from '../helpers/run-cli.js';
import { nvsVectorPath, readNvsVector } from '../helpers/vectors.js';
import { copyCase, listTree, MFG_10DEV_INPUTS, readTree, referenceStdout } from './fixtures.js';

const CASE = '20_mfg_10dev';

/** Every file of a reference output folder equals ours, byte for byte, and there are no others. */
function expectSameTree(ours: string, reference: string): void {
  const mine = readTree(ours);
  const theirs = readTree(nvsVectorPath(CASE, reference));
  expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
  for (const [path, bytes] of theirs) expect(mine.get(path)?.equals(bytes), `${reference}/${path}`).toBe(true);
}

describe('mfg generate against the reference outputs (20_mfg_10dev)', () => {
  it.each([
    ['out_default', [], 0],
    ['out_fileid', ['--fileid', 'serial_no', '--prefix_num', '100', '4'], 1],
    ['out_enc', ['--inputkey', 'keys_fixed.bin'], 2],
  ] as const)('%s: the same files, byte for byte, and the same stdout', async (outdir, options, nth) => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const before = listTree(dir);
    const result = await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', ...options, '--outdir', outdir], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectSameTree(join(dir, outdir), outdir);
    expect(result.stdout).toBe(referenceStdout(CASE, nth));
    // Nothing beside the inputs: the reference leaves *_tmp.csv files there.
    expect(listTree(dir).filter((path) => !path.startsWith(outdir))).toEqual(before);
  });

  it('out_enc decrypts to out_default', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--inputkey', 'keys_fixed.bin', '--outdir', 'enc'], dir);
    const keys = readKeyPartition(readNvsVector(CASE, 'keys_fixed.bin'), 'keys_fixed.bin');
    for (let n = 1; n <= 10; n++) {
      const image = new Uint8Array(readFileSync(join(dir, 'enc', 'bin', `dev-${n}.bin`)));
      expect(Buffer.from(decryptImage(image, keys, nodeCrypto)).equals(Buffer.from(readNvsVector(CASE, 'out_default', 'bin', `dev-${n}.bin`)))).toBe(true);
    }
  });

  it('--keygen: a new key per device, saved, that decrypts the device to out_default; stdout as the reference', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const result = await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--keygen', '--outdir', 'out_keygen'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(referenceStdout(CASE, 3));
    expect(readdirSync(join(dir, 'out_keygen', 'keys')).sort()).toEqual(readdirSync(nvsVectorPath(CASE, 'out_keygen', 'keys')).sort());
    const dataKeys = new Set<string>();
    for (let n = 1; n <= 10; n++) {
      const keys = readKeyPartition(new Uint8Array(readFileSync(join(dir, 'out_keygen', 'keys', `keys-dev-${n}.bin`))), `keys-dev-${n}.bin`);
      dataKeys.add(Buffer.from(keys.dataKey).toString('hex'));
      const image = new Uint8Array(readFileSync(join(dir, 'out_keygen', 'bin', `dev-${n}.bin`)));
      expect(Buffer.from(decryptImage(image, keys, nodeCrypto)).equals(Buffer.from(readNvsVector(CASE, 'out_default', 'bin', `dev-${n}.bin`)))).toBe(true);
    }
    expect(dataKeys.size).toBe(10);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'out_keygen', 'keys', 'keys-dev-1.bin')).mode & 0o777).toBe(0o600);
    expectCsvSame(join(dir, 'out_keygen', 'csv'));
  });

  it('--keygen with --key_protect_hmac --kp_hmac_inputkey: every device keeps the derived keys', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const hmac = readHmacKey(readNvsVector('_shared', 'fixed_hmac_key.bin'), 'fixed_hmac_key.bin');
    const args = ['--keygen', '--key_protect_hmac', '--kp_hmac_inputkey', nvsVectorPath('_shared', 'fixed_hmac_key.bin'), '--outdir', 'o'];
    const result = await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', ...args], dir);
    expect(result.code).toBe(0);
    const partition = Buffer.from(makeKeyPartition(deriveHmacKeys(hmac, nodeCrypto)));
    for (let n = 1; n <= 10; n++) {
      expect(readFileSync(join(dir, 'o', 'keys', `keys-dev-${n}.bin`)).equals(partition)).toBe(true);
      const image = new Uint8Array(readFileSync(join(dir, 'o', 'bin', `dev-${n}.bin`)));
      expect(Buffer.from(decryptImage(image, deriveHmacKeys(hmac, nodeCrypto), nodeCrypto)).equals(Buffer.from(readNvsVector(CASE, 'out_default', 'bin', `dev-${n}.bin`)))).toBe(true);
    }
  });

  it('--keygen --key_protect_hmac --kp_hmac_keygen: a new HMAC key per device, saved beside the keys derived from it', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const result = await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--keygen', '--key_protect_hmac', '--kp_hmac_keygen', '--outdir', 'o'], dir);
    expect(result.code).toBe(0);
    for (let n = 1; n <= 10; n++) {
      const hmac = readHmacKey(new Uint8Array(readFileSync(join(dir, 'o', 'keys', `hmac-keys-dev-${n}.bin`))), 'hmac');
      const keys = deriveHmacKeys(hmac, nodeCrypto);
      expect(readFileSync(join(dir, 'o', 'keys', `keys-dev-${n}.bin`)).equals(Buffer.from(makeKeyPartition(keys)))).toBe(true);
      const image = new Uint8Array(readFileSync(join(dir, 'o', 'bin', `dev-${n}.bin`)));
      expect(Buffer.from(decryptImage(image, keys, nodeCrypto)).equals(Buffer.from(readNvsVector(CASE, 'out_default', 'bin', `dev-${n}.bin`)))).toBe(true);
    }
  });

  it('--version 1 prints the V1 banner and writes v1 pages', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const result = await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--version', '1', '--outdir', 'v1'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Creating NVS binary with version: V1 - Multipage Blob Support Disabled');
    expect(readFileSync(join(dir, 'v1', 'bin', 'dev-1.bin'))[8]).toBe(0xff);
  });

  it('i16, which mfg_gen.py refuses by mistake, is accepted', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const result = await runCli(['mfg', 'generate', 'config_i16.csv', 'values_i16.csv', 't', '0x3000', '--outdir', 'out_i16'], dir);
    expect(result.code).toBe(0);
    const image = readFileSync(join(dir, 'out_i16', 'bin', 't-1.bin'));
    expect(image.length).toBe(0x3000);
    expect(readFileSync(join(dir, 'out_i16', 'csv', 't-1.csv'), 'utf8')).toBe('key,type,encoding,value\r\nmfg_ns,namespace,,\r\nserial_no,data,string,SN1\r\ntemp_off,data,i16,-5\r\n');
  });

  it('without --outdir, writes into the current folder and names it as the reference does', async () => {
    const dir = copyCase(CASE, MFG_10DEV_INPUTS);
    const result = await runCli(['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created NVS binary: ===> ${dir}/bin/dev-1.bin`);
    expect(result.stdout).toContain(`Files generated in ${dir} ...`);
    expect(existsSync(join(dir, 'bin', 'dev-10.bin'))).toBe(true);
  });
});

/** The per-device CSVs of a run are the reference's out_default ones. */
function expectCsvSame(dir: string): void {
  for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).equals(Buffer.from(readNvsVector(CASE, 'out_default', 'csv', name)))).toBe(true);
}
