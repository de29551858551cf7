import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNvsCsv } from '../../src/shared/nvs/csv.js';
import { decodeImage, readValues } from '../../src/shared/nvs/decode/index.js';
import { encodeNvs } from '../../src/shared/nvs/encoder.js';
import { NvsInputError } from '../../src/shared/nvs/errors.js';
import { PRIMITIVE_TYPES, type PrimitiveType } from '../../src/shared/nvs/items.js';
import { rowsToItems } from '../../src/shared/nvs/rows.js';
import { nodeCrypto } from '../../src/main/nvs/node-crypto.js';

/** What a row should read back as. */
type Expected = { type: PrimitiveType; value: bigint } | { type: 'string'; value: string } | { type: 'blob'; value: Uint8Array };
interface Row {
  key: string;
  encoding: string;
  value: string;
  expected: Expected;
}

const BOUNDS: Record<PrimitiveType, [bigint, bigint]> = {
  u8: [0n, 255n],
  i8: [-128n, 127n],
  u16: [0n, 65535n],
  i16: [-32768n, 32767n],
  u32: [0n, 2n ** 32n - 1n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  u64: [0n, 2n ** 64n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
};

const keyArb = fc.stringMatching(/^[A-Za-z0-9_.]{1,15}$/);
// Text that a CSV cell can carry: no NUL (strings end at it), no CR and no line starting with '#'.
const textArb = fc.string({ unit: 'grapheme', maxLength: 120 }).map((s) => s.replace(/[\0\r]/g, '').replace(/\n#/g, '\n'));
const bytesArb = (max: number) => fc.uint8Array({ maxLength: max });

const rowArb: fc.Arbitrary<Omit<Row, 'key'>> = fc.oneof(
  fc.constantFrom(...PRIMITIVE_TYPES).chain((type) =>
    fc.bigInt({ min: BOUNDS[type][0], max: BOUNDS[type][1] }).map((value) => ({ encoding: type, value: value.toString(), expected: { type, value } as Expected })),
  ),
  textArb.map((text) => ({ encoding: 'string', value: text, expected: { type: 'string' as const, value: text } })),
  textArb.map((text) => ({ encoding: 'binary', value: text, expected: { type: 'blob' as const, value: new TextEncoder().encode(text) } })),
  bytesArb(3000).map((bytes) => ({ encoding: 'hex2bin', value: Buffer.from(bytes).toString('hex'), expected: { type: 'blob' as const, value: bytes } })),
  bytesArb(1500).map((bytes) => ({ encoding: 'base64', value: Buffer.from(bytes).toString('base64'), expected: { type: 'blob' as const, value: bytes } })),
  fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 255 }), fc.string({ maxLength: 20, unit: 'binary-ascii' })).map(([n, fill, text]) => {
    const data = new TextEncoder().encode(text.replace(/[\0\r\n]/g, '')).slice(0, n);
    const value = new Uint8Array(n).fill(fill);
    value.set(data);
    return { encoding: `blob_fill(${n};0x${fill.toString(16).padStart(2, '0')})`, value: new TextDecoder().decode(data), expected: { type: 'blob' as const, value } };
  }),
);

const namespaceArb = fc.record({
  name: fc.stringMatching(/^[a-z_]{1,15}$/),
  rows: fc.uniqueArray(fc.tuple(keyArb, rowArb), { selector: ([key]) => key, maxLength: 12 }).map((rows) => rows.map(([key, row]) => ({ key, ...row }))),
});

const csvCell = (text: string): string => (/[",\n]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text);

function toCsv(namespaces: { name: string; rows: Row[] }[]): string {
  const lines = ['key,type,encoding,value'];
  for (const ns of namespaces) {
    lines.push(`${ns.name},namespace,,`);
    for (const row of ns.rows) lines.push([row.key, 'data', row.encoding, csvCell(row.value)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const readFile = (): Uint8Array => {
  throw new Error('no files in this test');
};

describe('generate then parse gives back every value (property)', () => {
  it('holds for random rows, both format versions, any size that fits', () => {
    let encoded = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(namespaceArb, { selector: (ns) => ns.name, minLength: 1, maxLength: 4 }),
        fc.constantFrom(1 as const, 2 as const),
        fc.integer({ min: 3, max: 40 }),
        (namespaces, version, pages) => {
          const rows = parseNvsCsv(toCsv(namespaces), 'random.csv');
          let image: Uint8Array;
          try {
            image = encodeNvs(rowsToItems(rows, { readFile, crypto: nodeCrypto }), { size: pages * 4096, version });
          } catch (error) {
            // Refusals are fine when they are the documented ones: too big for v1, or too much for the size.
            expect(error).toBeInstanceOf(NvsInputError);
            expect((error as Error).message).toMatch(/does not fit|at most 1984 are allowed/);
            return;
          }
          encoded++;
          const decoded = decodeImage(image);
          expect(decoded.problems.filter((p) => p.severity === 'error')).toEqual([]);
          const values = readValues(decoded);
          const expected = namespaces.flatMap((ns) => ns.rows.map((row) => ({ namespace: ns.name, key: row.key, ...row.expected })));
          expect(values.map((v) => ({ namespace: v.namespace, key: v.key, type: v.type, value: v.value }))).toEqual(expected);
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
    // Most cases must really round-trip, not end in a refusal.
    expect(encoded).toBeGreaterThan(200);
  });
});
