import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNvsCsv } from '../../src/shared/nvs/csv.js';
import { decodeImage } from '../../src/shared/nvs/decode/index.js';
import { encodeNvs } from '../../src/shared/nvs/encoder.js';
import { NvsInputError } from '../../src/shared/nvs/errors.js';
import { rowsToItems } from '../../src/shared/nvs/rows.js';
import { parsePartitionSize } from '../../src/shared/nvs/size.js';
import { nodeCrypto } from '../../src/main/nvs/node-crypto.js';
import { makeFileReader } from '../../src/main/nvs/read-file.js';
import { runCli } from '../helpers/run-cli.js';
import { nvsVectorPath, vectorsDir } from '../helpers/vectors.js';

/**
 * Fuzzing the NVS engine: mutated and random CSVs, sizes and images. Every
 * failure must be an NvsInputError (or, from the CLI, a clear error and exit
 * code, never "internal error"), and a failed command must leave no output.
 * Fixed seeds and bounded runs keep it deterministic and a few seconds long.
 */
const SEED = 0x5eed_2026;

const caseDirs = (): string[] => readdirSync(join(vectorsDir(), 'nvs'), { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d/.test(d.name)).map((d) => d.name);

/** Every input CSV of the vectors, with the case it belongs to (its `file` rows resolve there). */
function seedCsvs(): { dir: string; text: string }[] {
  return caseDirs().flatMap((name) =>
    readdirSync(nvsVectorPath(name))
      .filter((f) => /^input.*\.csv$/.test(f))
      .map((f) => ({ dir: nvsVectorPath(name), text: readFileSync(nvsVectorPath(name, f), 'utf8') })),
  );
}

const NASTY = [',', '"', '""', '\n', '\r\n', '\r', '#', ' ', '\t', '\u0000', 'é', '\ufeff', '0x', '-', '_', '(', ';', ')', '\\', '/', '..', '9999999999999999999999'];
const ENCODINGS = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'string', 'binary', 'hex2bin', 'base64', 'blob_fill(8;0xff)', 'blob_sz_fill(4;0x00)', 'HEX2BIN', 'STRING', 'float', '', ' u8', 'blob_fill(99999;0x1)'];
const TYPES = ['namespace', 'data', 'file', 'Data', '', 'blob'];

const piece = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));

/** A chain of edits: flip, insert, delete, truncate, duplicate a line. */
const edits = fc.array(
  fc.oneof(
    fc.tuple(fc.constant('insert' as const), fc.nat(), piece),
    fc.tuple(fc.constant('replace' as const), fc.nat(), piece),
    fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 8 })),
    fc.tuple(fc.constant('truncate' as const), fc.nat(), fc.constant(0)),
    fc.tuple(fc.constant('dupline' as const), fc.nat(), fc.constant(0)),
  ),
  { minLength: 1, maxLength: 6 },
);

function mutate(text: string, steps: [string, number, string | number][]): string {
  let out = text;
  for (const [kind, at, arg] of steps) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 'insert') out = out.slice(0, i) + String(arg) + out.slice(i);
    else if (kind === 'replace') out = out.slice(0, i) + String(arg) + out.slice(i + 1);
    else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + Number(arg));
    else if (kind === 'truncate') out = out.slice(0, i);
    else {
      const lines = out.split('\n');
      const n = at % Math.max(lines.length, 1);
      lines.splice(n, 0, lines[n] ?? '');
      out = lines.join('\n');
    }
  }
  return out;
}

/** Edits that leave the header line alone, so that most inputs get as far as their rows. */
function mutateBody(text: string, steps: [string, number, string | number][]): string {
  const end = text.indexOf('\n') + 1;
  return end === 0 ? mutate(text, steps) : text.slice(0, end) + mutate(text.slice(end), steps);
}

