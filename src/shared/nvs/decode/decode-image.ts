import { PAGE_SIZE } from '../layout.js';
import { checkBlobs } from './check-blobs.js';
import { checkDuplicates } from './check-duplicates.js';
import { checkNamespaces } from './check-namespaces.js';
import { checkPage } from './check-page.js';
import { checkPartition } from './check-partition.js';
import { decodePage } from './page.js';
import type { CheckContext } from './problem.js';
import type { NvsImage, NvsPage } from './types.js';

/**
 * Decodes an NVS partition image and checks it. Never throws on any bytes:
 * whatever is wrong with them ends up in `problems`. The result refers to
 * `image` (no copies), so the caller must not change it afterwards.
 */
export function decodeImage(image: Uint8Array): NvsImage {
  const pages: NvsPage[] = [];
  const whole = Math.floor(image.length / PAGE_SIZE);
  for (let i = 0; i < whole; i++) pages.push(decodePage(image, i, i * PAGE_SIZE));

  const ctx: CheckContext = {
    problems: checkPartition(image.length, pages),
    written: [],
    blobIndexes: new Map(),
    blobChunks: [],
    definedNamespaces: new Map(),
    usedNamespaces: new Map(),
  };
  for (const page of pages) checkPage(page, ctx);
  checkDuplicates(ctx);
  checkBlobs(ctx);
  checkNamespaces(ctx);

  const namespaces = new Map<number, string>();
  for (const [index, definition] of ctx.definedNamespaces) namespaces.set(index, definition.key);
  return { length: image.length, pages, namespaces, problems: ctx.problems };
}
