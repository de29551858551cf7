import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateImage } from '../../../src/main/nvs/generate.js';
import { nvsVectorPath, readNvsVector } from '../../helpers/vectors.js';

const generateCase = (dir: string, input: string, size: string): Uint8Array =>
  generateImage({ inputs: [input], size, version: 2, cwd: dirname(nvsVectorPath(dir, input)) });

const slot = (image: Uint8Array, page: number, index: number): Uint8Array => image.subarray(page * 4096 + 64 + index * 32, page * 4096 + 96 + index * 32);

describe('where we keep the reference behaviour the firmware relies on', () => {
  it('14_quirks: the Wi-Fi keys bring sta.apinfo, sta.pmk and sta.apsw, byte for byte as the reference', () => {
    const ours = generateCase('14_quirks', 'input.csv', '0x4000');
    const reference = readNvsVector('14_quirks', 'output.bin');
    // Slots 0-21: the nvs.net80211 namespace, sta.ssid, the three extras, sta.pswd, and the app namespace.
    expect(Buffer.from(ours.subarray(64, 64 + 22 * 32))).toEqual(Buffer.from(reference.subarray(64, 64 + 22 * 32)));
  });
});

describe('where the reference is wrong and we do what the firmware needs', () => {
  it('14_quirks: HEX2BIN decodes hex and STRING stores its NUL', () => {
    const ours = generateCase('14_quirks', 'input.csv', '0x4000');
    // Slot 22 holds upper_hex's BLOB_DATA: 2 bytes (ab cd), not the 4 ASCII characters.
    const header = slot(ours, 0, 22);
    expect(header[1]).toBe(0x42);
    expect(new DataView(header.buffer, header.byteOffset).getUint16(24, true)).toBe(2);
    expect(Buffer.from(slot(ours, 0, 23).subarray(0, 2)).toString('hex')).toBe('abcd');
  });

  for (const chars of [3968, 3999]) {
    it(`13_string_edges: a ${chars}-character string (+NUL) is stored on a page of its own instead of crashing`, () => {
      const ours = generateCase('13_string_edges', `input_${chars}.csv`, '0x4000');
      // Page 0 holds the namespace; the string takes all 126 slots of page 1.
      const header = slot(ours, 1, 0);
      expect(header[1]).toBe(0x21);
      expect(header[2]).toBe(126);
      expect(new DataView(header.buffer, header.byteOffset).getUint16(24, true)).toBe(chars + 1);
      expect(ours[4096 + 64 + 32 + chars]).toBe(0);
      expect(new DataView(ours.buffer).getUint32(0, true)).toBe(0xfffffffc);
    });
  }
});

describe('a namespace opened again keeps its own keys (the reference files them under the newest one)', () => {
  const valuesOf = async (dir: string, inputs: string[], size: string) => {
    const { decodeImage, readValues } = await import('../../../src/shared/nvs/decode/index.js');
    const image = generateImage({ inputs, size, version: 2, cwd: dirname(nvsVectorPath(dir, inputs[0]!)) });
    return readValues(decodeImage(image)).map((v) => `${v.namespace}:${v.key}`);
  };

  it('02_all_types_v2: back_in_ns1 lands in ns_prim, where the CSV opened it', async () => {
    const values = await valuesOf('02_all_types_v2', ['input.csv'], '0x4000');
    expect(values).toContain('ns_prim:back_in_ns1');
    expect(values).not.toContain('ns_var:back_in_ns1');
  });

  it('17_multi_input: z, after the second CSV opens a again, lands in a', async () => {
    const values = await valuesOf('17_multi_input', ['input1.csv', 'input2.csv'], '0x3000');
    expect(values.filter((v) => v.endsWith(':z'))).toEqual(['a:z']);
  });
});