const mutated = (text: string): fc.Arbitrary<string> => fc.oneof({ weight: 3, arbitrary: edits.map((steps) => mutateBody(text, steps)) }, { weight: 1, arbitrary: edits.map((steps) => mutate(text, steps)) });

const quoted = (field: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(field, fc.constantFrom('plain', 'plain', 'plain', 'quoted', 'quoted', 'half'))
    .map(([f, q]) => (q === 'quoted' ? `"${f.replaceAll('"', '""')}"` : q === 'half' ? `"${f}` : f));

const value = fc.oneof(
  fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map(String),
  fc.integer({ min: -300, max: 300 }).map(String),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('hex')),
  fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64')),
  fc.constantFrom('files/blob_100.bin', 'files/text.txt', 'files/hex.txt', 'missing.bin', 'files', '../x', ''),
  fc.string({ minLength: 3000, maxLength: 4100 }),
);

const row = fc.tuple(quoted(fc.oneof(fc.string({ maxLength: 17 }), fc.constantFrom('ns', 'key', 'sta.ssid'))), quoted(fc.constantFrom(...TYPES)), quoted(fc.constantFrom(...ENCODINGS)), quoted(value)).map((fields) => fields.join(','));

const randomCsv = fc.array(row, { maxLength: 12 }).map((rows) => ['key,type,encoding,value', 'ns,namespace,,', ...rows].join('\n'));

const sizeText = fc.oneof(
  fc.constantFrom('0x1000', '0x2000', '0x3000', '0x4000', '0x6000', '24576', '0', '0x3001', 'abc', '-0x3000', '0o60000', '1_2288', ' 0x3000 '),
  fc.integer({ min: 0, max: 40 }).map((pages) => `0x${(pages * 4096).toString(16)}`),
);

const expectInputError = (error: unknown): void => {
  if (!(error instanceof NvsInputError)) throw error;
  expect(error.message.length).toBeGreaterThan(0);
};

