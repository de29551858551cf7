import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/**
 * Fresh temporary folders named `fb-<name>-…`, removed after each test, or
 * after the file's tests with `until: 'file'` (for what beforeAll sets up).
 * Call it at the top of a test file or fixture module; it returns the maker.
 */
export function scratchFolders(name: string, until: 'test' | 'file' = 'test'): () => string {
  const made: string[] = [];
  (until === 'test' ? afterEach : afterAll)(() => {
    for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    const folder = mkdtempSync(join(tmpdir(), `fb-${name}-`));
    made.push(folder);
    return folder;
  };
}
