import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, loadCa, type LoadedCa } from '../../src/main/identity/ca.js';
import { scratchFolders } from '../helpers/scratch.js';

/** A fresh folder for each test, removed after it. */
export const useTempDirs = (): (() => string) => scratchFolders('cert');

export const PASSPHRASE = 'correct horse battery staple';

export interface CaOnDisk {
  ca: LoadedCa;
  certPath: string;
  keyPath: string;
}

/** A CA made by createCa, written to `dir` and opened with loadCa, as a job would. */
export async function caOnDisk(dir: string, subject = 'CN=ACME Trial Device CA, O=ACME', validityDays = 365): Promise<CaOnDisk> {
  const created = await createCa({ subject, validityDays, passphrase: PASSPHRASE });
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  writeFileSync(certPath, created.certPem);
  writeFileSync(keyPath, created.encryptedKeyPem);
  return { ca: await loadCa({ certPath, keyPath, passphrase: PASSPHRASE }), certPath, keyPath };
}

/** openssl, when this machine has it. */
export const opensslVersion = (): string | undefined => {
  const run = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
};

/**
 * For a test that checks our output with openssl, a second, independent
 * implementation: without openssl it fails under CI (.ci/run installs it) and
 * is skipped elsewhere, saying why, since a developer's machine may lack it.
 */
export function requireOpenssl(ctx: { skip(note?: string): void }, what: string): void {
  if (opensslVersion()) return;
  const reason = `openssl is not installed, so ${what} cannot be checked with it`;
  if (process.env.CI) throw new Error(`${reason} (install it: apt-get install openssl)`);
  console.log(`skipped: ${reason}`);
  ctx.skip(reason);
}
