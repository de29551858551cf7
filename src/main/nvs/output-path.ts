import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../cli/errors.js';

const expandHome = (path: string): string => (path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path);

/**
 * Where an output file goes, by the reference's rules: the name must have a
 * .bin extension; it is placed in --outdir (default: the current directory),
 * which is created if missing; an absolute path ignores --outdir.
 */
export function resolveBinOutput(output: string, outdir: string | undefined, cwd: string, warn: (message: string) => void): string {
  if (!extname(output).includes('.bin')) {
    throw new CliError(`output file '${output}' must have a .bin extension`);
  }
  if (isAbsolute(output)) {
    if (outdir !== undefined) warn(`--outdir is ignored because the output path ${output} is absolute`);
    return output;
  }
  const dir = resolve(cwd, expandHome(outdir ?? '.'));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create the output folder ${dir}: ${(error as Error).message}`);
  }
  return join(dir, output);
}
