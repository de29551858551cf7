import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main.js';
import { nvsVectorPath } from '../../helpers/vectors.js';

/** Runs `factory-bench nvs parse …` in-process; cwd is the vector case directory unless given. */
async function parse(args: string[], cwd = join(nvsVectorPath('01_jumpstart_7mfg'), '..')): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['nvs', 'parse', ...args], { out: (t) => void (out += t), err: (t) => void (err += t), cwd });
  return { code, out, err };
}

const caseDir = (name: string): string => nvsVectorPath(name);

describe('factory-bench nvs parse', () => {
  it('prints everything as text by default, exit 0', async () => {
    const { code, out } = await parse(['output.bin'], caseDir('01_jumpstart_7mfg'));
    expect(code).toBe(0);
    expect(out).toMatch(/^Page no\. 0, Status: Active, Version: 2, CRC32: b9ba2d84, Page address: 0x0\n/);
    expect(out).toContain(' 030. Empty\n ...\n 125. Empty\n');
  });

  it('-d written -i on a clean image: the reference text, exit 0', async () => {
    const { code, out, err } = await parse(['-d', 'written', '-i', 'output.bin'], caseDir('01_jumpstart_7mfg'));
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(join(caseDir('01_jumpstart_7mfg'), 'nvs_tool_output_written_check.txt'), 'utf8'));
    expect(err).toBe('');
  });

  it('-i exits 1 when it finds errors (a duplicate key) and says so on stderr', async () => {
    const { code, out, err } = await parse(['output.bin', '--dump', 'written', '--integrity-check'], caseDir('14_quirks'));
    expect(code).toBe(1);
    expect(out).toBe(readFileSync(join(caseDir('14_quirks'), 'nvs_tool_output_written_check.txt'), 'utf8'));
    expect(err).toBe('factory-bench nvs parse: integrity check: 2 errors, 0 warnings\n');
  });

  it('without -i the exit code is 0 even for a damaged image', async () => {
    expect((await parse(['-d', 'none', 'output.bin'], caseDir('14_quirks'))).code).toBe(0);
  });

  it('-i with warnings only (a read-only 0x1000 image) exits 0', async () => {
    const { code, err } = await parse(['-d', 'none', '-i', 'output_0x1000.bin'], caseDir('11_readonly_small'));
    expect(code).toBe(0);
    expect(err).toBe('factory-bench nvs parse: integrity check: 0 errors, 2 warnings\n');
  });

  it('-f json -d all and -d minimal print the reference JSON', async () => {
    const dir = caseDir('04_multipage_v2');
    expect((await parse(['-f', 'json', 'output.bin'], dir)).out).toBe(readFileSync(join(dir, 'nvs_tool_output_all.json'), 'utf8'));
    expect((await parse(['-f', 'json', '-d', 'minimal', 'output.bin'], dir)).out).toBe(readFileSync(join(dir, 'nvs_tool_output_minimal.json'), 'utf8'));
  });

  it('-f json -i keeps stdout one JSON document and lists the problems on stderr', async () => {
    const { code, out, err } = await parse(['-f', 'json', '-d', 'minimal', '-i', 'output.bin'], caseDir('14_quirks'));
    expect(code).toBe(1);
    expect(() => JSON.parse(out) as unknown).not.toThrow();
    expect(err).toBe(
      'error: page 0 entry 27 (key "dup"): the key is written more than once in namespace 2 (also at page 0 entry 28)\n' +
        'error: page 0 entry 28 (key "dup"): the key is written more than once in namespace 2 (also at page 0 entry 27)\n',
    );
  });

  it('the JSON dumps nvs_tool lacks are valid JSON', async () => {
    const dir = caseDir('04_multipage_v2');
    for (const dump of ['written', 'namespaces', 'blobs', 'storage_info']) {
      const { code, out } = await parse(['-f', 'json', '-d', dump, 'output.bin'], dir);
      expect(code).toBe(0);
      expect(() => JSON.parse(out) as unknown).not.toThrow();
    }
    expect(JSON.parse((await parse(['-f', 'json', '-d', 'namespaces', 'output.bin'], dir)).out)).toEqual([{ index: 1, name: 'big' }]);
  });

  it('the other text dumps', async () => {
    const dir = caseDir('01_jumpstart_7mfg');
    expect((await parse(['-d', 'namespaces', 'output.bin'], dir)).out).toBe('Index: Namespace\n 001: mfg_ns\n');
    expect((await parse(['-d', 'minimal', 'output.bin'], dir)).out).toMatch(/^Page no\. 0, Status: Active\n mfg_ns:serial_no\[0\] = \n mfg_ns:cert\[0\] = \n/);
    const minimal = (await parse(['-d', 'minimal', 'output.bin'], caseDir('03b_all_types_v1_clean'))).out;
    expect(minimal).toContain(' ns_prim:u64_max = 18446744073709551615\n ns_prim:i64_min = -9223372036854775808\n');
    expect(minimal).toContain(' ns_var:str_utf8 = héllo ☃\n');
    expect(minimal).toContain(" ns_var:hex_ws = b'\\n\\x0b\\x0c'\n");
    const blobs = (await parse(['-d', 'blobs', 'output.bin'], dir)).out;
    expect(blobs).toMatch(/^mfg_ns:serial_no - Type: Blob \(Version 2\), Size: 10\n {2}0x00000 {2}45 53 50 4a 53 2d 30 30 30 31 ff/);
    const storage = (await parse(['-d', 'storage_info', 'output.bin'], dir)).out;
    expect(storage).toContain('Page Active\n  Found entries:\n    Written:     7\n    Erased:      0\n    Empty:      96\n    Invalid:     0\n    Total:     103\n');
    expect(storage).toContain('Global\n  Config:\n    Page size:    4096\n    Entry size:     32\n    Total pages:     6\n');
  });

  it('--color always colours the text', async () => {
    const { out } = await parse(['--color', 'always', '-d', 'namespaces', 'output.bin'], caseDir('01_jumpstart_7mfg'));
    expect(out).toBe('\x1b[1mIndex: Namespace\x1b[0m\n 001: \x1b[36mmfg_ns\x1b[0m\n');
  });

  it('--keys decrypts an encrypted image first', async () => {
    const dir = caseDir('09_encrypted_fixed_key');
    const reference = readFileSync(join(dir, 'nvs_tool_decrypted_all.json'), 'utf8').replace('"name": "decrypted.bin"', '"name": "output.bin"');
    const { code, out } = await parse(['-f', 'json', '--keys', 'keys.bin', '-i', 'output.bin'], dir);
    expect(out).toBe(reference);
    expect(code).toBe(0);
    expect((await parse(['-d', 'none', '-i', 'output.bin'], dir)).code).toBe(1);
  });

  it('a bad key file is a clear error, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvs-parse-'));
    copyFileSync(nvsVectorPath('09_encrypted_fixed_key', 'output.bin'), join(dir, 'output.bin'));
    writeFileSync(join(dir, 'short.bin'), new Uint8Array(10));
    const { code, err } = await parse(['--keys', 'short.bin', 'output.bin'], dir);
    expect(code).toBe(1);
    expect(err).toContain('short.bin: 10 bytes is too short for an NVS key partition');
  });

  it('a cut-off image is decoded as far as it goes; -i reports it (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvs-parse-'));
    writeFileSync(join(dir, 'cut.bin'), readFileSync(nvsVectorPath('04_multipage_v2', 'output.bin')).subarray(0, 5 * 4096 + 7));
    const { code, out } = await parse(['-i', '-d', 'namespaces', 'cut.bin'], dir);
    expect(code).toBe(1);
    expect(out).toContain('NVS Partition size must be a multiple of 0x1000 (4kiB)!\n');
  });

  it('a missing file names the path, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvs-parse-'));
    const { code, err } = await parse(['nope.bin'], dir);
    expect(code).toBe(1);
    expect(err).toBe(`factory-bench nvs parse: error: cannot read the image ${join(dir, 'nope.bin')}: no such file\n`);
  });

  it('usage errors exit 2', async () => {
    expect((await parse(['-d', 'everything', 'output.bin'])).code).toBe(2);
    expect((await parse(['--frobnicate', 'output.bin'])).code).toBe(2);
    expect((await parse([])).code).toBe(2);
    expect((await parse(['a.bin', 'b.bin'])).code).toBe(2);
  });

  it('--help prints the options, exit 0', async () => {
    const { code, out } = await parse(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: factory-bench nvs parse \[-i\] \[-d \{all,written,minimal,namespaces,blobs,storage_info,none\}\]/);
  });
});
