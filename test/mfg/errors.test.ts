import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptImage } from '../../src/shared/nvs/encryption.js';
import { deriveHmacKeys, readHmacKey } from '../../src/shared/nvs/keys.js';
import { nodeCrypto } from '../../src/main/nvs/node-crypto.js';
import { generateMfg } from '../../src/main/mfg/generate.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { nvsVectorPath, readNvsVector } from '../helpers/vectors.js';
import { copyCase, listTree, MFG_10DEV_INPUTS, MFG_ERRORS_INPUTS, tempDir } from './fixtures.js';

const generate = (dir: string, ...args: string[]): Promise<CliResult> => runCli(['mfg', 'generate', ...args], dir);

/** A failed run: the exit code, one clear message, and nothing written (the output folder is not even created). */
async function expectFailure(dir: string, args: string[], code: number, ...messages: RegExp[]): Promise<CliResult> {
  const before = listTree(dir);
  const result = await generate(dir, ...args);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  for (const message of messages) expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
  expect(listTree(dir)).toEqual(before);
  return result;
}

describe('mfg generate: the reference failure cases (21_mfg_errors), where nothing is written', () => {
  const dir = (): string => copyCase('21_mfg_errors', MFG_ERRORS_INPUTS);

  it('a bad value on device 3: file, line and column, a hint; devices 1-2 are not written and there is no 0-byte device 3', async () => {
    const result = await expectFailure(dir(), ['config.csv', 'values_badval.csv', 'd', '0x3000', '--outdir', 'o1'], 1, /values_badval\.csv:4:5: 300 is out of range for u8 \(0 to 255\)/, /hint: /);
    expect(result.stderr).toMatch(/nothing was written to o1/);
  });

  it('config keys in another order than the values header', async () => {
    await expectFailure(dir(), ['config.csv', 'values_order.csv', 'd', '0x3000', '--outdir', 'o2'], 1, /config\.csv:2:1: config key 'serial' is out of order in the header of values_order\.csv/, /same order as the config file/);
  });

  it('a short row', async () => {
    await expectFailure(dir(), ['config.csv', 'values_short.csv', 'd', '0x3000', '--outdir', 'o3'], 1, /values_short\.csv:3:1: this row has 2 fields, the header \(line 1\) has 3/);
  });

  it('a duplicate --fileid: refused before device A is written', async () => {
    await expectFailure(dir(), ['config.csv', 'values_dupid.csv', 'd', '0x3000', '--fileid', 'serial', '--outdir', 'o4'], 1, /values_dupid\.csv:3:3: the device name 'd-A' is already the name of line 2/);
  });

  it('every bad row is reported in one run, in file order', async () => {
    const d = dir();
    writeFileSync(join(d, 'values_many.csv'), 'id,serial,count\n1,A,1\n2,B,300\n3,C\n4,D,-1\n5,E,5\n');
    const result = await expectFailure(d, ['config.csv', 'values_many.csv', 'd', '0x3000', '--outdir', 'o'], 1, /^.*3 problems:/);
    const lines = result.stderr.split('\n');
    expect(lines.findIndex((l) => l.includes('values_many.csv:3:'))).toBeLessThan(lines.findIndex((l) => l.includes('values_many.csv:4:')));
    expect(result.stderr).toMatch(/values_many\.csv:5:5: -1 is out of range for u8/);
  });
});

