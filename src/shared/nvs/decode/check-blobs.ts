import { blobId, type CheckContext, entryPlace, problem } from './problem.js';
import type { NvsEntry } from './types.js';

const nsLabel = (ctx: CheckContext, ns: number): string => {
  const definition = ctx.definedNamespaces.get(ns);
  return definition ? `${ns} (${JSON.stringify(definition.key)})` : `${ns} (undefined)`;
};

/** v2 blobs: every chunk has an index, every index has all its chunks, and the chunks add up to the blob's size. */
export function checkBlobs(ctx: CheckContext): void {
  const chunksOf = new Map<string, (NvsEntry | undefined)[]>();
  for (const [id, index] of ctx.blobIndexes) {
    chunksOf.set(id, new Array<NvsEntry | undefined>(index.data.kind === 'blobIndex' ? index.data.chunkCount : 0).fill(undefined));
  }
  for (const chunk of ctx.blobChunks) {
    const id = blobId(chunk);
    const index = ctx.blobIndexes.get(id);
    if (!index || index.data.kind !== 'blobIndex') {
      ctx.problems.push(
        problem(
          'error',
          { code: 'orphan-chunk', namespace: chunk.nsIndex, chunkIndex: chunk.chunkIndex },
          `${entryPlace(chunk)}: blob chunk ${chunk.chunkIndex} in namespace ${nsLabel(ctx, chunk.nsIndex)} has no blob index`,
          chunk,
        ),
      );
      continue;
    }
    const { chunkStart, chunkCount } = index.data;
    const position = chunk.chunkIndex - chunkStart;
    if (position < 0 || position >= chunkCount) {
      ctx.problems.push(
        problem(
          'error',
          { code: 'chunk-out-of-range', namespace: chunk.nsIndex, chunkIndex: chunk.chunkIndex, chunkStart, chunkCount },
          `${entryPlace(chunk)}: blob chunk ${chunk.chunkIndex} is outside its index's chunks ${chunkStart}…${chunkStart + chunkCount - 1}`,
          chunk,
        ),
      );
      continue;
    }
    chunksOf.get(id)![position] = chunk;
  }
  for (const [id, index] of ctx.blobIndexes) {
    if (index.data.kind !== 'blobIndex') continue;
    let actual = 0;
    for (const [i, chunk] of chunksOf.get(id)!.entries()) {
      if (chunk === undefined) {
        ctx.problems.push(
          problem(
            'error',
            { code: 'missing-chunk', namespace: index.nsIndex, chunk: i },
            `${entryPlace(index)}: the blob in namespace ${nsLabel(ctx, index.nsIndex)} is missing its chunk ${index.data.chunkStart + i} (chunk ${i + 1} of ${index.data.chunkCount})`,
            index,
          ),
        );
      } else if (chunk.data.kind === 'variable') {
        actual += chunk.data.size;
      }
    }
    const expected = index.data.size;
    if (actual !== expected) {
      const what = actual < expected ? `${expected - actual} bytes are missing` : `${actual - expected} bytes too many`;
      ctx.problems.push(
        problem(
          'error',
          { code: 'blob-size', namespace: index.nsIndex, expected, actual },
          `${entryPlace(index)}: the blob index says ${expected} bytes but its chunks hold ${actual} (${what})`,
          index,
        ),
      );
    }
  }
}
