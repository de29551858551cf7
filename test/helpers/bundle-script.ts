import { build } from 'esbuild';
import { nodeBundleOptions } from '../../scripts/node-bundle.mjs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './vectors.js';

/**
 * Bundles a TypeScript entry into a runnable .mjs under out/ (dependencies stay
 * in node_modules, so native modules load as they do for the CLI), for tests
 * that need the code in a child process they can kill.
 */
export async function bundleScript(entry: string, name: string): Promise<{ path: string; remove(): void }> {
  const outdir = join(repoRoot, 'out', `test-${name}-${process.pid}`);
  await build({ ...nodeBundleOptions, entryPoints: { [name]: entry }, outdir, logLevel: 'error' });
  return { path: join(outdir, `${name}.mjs`), remove: () => rmSync(outdir, { recursive: true, force: true }) };
}