describe('fuzz: CSV rows to image, in process', () => {
  const seeds = seedCsvs();

  it('every failure is an NvsInputError; every image that comes out decodes', () => {
    expect(seeds.length).toBeGreaterThan(10);
    const csv = fc.oneof(
      fc.integer({ min: 0, max: seeds.length - 1 }).chain((i) => mutated(seeds[i]!.text).map((text) => ({ dir: seeds[i]!.dir, text }))),
      fc.tuple(fc.integer({ min: 0, max: seeds.length - 1 }), randomCsv).map(([i, text]) => ({ dir: seeds[i]!.dir, text })),
    );
    fc.assert(
      fc.property(csv, sizeText, fc.constantFrom(1 as const, 2 as const), ({ dir, text }, size, version) => {
        try {
          const rows = parseNvsCsv(text, 'fuzz.csv');
          const items = rowsToItems(rows, { readFile: makeFileReader(dir), crypto: nodeCrypto });
          const image = encodeNvs(items, { size: parsePartitionSize(size), version });
          expect(decodeImage(image).pages.length).toBeGreaterThan(0);
        } catch (error) {
          expectInputError(error);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

describe('fuzz: the decoder', () => {
  const images = caseDirs().flatMap((name) =>
    readdirSync(nvsVectorPath(name))
      .filter((f) => f.endsWith('.bin') && !f.includes('key'))
      .map((f) => new Uint8Array(readFileSync(nvsVectorPath(name, f)))),
  );

  it('never throws on random or damaged images', () => {
    expect(images.length).toBeGreaterThan(5);
    const damaged = fc
      .tuple(
        fc.integer({ min: 0, max: images.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        fc.option(fc.nat(), { nil: undefined }),
      )
      .map(([i, flips, cut]) => {
        const image = new Uint8Array(images[i]!);
        for (const [at, byte] of flips) if (image.length > 0) image[at % image.length] = byte;
        return cut === undefined || image.length === 0 ? image : image.subarray(0, cut % image.length);
      });
    const random = fc.oneof(fc.uint8Array({ maxLength: 9000 }), fc.integer({ min: 0, max: 3 }).map((pages) => new Uint8Array(pages * 4096).map((_, i) => (i * 2654435761) >>> 24)));
    fc.assert(
      fc.property(fc.oneof(damaged, random), (image) => {
        const decoded = decodeImage(image);
        expect(decoded.length).toBe(image.length);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });
});

describe('fuzz: the command line leaves nothing behind when it fails', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fb-fuzz-'));
    cpSync(nvsVectorPath('02_all_types_v2', 'files'), join(work, 'files'), { recursive: true });
    cpSync(nvsVectorPath('20_mfg_10dev', 'certs'), join(work, 'certs'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let run = 0;

  const expectCleanFailure = (result: { code: number; stderr: string }): void => {
    expect(result.stderr, result.stderr).not.toMatch(/internal error/);
    expect([1, 2]).toContain(result.code);
    expect(result.stderr).toMatch(/error: \S/);
  };

  it('nvs generate', async () => {
    const seeds = seedCsvs().filter((s) => s.dir.includes('02_all_types_v2'));
    const csv = fc.oneof(fc.constantFrom(...seeds).chain((seed) => mutated(seed.text)), randomCsv);
    await fc.assert(
      fc.asyncProperty(csv, sizeText, async (text, size) => {
        const n = run++;
        writeFileSync(join(work, `in-${n}.csv`), text);
        const result = await runCli(['nvs', 'generate', `in-${n}.csv`, `out-${n}.bin`, size], work);
        if (result.code === 0) expect(existsSync(join(work, `out-${n}.bin`))).toBe(true);
        else {
          expectCleanFailure(result);
          expect(existsSync(join(work, `out-${n}.bin`))).toBe(false);
        }
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it('mfg generate', async () => {
    const config = readFileSync(nvsVectorPath('20_mfg_10dev', 'config.csv'), 'utf8');
    const values = readFileSync(nvsVectorPath('20_mfg_10dev', 'values.csv'), 'utf8');
    const options = fc.constantFrom<string[]>([], ['--fileid', 'serial_no'], ['--fileid', 'batch'], ['--prefix_num', '1', '3'], ['--version', '1'], ['--fileid', 'nope'], ['--keygen']);
    const cell = fc.oneof(value.filter((v) => v.length < 100), fc.constantFrom('certs/dev1.pem', 'certs/dev2.key', '246f28000001', '255', '256', '-1', 'SN0001'));
    const extraRows = fc.array(fc.array(quoted(cell), { minLength: 8, maxLength: 10 }), { maxLength: 4 }).map((rows) => rows.map((r) => `${r.join(',')}\n`).join(''));
    const inputs = fc.record({
      config: fc.oneof({ weight: 4, arbitrary: fc.constant(config) }, { weight: 1, arbitrary: mutated(config) }),
      values: fc.oneof(mutated(values), extraRows.map((rows) => values + rows), fc.constant(values)),
    });
    await fc.assert(
      fc.asyncProperty(inputs, fc.constantFrom('0x3000', '0x6000', '0x6000', '0x2000', '0x1000', 'abc'), options, async ({ config: c, values: v }, size, extra) => {
        const n = run++;
        writeFileSync(join(work, `config-${n}.csv`), c);
        writeFileSync(join(work, `values-${n}.csv`), v);
        const before = readdirSync(work).length;
        const result = await runCli(['mfg', 'generate', `config-${n}.csv`, `values-${n}.csv`, 'dev', size, '--outdir', `mfg-${n}`, ...extra], work);
        if (result.code === 0) {
          expect(existsSync(join(work, `mfg-${n}`, 'bin'))).toBe(true);
        } else {
          expectCleanFailure(result);
          expect(existsSync(join(work, `mfg-${n}`))).toBe(false);
          expect(readdirSync(work).length).toBe(before);
        }
      }),
      { seed: SEED, numRuns: 250 },
    );
  });
});
