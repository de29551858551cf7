import { type CheckContext, entryPlace, keyId, problem } from './problem.js';
import type { NvsEntry } from './types.js';

const sameNs = (a: NvsEntry, b: NvsEntry): boolean => a !== b && a.nsIndex === b.nsIndex;

/**
 * Keys written more than once in the same namespace. As in nvs_tool, a blob's
 * index and its chunks share the key legitimately, and so do chunks with
 * different chunk indices; entries of unknown type are left out.
 */
export function checkDuplicates(ctx: CheckContext): void {
  const groups = new Map<string, NvsEntry[]>();
  for (const entry of ctx.written) {
    const id = keyId(entry);
    const group = groups.get(id);
    if (group) group.push(entry);
    else groups.set(id, [entry]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const known = group.filter((entry) => entry.knownType);
    const colliding = known.filter((entry) => known.some((other) => sameNs(entry, other)));
    const indexes = colliding.filter((entry) => entry.typeName === 'blob_index');
    const chunks = colliding.filter((entry) => entry.typeName === 'blob_data');
    const duplicates = [
      ...indexes.filter((entry) => indexes.some((other) => sameNs(entry, other))),
      ...chunks.filter((entry) => chunks.some((other) => sameNs(entry, other) && other.chunkIndex === entry.chunkIndex)),
      ...colliding.filter((entry) => entry.typeName !== 'blob_index' && entry.typeName !== 'blob_data'),
    ];
    for (const entry of duplicates) {
      const others = colliding.filter((other) => sameNs(entry, other)).map((other) => ({ page: other.page, entry: other.index }));
      const also = others.map((o) => `page ${o.page} entry ${o.entry}`).join(', ');
      ctx.problems.push(
        problem(
          'error',
          { code: 'duplicate-key', namespace: entry.nsIndex, others },
          `${entryPlace(entry)}: the key is written more than once in namespace ${entry.nsIndex} (also at ${also})`,
          entry,
        ),
      );
    }
  }
}