describe('mfg generate: config file problems, all reported with their place', () => {
  const setup = (config: string, values = 'serial,count\nA,1\n'): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.csv'), config);
    writeFileSync(join(dir, 'values.csv'), values);
    return dir;
  };

  it('wrong type, unknown encoding, field count, REPEAT on a namespace, long key: each at its line and column', async () => {
    const dir = setup('ns,namespace,\nserial,Data,string\ncount,data,blob_fill(4;0x00)\nx,data\nns2,namespace,,REPEAT\na_key_of_16_char,data,u8\ncount,data,u8,REPEAT\n');
    const result = await expectFailure(dir, ['config.csv', 'values.csv', 'd', '0x3000'], 1);
    expect(result.stderr).toMatch(/config\.csv:2:8: 'Data' is not a config type/);
    expect(result.stderr).toMatch(/config\.csv:3:12: 'blob_fill\(4;0x00\)' is not an encoding mfg generate accepts/);
    expect(result.stderr).toMatch(/config\.csv:4:1: a config line has 3 fields \(4 with REPEAT\), this one has 2/);
    expect(result.stderr).toMatch(/config\.csv:5:16: a namespace line cannot be REPEAT/);
    expect(result.stderr).toMatch(/config\.csv:6:1: 'a_key_of_16_char' is \d+ bytes long/);
    expect(result.stderr).toMatch(/^factory-bench mfg generate: error: 5 problems:/);
  });

  it('a key before any namespace', async () => {
    await expectFailure(setup('serial,data,string\n', 'serial\nA\n'), ['config.csv', 'values.csv', 'd', '0x3000'], 1, /config\.csv:1:1: 'serial' comes before any namespace/);
  });

  it('a config key missing from the values header', async () => {
    await expectFailure(setup('ns,namespace,\nserial,data,string\nmissing,data,u8\n'), ['config.csv', 'values.csv', 'd', '0x3000'], 1, /config\.csv:3:1: config key 'missing' has no column in the header of values\.csv/);
  });

  it('missing input files', async () => {
    await expectFailure(setup('ns,namespace,\n'), ['nope.csv', 'values.csv', 'd', '0x3000'], 1, /config file 'nope\.csv' does not exist/);
    await expectFailure(setup('ns,namespace,\nserial,data,string\n'), ['config.csv', 'nope.csv', 'd', '0x3000'], 1, /values file 'nope\.csv' does not exist/);
  });

  it('a bad partition size', async () => {
    await expectFailure(setup('ns,namespace,\nserial,data,string\n'), ['config.csv', 'values.csv', 'd', '0x3001'], 1, /not a multiple of 4096/);
    await expectFailure(setup('ns,namespace,\nserial,data,string\n'), ['config.csv', 'values.csv', 'd', 'abc'], 1, /'abc' is not a partition size/);
  });

  it('an empty 4th field (as spreadsheets write) is not a REPEAT and is accepted', async () => {
    const dir = setup('ns,namespace,,\nserial,data,string,\ncount,data,u8,REPEAT\n', 'serial,count\nA,1\nB,\n');
    const result = await generate(dir, 'config.csv', 'values.csv', 'd', '0x3000', '--outdir', 'o');
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'o', 'csv', 'd-2.csv'), 'utf8')).toBe('key,type,encoding,value\r\nns,namespace,,\r\nserial,data,string,B\r\ncount,data,u8,1\r\n');
  });
});

