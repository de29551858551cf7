import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron binary, if it was downloaded. Requiring the electron package
 * would try to download it (from GitHub, which some build machines cannot
 * reach), so its files are read instead.
 */
export function electronBinary(root: string): { path: string } | { missing: string } {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (process.env['ELECTRON_OVERRIDE_DIST_PATH']) {
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
    return { path: join(process.env['ELECTRON_OVERRIDE_DIST_PATH'], name) };
  }
  if (!existsSync(pathFile)) return { missing: 'the Electron binary was not downloaded (setup ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or GitHub is out of reach)' };
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary is missing at ${binary}` };
}
