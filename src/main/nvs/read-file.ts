import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';

/** Largest file a row may bring: more than any NVS partition holds. */
const MAX_INPUT_FILE = 16 * 1024 * 1024;

/** Reads files named by `file` rows; relative paths resolve against cwd, as the reference does. */
export function makeFileReader(cwd: string): (path: string, at: SourceLocation) => Uint8Array {
  return (path, at) => {
    const full = resolve(cwd, path);
    try {
      if (statSync(full).size > MAX_INPUT_FILE) throw new NvsInputError(`file '${path}' is larger than 16 MiB`, at, 'an NVS partition cannot hold it');
      return readFileSync(full);
    } catch (error) {
      if (error instanceof NvsInputError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
      throw new NvsInputError(`file '${path}' ${why} (looked for ${full})`, at, 'paths in the CSV are relative to the current directory, as with nvs_partition_gen.py');
    }
  };
}

/** Reads an input file given on the command line, as text. */
export function readInputText(path: string, cwd: string, what: string): string {
  const full = resolve(cwd, path);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    throw new NvsInputError(`${what} '${path}' ${why}`, undefined, code === 'ENOENT' ? `check the path (looked for ${full})` : undefined);
  }
}