describe('mfg generate: row problems the reference finds too late or not at all', () => {
  const setup = (values: string, config = 'ns,namespace,\nserial,data,string\ncert,file,binary\n'): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.csv'), config);
    writeFileSync(join(dir, 'values.csv'), values);
    mkdirSync(join(dir, 'certs'));
    for (let i = 1; i <= 5; i++) writeFileSync(join(dir, 'certs', `c${i}.pem`), `cert ${i}\n`);
    return dir;
  };

  it('a missing file on device 4 of 5: nothing is written', async () => {
    const dir = setup('serial,cert\nA,certs/c1.pem\nB,certs/c2.pem\nC,certs/c3.pem\nD,certs/nope.pem\nE,certs/c5.pem\n');
    await expectFailure(dir, ['config.csv', 'values.csv', 'd', '0x3000', '--outdir', 'o'], 1, /values\.csv:5:3: file 'certs\/nope\.pem' does not exist/);
  });

  it('data that does not fit the partition', async () => {
    const dir = setup('serial,cert\nA,certs/big.bin\n');
    writeFileSync(join(dir, 'certs', 'big.bin'), Buffer.alloc(20000, 1));
    await expectFailure(dir, ['config.csv', 'values.csv', 'd', '0x3000', '--outdir', 'o'], 1, /does not fit in a partition of 12288 bytes/);
  });

  it('--fileid values that are empty, name another folder, or differ only in case', async () => {
    const dir = setup('serial,cert\nA,certs/c1.pem\n,certs/c2.pem\n../x,certs/c3.pem\na,certs/c4.pem\n');
    const result = await expectFailure(dir, ['config.csv', 'values.csv', 'd', '0x3000', '--fileid', 'serial', '--outdir', 'o'], 1, /3 problems/);
    expect(result.stderr).toMatch(/values\.csv:3:1: the --fileid column is empty/);
    expect(result.stderr).toMatch(/values\.csv:4:1: the --fileid value '\.\.\/x' contains a \//);
    expect(result.stderr).toMatch(/values\.csv:5:1: the device name 'd-a' is already the name of line 2/);
  });

  it('an unknown --fileid column', async () => {
    await expectFailure(setup('serial,cert\nA,certs/c1.pem\n'), ['config.csv', 'values.csv', 'd', '0x3000', '--fileid', 'sn'], 1, /--fileid sn: the header of values\.csv has no such column \(it has: serial, cert\)/);
  });

  it('positions count lines of quoted multi-line values and CRLF files', async () => {
    const dir = setup('serial,count\r\n"A\r\nB",1\r\n\r\nC,256\r\n', 'ns,namespace,\nserial,data,string\ncount,data,u8\n');
    await expectFailure(dir, ['config.csv', 'values.csv', 'd', '0x3000', '--outdir', 'o'], 1, /values\.csv:5:3: 256 is out of range for u8/);
  });
});

