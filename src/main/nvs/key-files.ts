import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../cli/errors.js';

const expandHome = (path: string): string => (path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path);

/** Python's os.path.splitext: the extension of the last path part, leading dots not counting. */
export function pythonExtension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.slice(0, dot).replace(/^\.+/, '') !== '' ? name.slice(dot) : '';
}

/** The reference wants `.bin` in the extension of every key and image file it reads or writes. */
export function requireBinExtension(path: string, what: string): void {
  if (!pythonExtension(path).includes('.bin')) {
    throw new CliError(`${what} '${path}' must have a .bin extension (as with nvs_partition_gen.py)`);
  }
}

/** `keys-%m-%d_%H-%M.bin` in local time, the reference's default key file name. */
export function defaultKeyFileName(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `keys-${two(now.getMonth() + 1)}-${two(now.getDate())}_${two(now.getHours())}-${two(now.getMinutes())}.bin`;
}

/**
 * Where a key file goes: `<outdir>/keys/<name>` (outdir defaults to cwd), or
 * `name` itself when absolute. A name without an extension gets `.bin`, any
 * other extension is refused, as the reference does.
 */
export function resolveKeyOutput(name: string, outdir: string | undefined, cwd: string, warn: (message: string) => void): string {
  let file = name;
  const extension = pythonExtension(file);
  if (extension === '') file += '.bin';
  else if (!extension.includes('.bin')) throw new CliError(`key file name '${name}' must have a .bin extension (or none, and .bin is added)`);
  if (isAbsolute(file)) {
    if (outdir !== undefined) warn(`--outdir is ignored for the key file because its path ${file} is absolute`);
    return file;
  }
  return join(resolve(cwd, expandHome(outdir ?? '.')), 'keys', file);
}

/** The default name of a generated HMAC key: "hmac-" before the key file's own name, in the same folder. */
export function defaultHmacKeyName(keyFile: string): string {
  const slash = keyFile.lastIndexOf('/');
  return `${keyFile.slice(0, slash + 1)}hmac-${keyFile.slice(slash + 1)}`;
}

/** Reads a binary input named on the command line; `what` says which one, e.g. "--inputkey file". */
export function readBinaryInput(path: string, cwd: string, what: string): Uint8Array {
  const full = resolve(cwd, expandHome(path));
  try {
    return readFileSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
    throw new CliError(`${what} '${path}' ${why}${code === 'ENOENT' ? ` (looked for ${full})` : ''}`);
  }
}
