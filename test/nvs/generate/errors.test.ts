import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { nvsVectorPath } from '../../helpers/vectors.js';

/** A scratch copy of a vector case, so that outputs land beside its inputs as with the reference. */
function scratchCase(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `fb-${name}-`));
  cpSync(dirname(nvsVectorPath(name, 'cmd.txt')), dir, { recursive: true });
  return dir;
}

function scratchCsv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-csv-'));
  writeFileSync(join(dir, 'in.csv'), text);
  return dir;
}

const outputs = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('out'));

describe('nvs generate on bad input', () => {
  const cases: { file: string; message: RegExp }[] = [
    { file: 'hexint', message: /hexint\.csv:3:\d+: '0x10' is not a decimal integer \(encoding u8\)/ },
    { file: 'range', message: /range\.csv:3:\d+: 256 is out of range for u8 \(0 to 255\)/ },
    { file: 'keylen', message: /keylen\.csv:4:1: key 'key_sixteen_chrs' is 16 characters; NVS keys hold at most 15 bytes/ },
    { file: 'oddhex', message: /oddhex\.csv:3:\d+: hex2bin value 'abc' has an odd number of digits \(3\)/ },
    { file: 'float', message: /float\.csv:3:\d+: 'float' is not a supported encoding/ },
  ];
  for (const c of cases) {
    it(`${c.file}: names file, line and column, exits 1, writes nothing`, async () => {
      const dir = scratchCase('15_errors');
      const before = outputs(dir);
      const result = await runCli(['nvs', 'generate', `${c.file}.csv`, `out_new_${c.file}.bin`, '0x3000'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(c.message);
      expect(result.stderr).toContain('hint:');
      expect(outputs(dir)).toEqual(before);
    });
  }

  it('refuses sizes that are not whole pages, or not numbers, with exit 1', async () => {
    const dir = scratchCase('15_errors');
    for (const [size, message] of [
      ['0x3001', 'is not a multiple of 4096'],
      ['abc', "'abc' is not a partition size"],
      ['0x800', 'smaller than one page'],
    ] as const) {
      const result = await runCli(['nvs', 'generate', 'range.csv', 'out_size.bin', size], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
      expect(existsSync(join(dir, 'out_size.bin'))).toBe(false);
    }
  });

  it('refuses an output without a .bin extension', async () => {
    const dir = scratchCase('15_errors');
    const result = await runCli(['nvs', 'generate', 'range.csv', 'out.txt', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("output file 'out.txt' must have a .bin extension");
  });

  it('leaves no file, not even an empty one, when the data does not fit (08_overflow)', async () => {
    const dir = scratchCase('08_overflow');
    const result = await runCli(['nvs', 'generate', 'input.csv', 'out_overflow.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/input\.csv:\d+:1: the data does not fit in a partition of 12288 bytes \(0x3000\)/);
    expect(readdirSync(dir).filter((f) => f.includes('out_overflow'))).toEqual([]);
  });

  it('keeps an existing output untouched when generation fails', async () => {
    const dir = scratchCase('08_overflow');
    writeFileSync(join(dir, 'out_keep.bin'), 'previous');
    await runCli(['nvs', 'generate', 'input.csv', 'out_keep.bin', '0x3000'], dir);
    expect(readdirSync(dir).filter((f) => f.includes('out_keep'))).toEqual(['out_keep.bin']);
  });

  it('v1 blob over 1984 bytes (06) says to use version 2', async () => {
    const dir = scratchCase('06_v1_blob_too_big');
    const result = await runCli(['nvs', 'generate', 'input.csv', 'out_big.bin', '0x4000', '--version', '1'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the blob in format version 1 is 1985 bytes; at most 1984 are allowed/);
    expect(result.stderr).toContain('--version 2');
  });

  it('a string over 4000 bytes with its NUL (13, 4000 characters) is refused', async () => {
    const dir = scratchCase('13_string_edges');
    const result = await runCli(['nvs', 'generate', 'input_4000.csv', 'out_4000.bin', '0x4000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/string \(with its terminating NUL\) is 4001 bytes; at most 4000/);
  });

  it('a key of more than 15 UTF-8 bytes is refused (19_nonascii_keys)', async () => {
    const dir = scratchCase('19_nonascii_keys');
    const result = await runCli(['nvs', 'generate', 'input.csv', 'out_19.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/input\.csv:4:1: key 'éééééééééé' is 20 bytes in UTF-8/);
  });

  it('a data row before any namespace is refused', async () => {
    const dir = scratchCsv('key,type,encoding,value\nx,data,u8,1\n');
    const result = await runCli(['nvs', 'generate', 'in.csv', 'out.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("in.csv:2:1: 'x' comes before any namespace");
  });

  it('a missing file named by a file row is reported with the row', async () => {
    const dir = scratchCsv('key,type,encoding,value\nns,namespace,,\ncert,file,binary,missing.pem\n');
    const result = await runCli(['nvs', 'generate', 'in.csv', 'out.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/in\.csv:3:18: file 'missing\.pem' does not exist/);
  });

  it('a header without the value column is reported', async () => {
    const dir = scratchCsv('key,type,encoding\nns,namespace,\n');
    const result = await runCli(['nvs', 'generate', 'in.csv', 'out.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("in.csv:1:1: the header row has no column named 'value'");
  });

  it('an unclosed quote is reported where it opens', async () => {
    const dir = scratchCsv('key,type,encoding,value\nns,namespace,,\ns,data,string,"abc\n');
    const result = await runCli(['nvs', 'generate', 'in.csv', 'out.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('in.csv:3:15: a quoted field is never closed');
  });

  it('a missing input CSV is named', async () => {
    const dir = scratchCsv('');
    const result = await runCli(['nvs', 'generate', 'nope.csv', 'out.bin', '0x3000'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("input CSV 'nope.csv' does not exist");
  });

  it('usage errors exit 2', async () => {
    const result = await runCli(['nvs', 'generate', 'only.csv'], tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the following arguments are required');
  });
});
