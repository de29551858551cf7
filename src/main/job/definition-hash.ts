import { createHash } from 'node:crypto';

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/**
 * The job's fingerprint: SHA-256 of a sha256sum-style manifest of every file
 * the job uses (job.json included), sorted by path. Any change to any of them,
 * or a file added or dropped, changes it.
 */
export function definitionHash(contents: ReadonlyMap<string, Uint8Array>): { sha256: string; files: { path: string; sha256: string }[] } {
  const files = [...contents].map(([path, data]) => ({ path, sha256: sha256(data) })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sha256: sha256(files.map((f) => `${f.sha256}  ${f.path}\n`).join('')), files };
}
