import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync, renameSync } from 'node:fs';
import { rm, writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A hidden temporary name beside the target, so that the rename stays on one file system. */
export function temporaryNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file so that it is either complete or absent: the bytes go to a
 * temporary file that is then renamed into place. Nothing is left behind on failure.
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string, mode?: number): void {
  const temporary = temporaryNameFor(path);
  try {
    writeFileSync(temporary, data, { flag: 'wx', mode });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export async function writeFileAtomic(path: string, data: Uint8Array | string, mode?: number): Promise<void> {
  const temporary = temporaryNameFor(path);
  try {
    await writeFile(temporary, data, { flag: 'wx', mode });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
