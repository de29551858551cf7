import { closeSync, openSync, readSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';

/** Largest file a row may bring: more than any NVS partition holds. */
const MAX_INPUT_FILE = 16 * 1024 * 1024;

/**
 * Reads the files that `file` rows name, like makeFileReader (src/main/nvs/read-file.ts)
 * but in three system calls (open, read, close) instead of five: with two
 * files per device these calls are a good part of the time of a large run.
 * Relative paths resolve against cwd, as in the reference.
 */
export function makeInputReader(cwd: string): (path: string, at: SourceLocation) => Uint8Array {
  let scratch = Buffer.allocUnsafe(64 * 1024);
  return (path, at) => {
    const full = isAbsolute(path) ? path : resolve(cwd, path);
    let fd: number;
    try {
      fd = openSync(full, 'r');
    } catch (error) {
      throw unreadable(path, full, at, error);
    }
    try {
      let length = 0;
      for (;;) {
        if (length === scratch.length) {
          const bigger = Buffer.allocUnsafe(scratch.length * 4);
          scratch.copy(bigger, 0, 0, length);
          scratch = bigger;
        }
        const n = readSync(fd, scratch, length, scratch.length - length, null);
        if (n === 0) break;
        length += n;
        if (length > MAX_INPUT_FILE) throw new NvsInputError(`file '${path}' is larger than 16 MiB`, at, 'an NVS partition cannot hold it');
      }
      return new Uint8Array(scratch.subarray(0, length));
    } catch (error) {
      if (error instanceof NvsInputError) throw error;
      throw unreadable(path, full, at, error);
    } finally {
      closeSync(fd);
    }
  };
}

function unreadable(path: string, full: string, at: SourceLocation, error: unknown): NvsInputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
  return new NvsInputError(`file '${path}' ${why} (looked for ${full})`, at, 'paths in the values file are relative to the current directory, as with mfg_gen.py');
}
