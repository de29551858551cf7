import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPoolKey, type PoolEntry } from '../../src/main/identity/cert-pool.js';
import { createIssuer } from '../../src/main/identity/issue.js';
import { registerJobWithScheme } from '../../src/main/identity/ledger-job.js';
import { loadSerialScheme } from '../../src/main/identity/serial-scheme.js';
import { LedgerError, verifyLedger } from '../../src/main/ledger/index.js';
import { caOnDisk } from '../identity/cert-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { macOf, openLedger, scratch } from './fixtures.js';

const pemBody = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

/** Every file in the folder (the ledger, its WAL and shared memory, anything left behind), as text. */
const folderText = (folder: string): string =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');

describe('identities: serial schemes and certificates recorded in the ledger', () => {
  it('issues each board a CA-signed certificate for its ledger serial, and keeps no private key anywhere', async () => {
    const folder = scratch();
    const { ca } = await caOnDisk(folder);
    const scheme = await loadSerialScheme({ kind: 'counter', template: 'ACME-{gg}{ww}-{counter:06}' }, { baseDir: folder });
    const ledger = openLedger(join(folder, 'ledger.sqlite'), { now: () => new Date(2026, 10, 24, 9) });
    const job = registerJobWithScheme(ledger, { name: 'widget', serialScheme: { kind: 'counter', template: 'ACME-{gg}{ww}-{counter:06}' }, certMode: 'issue', definitionSha256: '2'.repeat(64) }, scheme);
    const issuer = createIssuer(ca, { subject: 'CN={serial}, O=ACME', san: ['URI:urn:acme:dev:{mac_hex}'], validityDays: 3650, extendedKeyUsage: ['clientAuth'] });
    const keys: string[] = [];
    for (let n = 1; n <= 40; n++) {
      const identity = ledger.bind(job, { mac: macOf(n), chip: 'ESP32-S3' });
      const issued = await issuer.issue({ serial: identity.serial, mac: identity.mac, job: 'widget' });
      keys.push(issued.keyPem);
      ledger.attachCertificate(identity.allocationId, { pem: issued.certPem, fingerprint: issued.fingerprint, notAfter: issued.notAfter.toISOString() });
      ledger.markProvisioned(identity.allocationId);
    }
    const caCertificate = new X509Certificate(ca.certPem);
    for (let n = 1; n <= 40; n++) {
      const row = ledger.queries.findByMac(macOf(n))!;
      expect(row.serial).toBe(`ACME-2648-${String(n).padStart(6, '0')}`);
      const certificate = new X509Certificate(ledger.queries.activeCertificate(row.allocationId)!.pem);
      expect(certificate.subject).toContain(`CN=${row.serial}`);
      expect(certificate.verify(caCertificate.publicKey)).toBe(true);
      expect(certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(row.certFingerprint);
      // The key the board got belongs to the certificate the ledger holds for it.
      expect(createPublicKey(createPrivateKey(keys[n - 1]!)).export({ type: 'spki', format: 'der' })).toEqual(certificate.publicKey.export({ type: 'spki', format: 'der' }));
    }
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
    const everything = folderText(folder);
    for (const key of keys) expect(everything).not.toContain(pemBody(key).slice(0, 40));
    expect(everything).not.toMatch(/BEGIN (EC )?PRIVATE KEY/);
  });

  it('imports a pool with `certs import`, refusing a key that does not match, and gives its keys to boards from where they are', async () => {
    const folder = scratch();
    const { ca } = await caOnDisk(folder);
    const issuer = createIssuer(ca, { subject: 'CN={serial}', validityDays: 365 });
    const pool = join(folder, 'pool');
    mkdirSync(pool);
    const made = [];
    for (let n = 1; n <= 5; n++) {
      const issued = await issuer.issue({ serial: `POOL-${n}`, mac: macOf(n) });
      writeFileSync(join(pool, `dev${n}.crt`), issued.certPem);
      writeFileSync(join(pool, `dev${n}.key`), issued.keyPem);
      made.push(issued);
    }
    // dev3's key swapped for dev4's: refused, and nothing is imported.
    writeFileSync(join(pool, 'dev3.key'), made[3]!.keyPem);
    const refused = await runCli(['certs', 'import', 'pool', '--ledger', 'ledger.sqlite', '--pool', 'line-a'], folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/problem\(s\) in .*pool; nothing was imported:\n.*dev3\.key.*\n {2}hint: /);
    writeFileSync(join(pool, 'dev3.key'), made[2]!.keyPem);
    const imported = await runCli(['certs', 'import', 'pool', '--ledger', 'ledger.sqlite', '--pool', 'line-a'], folder);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/5 certificate\(s\) added to pool "line-a"; 5 unused/);
    const again = await runCli(['certs', 'import', 'pool', '--ledger', 'ledger.sqlite', '--pool', 'line-a'], folder);
    expect(again.stderr).toMatch(/0 certificate\(s\) added to pool "line-a", 5 already there; 5 unused/);

    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const scheme = await loadSerialScheme({ kind: 'counter', template: 'P-{counter:04}' }, { baseDir: folder });
    const job = registerJobWithScheme(ledger, { name: 'pooled', serialScheme: { kind: 'counter', template: 'P-{counter:04}' }, certMode: 'pool', certPool: 'line-a', definitionSha256: '3'.repeat(64) }, scheme);
    const identity = ledger.bind(job, { mac: macOf(77) });
    const certificate = identity.certificate!;
    const key = await loadPoolKey({ certPem: certificate.pem, fingerprint: certificate.fingerprint, publicKeySha256: certificate.publicKeySha256!, keyRef: certificate.keyRef } as PoolEntry);
    expect(createPublicKey(key).export({ type: 'spki', format: 'der' })).toEqual(new X509Certificate(certificate.pem).publicKey.export({ type: 'spki', format: 'der' }));
    ledger.close();
    expect(readFileSync(join(folder, 'ledger.sqlite')).toString('latin1')).not.toMatch(/PRIVATE KEY/);
  });

  it('hands out a list of serials in file order, each once, and says when it runs out', async () => {
    const folder = scratch();
    writeFileSync(join(folder, 'serials.csv'), 'serial\r\nLOT7-0001\r\nLOT7-0002\r\nLOT7-0003\r\n');
    const scheme = await loadSerialScheme({ kind: 'list', file: 'serials.csv' }, { baseDir: folder });
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const definition = { name: 'listed', serialScheme: { kind: 'list' as const, file: 'serials.csv' }, certMode: 'none' as const, definitionSha256: '4'.repeat(64) };
    const job = registerJobWithScheme(ledger, definition, scheme);
    registerJobWithScheme(ledger, definition, scheme); // loading the job again imports nothing twice
    expect([1, 2, 3].map((n) => ledger.bind(job, { mac: macOf(n) }).serial)).toEqual(['LOT7-0001', 'LOT7-0002', 'LOT7-0003']);
    let error: unknown;
    try {
      ledger.bind(job, { mac: macOf(4) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).message).toMatch(/job "listed" has used every serial of its list/);
    ledger.close();
  });
});
