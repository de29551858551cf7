import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latin1, rstripNul } from '../../../src/shared/nvs/decode/bytes.js';
import { decodeImage, type NvsImage } from '../../../src/shared/nvs/decode/index.js';
import { renderReport } from '../../../src/shared/nvs/report/index.js';
import { referenceDumps } from './reference-dumps.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * nvs_tool prints keys one character per byte; our text shows keys that are
 * valid UTF-8 as UTF-8. Rewrites the reference's text the same way, key by key.
 */
function withUtf8Keys(reference: string, image: NvsImage): string {
  let text = reference;
  for (const page of image.pages) {
    for (const entry of page.entries) {
      const bytes = rstripNul(entry.keyBytes);
      if (!bytes.some((b) => b >= 0x80)) continue;
      let decoded: string;
      try {
        decoded = utf8.decode(bytes);
      } catch {
        continue;
      }
      text = text.replaceAll(latin1(bytes), decoded);
    }
  }
  return text;
}

describe('-d written -i text equals nvs_tool v6.0.2 on every vector image', () => {
  for (const dump of referenceDumps()) {
    it(`${dump.caseName}/${dump.image}`, () => {
      const image = decodeImage(new Uint8Array(readFileSync(dump.imagePath)));
      const ours = renderReport(image, { dump: 'written', format: 'text', integrity: true, color: false });
      expect(ours).toBe(withUtf8Keys(dump.writtenCheck, image));
    });
  }
});
