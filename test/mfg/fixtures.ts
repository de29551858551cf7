import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';
import { nvsVectorPath } from '../helpers/vectors.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-mfg-'));
  made.push(dir);
  return dir;
}

/**
 * A writable copy of a vector case's inputs (the tools resolve `file` paths
 * against cwd, so runs happen in the copy), without the reference's outputs.
 */
export function copyCase(caseName: string, inputs: string[]): string {
  const dir = tempDir();
  for (const input of inputs) cpSync(nvsVectorPath(caseName, input), join(dir, input), { recursive: true });
  makeWritable(dir);
  return dir;
}

function makeWritable(path: string): void {
  chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

/** Every file under dir, as relative path -> bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Every path under dir (files and folders), sorted. */
export function listTree(dir: string): string[] {
  return [...readdirSync(dir, { recursive: true, encoding: 'utf8' })].sort();
}

export const MFG_10DEV_INPUTS = ['config.csv', 'values.csv', 'certs', 'keys_fixed.bin', 'config_i16.csv', 'values_i16.csv'];
export const MFG_ERRORS_INPUTS = ['config.csv', 'values_badval.csv', 'values_order.csv', 'values_short.csv', 'values_dupid.csv'];

/** The part of a reference stdout.txt that one command printed: from its first line up to the `rc=` line after it. */
export function referenceStdout(caseName: string, nth: number): string {
  const text = readFileSync(nvsVectorPath(caseName, 'stdout.txt'), 'utf8');
  const parts = text.split(/^rc\S*=\d+\n/m);
  return parts[nth]!;
}
