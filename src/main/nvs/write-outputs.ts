import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '../files/atomic-write.js';
import { CliError } from '../cli/errors.js';

export interface OutputFile {
  path: string;
  data: Uint8Array;
  /** Key files are secrets: written owner-only, and never over an existing file. */
  secret?: boolean;
}

/**
 * Writes a command's outputs all or nothing: secret files that exist already
 * are refused before anything is written, each file is written atomically,
 * and when one fails the files written before it are removed again.
 * List the files that may replace an existing one last: those cannot be undone.
 */
export function writeOutputs(files: readonly OutputFile[]): void {
  for (const file of files) {
    if (file.secret && existsSync(file.path)) {
      throw new CliError(`key file ${file.path} exists already: refusing to overwrite it (devices may depend on those keys). Choose another name with --keyfile / --kp_hmac_keyfile, or move the old file away`);
    }
  }
  const written: string[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileAtomicSync(file.path, file.data, file.secret ? 0o600 : undefined);
      written.push(file.path);
    }
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    const failed = files[written.length]!.path;
    throw new CliError(`cannot write ${failed}: ${(error as Error).message}`);
  }
}
