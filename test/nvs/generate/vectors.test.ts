import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateImage } from '../../../src/main/nvs/generate.js';
import { nvsVectorPath, readNvsVector } from '../../helpers/vectors.js';
import { dirname } from 'node:path';

/** Every plaintext image Espressif's generator made from a valid input, with the command that made it. */
const cases: { dir: string; inputs: string[]; size: string; version?: 1 | 2; output: string }[] = [
  { dir: '01_jumpstart_7mfg', inputs: ['input.csv'], size: '0x6000', output: 'output.bin' },
  { dir: '02b_all_types_v2_clean', inputs: ['input.csv'], size: '0x4000', output: 'output.bin' },
  { dir: '03b_all_types_v1_clean', inputs: ['input.csv'], size: '0x4000', version: 1, output: 'output.bin' },
  { dir: '04_multipage_v2', inputs: ['input.csv'], size: '0x6000', output: 'output.bin' },
  { dir: '05_v1_blob_max', inputs: ['input.csv'], size: '0x4000', version: 1, output: 'output.bin' },
  { dir: '07_near_full', inputs: ['input.csv'], size: '0x3000', output: 'output.bin' },
  { dir: '09_encrypted_fixed_key', inputs: ['input.csv'], size: '0x6000', output: 'output_plain.bin' },
  { dir: '11_readonly_small', inputs: ['input.csv'], size: '0x1000', output: 'output_0x1000.bin' },
  { dir: '11_readonly_small', inputs: ['input.csv'], size: '0x2000', output: 'output_0x2000.bin' },
  { dir: '11_readonly_small', inputs: ['input.csv'], size: '0x3000', output: 'output_0x3000.bin' },
  { dir: '12_zero_chunk_edge', inputs: ['input.csv'], size: '0x4000', output: 'output.bin' },
  { dir: '13_string_edges', inputs: ['input_3967.csv'], size: '0x4000', output: 'output_3967.bin' },
  { dir: '16_idf_samples', inputs: ['sample_singlepage_blob.csv'], size: '0x3000', version: 1, output: 'output_single_v1.bin' },
  { dir: '16_idf_samples', inputs: ['sample_singlepage_blob.csv'], size: '0x3000', output: 'output_single_v2.bin' },
  { dir: '16_idf_samples', inputs: ['sample_multipage_blob.csv'], size: '0x4000', output: 'output_multi_v2.bin' },
];

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('nvs generate reproduces the reference images byte for byte', () => {
  for (const c of cases) {
    it(`${c.dir}/${c.output}`, () => {
      const cwd = dirname(nvsVectorPath(c.dir, c.inputs[0]!));
      const expected = readNvsVector(c.dir, c.output);
      const actual = generateImage({ inputs: c.inputs, size: c.size, version: c.version ?? 2, cwd });
      expect(actual.length).toBe(expected.length);
      if (sha(actual) !== sha(expected)) {
        const first = actual.findIndex((b, i) => b !== expected[i]);
        expect.fail(`first difference at byte 0x${first.toString(16)} (page ${first >> 12}, offset 0x${(first & 0xfff).toString(16)}): got ${actual[first]}, reference ${expected[first]}`);
      }
    });
  }
});
