import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/helpers/vectors.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared reference vectors: $FACTORY_BENCH_VECTORS, or ../shared/vectors
 * beside the repository. Missing vectors fail the test: they are never skipped.
 */
export function vectorsDir(): string {
  const dir = process.env.FACTORY_BENCH_VECTORS ?? resolve(repoRoot, '../shared/vectors');
  if (!existsSync(join(dir, 'nvs'))) {
    throw new Error(`reference vectors not found at ${dir} (expected an nvs/ folder in it): set FACTORY_BENCH_VECTORS to the vectors directory`);
  }
  return dir;
}

/** A path inside vectors/nvs, e.g. nvsVectorPath('09_encrypted_fixed_key', 'output.bin'). */
export function nvsVectorPath(...parts: string[]): string {
  const path = join(vectorsDir(), 'nvs', ...parts);
  if (!existsSync(path)) throw new Error(`reference vector file missing: ${path}`);
  return path;
}

export function readNvsVector(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(nvsVectorPath(...parts)));
}
