import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { IdentityError } from './identity-error.js';

export const PASSPHRASE_ENV = 'FACTORY_BENCH_CA_PASSPHRASE';

const HOW = `give --passphrase-file FILE (its first line is the passphrase) or set ${PASSPHRASE_ENV}`;

/**
 * The CA passphrase: the first line of `passphraseFile` when one is given,
 * else the environment variable. Never a command-line argument, which other
 * users of the machine could read from the process list.
 */
export async function resolvePassphrase(options: { passphraseFile?: string; env: Readonly<Record<string, string | undefined>>; cwd: string }): Promise<string> {
  if (options.passphraseFile !== undefined) {
    const file = resolve(options.cwd, options.passphraseFile);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
      throw new IdentityError(`passphrase file ${file} ${why}`, { file, hint: HOW });
    }
    const line = text.split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '');
    if (line === '') throw new IdentityError(`passphrase file ${file} has an empty first line`, { file, line: 1, hint: 'put the passphrase on the first line of the file' });
    return line;
  }
  const fromEnv = options.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  throw new IdentityError('the CA key needs a passphrase and none was given', { hint: HOW });
}
