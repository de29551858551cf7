import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCa } from '../../src/main/identity/ca.js';
import { createIssuer } from '../../src/main/identity/issue.js';
import { runCli } from '../helpers/run-cli.js';
import { PASSPHRASE, useTempDirs } from './cert-fixtures.js';

const tempDir = useTempDirs();

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A working folder with a passphrase file in it. */
function workDir(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'pass.txt'), `${PASSPHRASE}\n`);
  return dir;
}

describe('factory-bench ca create', () => {
  it('writes ca.crt and an encrypted ca.key that loadCa opens, and prints the fingerprint', async () => {
    const dir = workDir();
    const run = await runCli(['ca', 'create', '--out', 'ca', '--subject', 'CN=ACME Trial Device CA, O=ACME', '--days', '400', '--passphrase-file', 'pass.txt'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const certPath = join(dir, 'ca', 'ca.crt');
    const keyPath = join(dir, 'ca', 'ca.key');
    expect(run.stdout).toContain(certPath);
    expect(run.stdout).toContain(keyPath);
    const cert = new X509Certificate(readFileSync(certPath));
    expect(run.stdout).toContain(`SHA-256 fingerprint: ${cert.fingerprint256}`);
    expect(cert.subject).toBe('CN=ACME Trial Device CA\nO=ACME');
    expect(Math.round((new Date(cert.validTo).getTime() - Date.now()) / 86_400_000)).toBe(400);
    expect(readFileSync(keyPath, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(statSync(keyPath).mode & 0o077).toBe(0);
    expect(readdirSync(join(dir, 'ca')).sort()).toEqual(['ca.crt', 'ca.key']);

    const ca = await loadCa({ certPath, keyPath, passphrase: PASSPHRASE });
    const device = await createIssuer(ca, { subject: 'CN={serial}', validityDays: 30 }).issue({ serial: 'SN1', mac: '000000000001' });
    expect(new X509Certificate(device.certPem).verify(cert.publicKey)).toBe(true);
    await expect(loadCa({ certPath, keyPath, passphrase: 'wrong passphrase' })).rejects.toThrow(/wrong passphrase/);
  });

  it('takes the passphrase from FACTORY_BENCH_CA_PASSPHRASE, with the default subject', async () => {
    const dir = tempDir();
    vi.stubEnv('FACTORY_BENCH_CA_PASSPHRASE', PASSPHRASE);
    const run = await runCli(['ca', 'create', '--out', '.'], dir);
    expect(run.code).toBe(0);
    const ca = await loadCa({ certPath: join(dir, 'ca.crt'), keyPath: join(dir, 'ca.key'), passphrase: PASSPHRASE });
    expect(ca.subject).toBe('CN=Factory Bench Device CA');
  });

  it('refuses to overwrite an existing CA and leaves it as it was', async () => {
    const dir = workDir();
    expect((await runCli(['ca', 'create', '--out', 'ca', '--passphrase-file', 'pass.txt'], dir)).code).toBe(0);
    const before = [readFileSync(join(dir, 'ca', 'ca.crt')), readFileSync(join(dir, 'ca', 'ca.key'))];
    const run = await runCli(['ca', 'create', '--out', 'ca', '--passphrase-file', 'pass.txt'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'ca', 'ca.crt')} exists already: refusing to overwrite it`);
    expect([readFileSync(join(dir, 'ca', 'ca.crt')), readFileSync(join(dir, 'ca', 'ca.key'))]).toEqual(before);
    expect(readdirSync(join(dir, 'ca')).sort()).toEqual(['ca.crt', 'ca.key']);
  });

  it('refuses when only ca.key is there, without writing ca.crt beside it', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'ca.key'), 'an older key\n');
    const run = await runCli(['ca', 'create', '--out', '.', '--passphrase-file', 'pass.txt'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ca.key exists already');
    expect(readFileSync(join(dir, 'ca.key'), 'utf8')).toBe('an older key\n');
    expect(readdirSync(dir).sort()).toEqual(['ca.key', 'pass.txt']);
  });

  it('says how to give a passphrase when there is none, and leaves no file behind', async () => {
    const dir = tempDir();
    vi.stubEnv('FACTORY_BENCH_CA_PASSPHRASE', '');
    const run = await runCli(['ca', 'create', '--out', 'ca'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('needs a passphrase');
    expect(run.stderr).toContain('--passphrase-file FILE');
    expect(run.stderr).toContain('FACTORY_BENCH_CA_PASSPHRASE');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when the subject, the passphrase or the days are bad', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'short.txt'), 'short\n');
    const bad = [
      [['--subject', 'CN=CA, C=Germany', '--passphrase-file', 'pass.txt'], 'two-letter country code', 1],
      [['--subject', 'XX=CA', '--passphrase-file', 'pass.txt'], 'unknown attribute type "XX"', 1],
      [['--passphrase-file', 'short.txt'], 'shorter than 8 characters', 1],
      [['--passphrase-file', 'none.txt'], 'does not exist', 1],
      [['--days', '0', '--passphrase-file', 'pass.txt'], '--days 0', 2],
    ] as const;
    for (const [args, message, code] of bad) {
      const run = await runCli(['ca', 'create', '--out', 'ca', ...args], dir);
      expect(run.stderr).toContain(message);
      expect(run.code).toBe(code);
      expect(existsSync(join(dir, 'ca'))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(['pass.txt', 'short.txt']);
    }
  });

  it('needs --out, and prints its help', async () => {
    const dir = tempDir();
    const missing = await runCli(['ca', 'create'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out');
    const help = await runCli(['ca', 'create', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: factory-bench ca create /);
    expect(help.stdout).toContain('--passphrase-file FILE');
  });
});
