import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyLedger, type PoolCertificate } from '../../src/main/ledger/index.js';
import { counterJob, macOf, openLedger, scratch, refusal } from './fixtures.js';

function fakeCertificate(name: string): PoolCertificate & { pem: string } {
  const der = randomBytes(200);
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
  return { certPem: pem, pem, fingerprint: createHash('sha256').update(der).digest('hex'), subject: `CN=${name}`, notAfter: '2036-01-01T00:00:00.000Z', publicKeySha256: 'c'.repeat(64), keyRef: { file: `/pool/${name}.key` } };
}

describe('ledger: certificates', () => {
  it('gives each board the next pool certificate with its serial, and the same one on rework', () => {
    const file = join(scratch(), 'ledger.sqlite');
    const ledger = openLedger(file);
    const pool = ['a', 'b', 'c'].map(fakeCertificate);
    expect(ledger.importPoolCertificates('line-1', pool, '/pool')).toEqual({ added: 3, skipped: 0 });
    expect(ledger.importPoolCertificates('line-1', pool, '/pool')).toEqual({ added: 0, skipped: 3 });
    const job = counterJob(ledger, 'widget', { certMode: 'pool', certPool: 'line-1' });
    const first = ledger.bind(job, { mac: macOf(1) });
    expect(first.certificate).toMatchObject({ fingerprint: pool[0]!.fingerprint, origin: 'pool', status: 'active', keyRef: { file: '/pool/a.key' } });
    expect(ledger.bind(job, { mac: macOf(1) }).certificate?.fingerprint).toBe(pool[0]!.fingerprint);
    expect(ledger.bind(job, { mac: macOf(2) }).certificate?.fingerprint).toBe(pool[1]!.fingerprint);
    ledger.close();
    expect(verifyLedger(file).ok).toBe(true);
  });

  it('burns no serial when the pool is empty: the whole binding is rolled back', () => {
    const ledger = openLedger(join(scratch(), 'ledger.sqlite'));
    ledger.importPoolCertificates('small', [fakeCertificate('only')], '/pool');
    const job = counterJob(ledger, 'widget', { certMode: 'pool', certPool: 'small' });
    ledger.bind(job, { mac: macOf(1) });
    const error = refusal(() => ledger.bind(job, { mac: macOf(2) }));
    expect(error.code).toBe('pool-empty');
    expect(error.hint).toMatch(/certs import .* --pool small/);
    expect(ledger.queries.count()).toBe(1);
    ledger.importPoolCertificates('small', [fakeCertificate('more')], '/pool');
    expect(ledger.bind(job, { mac: macOf(2) }).serial).toBe('SN-000002');
    ledger.close();
  });

  it('records issued certificates, refuses one certificate on two boards, and keeps a replaced one as superseded', () => {
    const file = join(scratch(), 'ledger.sqlite');
    const ledger = openLedger(file);
    const job = counterJob(ledger, 'widget', { certMode: 'issue' });
    const one = ledger.bind(job, { mac: macOf(1) });
    const two = ledger.bind(job, { mac: macOf(2) });
    expect(refusal(() => ledger.markProvisioned(one.allocationId)).message).toMatch(/SN-000001 has no certificate yet/);
    const certificate = fakeCertificate('SN-000001');
    ledger.attachCertificate(one.allocationId, certificate);
    expect(refusal(() => ledger.attachCertificate(two.allocationId, certificate)).message).toMatch(/that certificate already belongs to a device/);
    expect(refusal(() => ledger.attachCertificate(one.allocationId, fakeCertificate('again'))).code).toBe('invalid-state');
    // The board's flash was erased in rework, with its key: the serial stays, the certificate is replaced.
    const replacement = fakeCertificate('SN-000001 again');
    ledger.replaceCertificate(job, one.allocationId, 'key lost: flash erased in rework', replacement);
    expect(ledger.bind(job, { mac: macOf(1) }).certificate?.fingerprint).toBe(replacement.fingerprint);
    const detail = ledger.queries.detail('SN-000001')!;
    expect(detail.certificates.map((c) => [c.fingerprint, c.status])).toEqual([
      [certificate.fingerprint, 'superseded'],
      [replacement.fingerprint, 'active'],
    ]);
    ledger.markProvisioned(one.allocationId);
    ledger.close();
    expect(verifyLedger(file).ok).toBe(true);
  });

  it('refuses pool certificates already in another pool', () => {
    const ledger = openLedger(join(scratch(), 'ledger.sqlite'));
    const shared = fakeCertificate('shared');
    ledger.importPoolCertificates('a', [shared], '/pool-a');
    const error = refusal(() => ledger.importPoolCertificates('b', [fakeCertificate('new'), shared], '/pool-b'));
    expect(error.message).toMatch(/1 certificate\(s\) of \/pool-b are already in the ledger:\nCN=shared .* in pool "a"/);
    expect(ledger.db.prepare("SELECT count(*) FROM certificates WHERE pool = 'b'").pluck().get()).toBe(0);
    ledger.close();
  });
});
