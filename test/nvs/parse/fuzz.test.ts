import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImage, readValues } from '../../../src/shared/nvs/decode/index.js';
import { DUMPS, FORMATS, renderReport } from '../../../src/shared/nvs/report/index.js';
import { readNvsVector } from '../../helpers/vectors.js';

/** Decoding, every report and the value reader must survive any bytes. */
function survives(bytes: Uint8Array): void {
  const image = decodeImage(bytes);
  readValues(image);
  for (const format of FORMATS) {
    for (const dump of DUMPS) renderReport(image, { dump, format, integrity: true, color: true, name: 'fuzz.bin' });
  }
  for (const problem of image.problems) expect(problem.message.length).toBeGreaterThan(0);
}

const seeds = ['01_jumpstart_7mfg/output.bin', '04_multipage_v2/output.bin', '05_v1_blob_max/output.bin', '12_zero_chunk_edge/output.bin', '14_quirks/output.bin'].map(
  (path) => readNvsVector(...path.split('/')),
);

/** A vector image with some bytes overwritten, maybe cut short: mostly valid structure, locally broken. */
const mutatedImage = fc
  .record({
    seed: fc.integer({ min: 0, max: seeds.length - 1 }),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 40 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ seed, edits, cut }) => {
    const image = seeds[seed]!.slice();
    for (const { at, value } of edits) image[at % image.length] = value;
    return cut === undefined ? image : image.subarray(0, cut % (image.length + 1));
  });

/** Pages whose bytes are mostly 0xFF or small numbers, so that spans, types and states take edge values. */
const edgeByte = fc.oneof(fc.constant(0xff), fc.constant(0x00), fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x01, 0x21, 0x41, 0x42, 0x48, 0x7e, 0x80, 0xfe));

describe('the decoder never throws', () => {
  it('on random bytes of any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 * 4096 + 100 }), (bytes) => survives(bytes)),
      { numRuns: 150 },
    );
  });

  it('on random pages made of edge-value bytes', () => {
    fc.assert(
      fc.property(fc.array(edgeByte, { minLength: 4096, maxLength: 3 * 4096 }), (bytes) => survives(Uint8Array.from(bytes))),
      { numRuns: 60 },
    );
  });

  it('on mutated and cut vector images', () => {
    fc.assert(
      fc.property(mutatedImage, (bytes) => survives(bytes)),
      { numRuns: 300 },
    );
  });
});