describe('mfg generate: existing outputs', () => {
  it('a re-run into the same outdir is refused, naming the files, and changes nothing', async () => {
    const dir = copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
    expect((await generate(dir, 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out')).code).toBe(0);
    const stamp = statSync(join(dir, 'out', 'bin', 'dev-1.bin')).mtimeMs;
    const result = await expectFailure(dir, ['config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out'], 1, /values\.csv:2:1: out\/csv\/dev-1\.csv and out\/bin\/dev-1\.bin already exist/, /10 problems/, /remove the old files first/);
    expect(result.stderr).toMatch(/nothing was written to out/);
    expect(statSync(join(dir, 'out', 'bin', 'dev-1.bin')).mtimeMs).toBe(stamp);
  });

  it('one existing file among many: no device at all is written', async () => {
    const dir = copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
    mkdirSync(join(dir, 'out', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'out', 'bin', 'dev-7.bin'), 'old');
    await expectFailure(dir, ['config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out'], 1, /values\.csv:8:1: out\/bin\/dev-7\.bin already exists/);
    expect(readFileSync(join(dir, 'out', 'bin', 'dev-7.bin'), 'utf8')).toBe('old');
  });

  it('another prefix into the same outdir adds its files beside the old ones', async () => {
    const dir = copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
    expect((await generate(dir, 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out')).code).toBe(0);
    const result = await generate(dir, 'config.csv', 'values.csv', 'lot2', '0x6000', '--outdir', 'out');
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out', 'bin')).length).toBe(20);
    expect(readFileSync(join(dir, 'out', 'bin', 'lot2-3.bin')).equals(Buffer.from(readNvsVector('20_mfg_10dev', 'out_default', 'bin', 'dev-3.bin')))).toBe(true);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['bin', 'csv']);
  });

  it('removes the staging folder a killed run of this machine left behind', async () => {
    const dir = copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
    const stale = join(dir, 'out', `.factory-bench-mfg-${hostname().replace(/[^A-Za-z0-9]/g, '_')}-999999999-abcd0123`);
    mkdirSync(join(stale, 'bin'), { recursive: true });
    writeFileSync(join(stale, 'bin', 'dev-1.bin'), 'secret');
    const result = await generate(dir, 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: removed .*the unfinished output of a run that was killed/);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('mfg generate: options', () => {
  const dir = (): string => copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
  const base = ['config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'o'];

  it.each([
    [['--prefix_num', '1'], /--prefix_num expects 2 values/],
    [['--prefix_num', 'a', '4'], /--prefix_num takes START LENGTH/],
    [['--version', '3'], /invalid choice '3'/],
    [['--frobnicate'], /unrecognized option --frobnicate/],
  ])('usage errors exit 2: %j', async (extra, message) => {
    await expectFailure(dir(), [...base, ...extra], 2, message);
  });

  it('a prefix that names a folder is refused', async () => {
    await expectFailure(dir(), ['config.csv', 'values.csv', 'a/b', '0x6000'], 2, /the prefix 'a\/b' contains a \//);
  });

  it.each([
    [['--keygen', '--inputkey', 'keys_fixed.bin'], /--keygen and --inputkey both are not allowed/],
    [['--kp_hmac_inputkey', 'x.bin'], /--kp_hmac_inputkey only applies with --key_protect_hmac/],
    [['--key_protect_hmac'], /--key_protect_hmac needs the HMAC key/],
    [['--key_protect_hmac', '--kp_hmac_keygen'], /--kp_hmac_keygen needs --keygen/],
    [['--inputkey', 'nope.bin'], /--inputkey file 'nope\.bin' does not exist/],
    [['--inputkey', 'config.csv'], /must have a \.bin extension/],
  ])('key option errors exit 1 before anything is written: %j', async (extra, message) => {
    await expectFailure(dir(), [...base, ...extra], 1, message);
  });

  it('--key_protect_hmac --kp_hmac_inputkey without --keygen encrypts with the derived keys (the reference writes plain images)', async () => {
    const d = dir();
    const result = await generate(d, ...base, '--key_protect_hmac', '--kp_hmac_inputkey', nvsVectorPath('_shared', 'fixed_hmac_key.bin'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\nGenerating encrypted NVS binary images\.\.\.\n/);
    expect(existsSync(join(d, 'o', 'keys'))).toBe(false);
    const keys = deriveHmacKeys(readHmacKey(readNvsVector('_shared', 'fixed_hmac_key.bin'), 'hmac'), nodeCrypto);
    const image = new Uint8Array(readFileSync(join(d, 'o', 'bin', 'dev-1.bin')));
    expect(Buffer.from(image).equals(Buffer.from(readNvsVector('20_mfg_10dev', 'out_default', 'bin', 'dev-1.bin')))).toBe(false);
    expect(Buffer.from(decryptImage(image, keys, nodeCrypto)).equals(Buffer.from(readNvsVector('20_mfg_10dev', 'out_default', 'bin', 'dev-1.bin')))).toBe(true);
  });

  it('mfg generate-key is nvs generate-key', async () => {
    const d = dir();
    const result = await runCli(['mfg', 'generate-key', '--keyfile', 'k.bin', '--outdir', 'o'], d);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`\nCreated encryption keys: ===>  ${join(d, 'o', 'keys', 'k.bin')}\n`);
    expect(statSync(join(d, 'o', 'keys', 'k.bin')).size).toBe(4096);
  });

  it('--help', async () => {
    const result = await runCli(['mfg', 'generate', '--help'], dir());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: factory-bench mfg generate .*conf values prefix size/);
  });
});

describe('mfg generate: interruption', () => {
  it('an aborted run removes what it wrote', async () => {
    const dir = copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
    const before = listTree(dir);
    const controller = new AbortController();
    controller.abort();
    const run = generateMfg({
      config: 'config.csv',
      values: 'values.csv',
      prefix: 'dev',
      size: '0x6000',
      outdir: 'o',
      version: 2,
      keySource: { kind: 'none' },
      cwd: dir,
      workers: 0,
      signal: controller.signal,
      out: () => undefined,
      warn: () => undefined,
    });
    await expect(run).rejects.toMatchObject({ exitCode: 130 });
    expect(listTree(dir)).toEqual(before);
  });
});

