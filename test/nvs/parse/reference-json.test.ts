import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/shared/nvs/decode/index.js';
import { renderReport } from '../../../src/shared/nvs/report/index.js';
import { imageName, referenceDumps } from './reference-dumps.js';

const dumps = referenceDumps();

describe('JSON dumps equal nvs_tool v6.0.2 on every vector image', () => {
  it('finds the reference dumps', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(29);
  });

  for (const dump of dumps) {
    describe(`${dump.caseName}/${dump.image}`, () => {
      const image = decodeImage(new Uint8Array(readFileSync(dump.imagePath)));

      it('-f json -d all: the same text, byte for byte', () => {
        const ours = renderReport(image, { dump: 'all', format: 'json', name: imageName(dump) });
        expect(JSON.parse(ours)).toEqual(JSON.parse(dump.allJson));
        expect(ours).toBe(dump.allJson);
      });

      it('-f json -d minimal: the same text, byte for byte', () => {
        const ours = renderReport(image, { dump: 'minimal', format: 'json' });
        expect(JSON.parse(ours)).toEqual(JSON.parse(dump.minimalJson));
        expect(ours).toBe(dump.minimalJson);
      });
    });
  }
});
