import { readFileSync } from 'node:fs';

/**
 * Reads files synchronously, a slice at a time with the event loop let run in
 * between: on thousands of small files this is several times faster than
 * fs/promises (one thread-pool round trip per open, stat, read and close).
 */
export async function readTexts(paths: readonly string[], slice = 256): Promise<(string | NodeJS.ErrnoException)[]> {
  const out: (string | NodeJS.ErrnoException)[] = [];
  for (let i = 0; i < paths.length; i++) {
    if (i > 0 && i % slice === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      out.push(readFileSync(paths[i]!, 'utf8'));
    } catch (error) {
      out.push(error as NodeJS.ErrnoException);
    }
  }
  return out;
}

export const whyUnreadable = (error: NodeJS.ErrnoException): string =>
  error.code === 'ENOENT' ? 'does not exist' : error.code === 'EISDIR' ? 'is a folder, not a file' : error.code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${error.code ?? error.message})`;
