import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify, webcrypto, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCa, openCa } from '../../src/main/identity/ca.js';
import { IdentityError } from '../../src/main/identity/identity-error.js';
import { createIssuer, type IssuerOptions } from '../../src/main/identity/issue.js';
import { loadX509 } from '../../src/main/identity/x509.js';
import { caOnDisk, PASSPHRASE, requireOpenssl, useTempDirs } from './cert-fixtures.js';

const tempDir = useTempDirs();

const ACME: IssuerOptions = {
  subject: 'CN={serial}, O=ACME',
  san: ['DNS:{serial}.devices.acme.example', 'URI:urn:acme:{mac}'],
  validityDays: 3650,
  extendedKeyUsage: ['clientAuth'],
};

const issueOne = async (options: IssuerOptions = ACME, device = { serial: 'SN0042', mac: '24:6F:28:00:00:2A' }) => {
  const dir = tempDir();
  const { ca, certPath } = await caOnDisk(dir);
  const issued = await createIssuer(ca, options).issue(device);
  return { dir, ca, certPath, issued, cert: new X509Certificate(issued.certPem), caCert: new X509Certificate(ca.certPem) };
};

describe('issued device certificates', () => {
  it('verify against the CA (node and @peculiar/x509)', async () => {
    const { issued, cert, caCert } = await issueOne();
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.issuer).toBe(caCert.subject);
    const x509 = await loadX509();
    const parsed = new x509.X509Certificate(issued.certPem);
    expect(await parsed.verify({ publicKey: new x509.X509Certificate(caCert.raw).publicKey, signatureOnly: true })).toBe(true);
    expect(await parsed.verify({ publicKey: new x509.X509Certificate(caCert.raw).publicKey })).toBe(true);
    // Another CA's key does not verify it.
    const other = await caOnDisk(tempDir(), 'CN=Other CA');
    expect(cert.verify(new X509Certificate(other.ca.certPem).publicKey)).toBe(false);
  });

  it('carry the subject, SAN, validity and extensions of the template', async () => {
    const before = Date.now();
    const { issued, cert, caCert } = await issueOne();
    expect(cert.subject).toBe('CN=SN0042\nO=ACME');
    // The subject as the ledger records it.
    expect(issued.subject).toBe('CN=SN0042, O=ACME');
    expect(cert.subjectAltName).toBe('DNS:SN0042.devices.acme.example, URI:urn:acme:24:6f:28:00:00:2a');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // node lists the extended key usages here
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const notBefore = new Date(cert.validFrom).getTime();
    expect(notBefore).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 61_000);
    expect(notBefore).toBeLessThanOrEqual(Date.now() - 59_000);
    expect(new Date(cert.validTo).getTime() - Date.now()).toBeGreaterThan(3650 * 86_400_000 - 120_000);
    expect(issued.notBefore.getTime()).toBe(notBefore);
    expect(issued.notAfter.getTime()).toBe(new Date(cert.validTo).getTime());
    expect(issued.fingerprint).toBe(cert.fingerprint256.replaceAll(':', '').toLowerCase());

    const x509 = await loadX509();
    const parsed = new x509.X509Certificate(issued.certPem);
    const ku = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const bc = parsed.getExtension(x509.BasicConstraintsExtension)!;
    expect(bc.critical).toBe(true);
    expect(bc.ca).toBe(false);
    const caSki = new x509.X509Certificate(caCert.raw).getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(caSki);
    const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(ski.keyId).toBe(Buffer.from(await parsed.publicKey.getKeyIdentifier()).toString('hex'));
    expect(parsed.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(parsed.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
  });

  it('come with the private key of the certificate, as PKCS#8 PEM', async () => {
    const { issued, cert } = await issueOne();
    expect(issued.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = createPrivateKey(issued.keyPem);
    expect(cert.checkPrivateKey(key)).toBe(true);
    const message = Buffer.from('challenge from the cloud');
    expect(verify('sha256', message, cert.publicKey, sign('sha256', message, key))).toBe(true);
    expect(createPublicKey(key).export({ type: 'spki', format: 'der' })).toEqual(cert.publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('have random, distinct, positive 16-byte serial numbers', async () => {
    const { ca } = await caOnDisk(tempDir());
    const issuer = createIssuer(ca, ACME);
    const serials = new Set<string>();
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const issued = await issuer.issue({ serial: `SN${i}`, mac: `246f28${i.toString(16).padStart(6, '0')}` });
      const fromCert = new X509Certificate(issued.certPem).serialNumber.toLowerCase();
      expect(fromCert).toBe(issued.serialNumberHex);
      expect(fromCert).toMatch(/^[0-7][0-9a-f]{31}$/);
      expect(fromCert).not.toMatch(/^00/);
      serials.add(fromCert);
      keys.add(issued.keyPem);
    }
    expect(serials.size).toBe(200);
    expect(keys.size).toBe(200);
  });

  it('verify with openssl verify -x509_strict', async (ctx) => {
    requireOpenssl(ctx, 'the device certificate');
    const { dir, issued, certPath } = await issueOne();
    const device = join(dir, 'device.crt');
    writeFileSync(device, issued.certPem);
    const run = spawnSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', certPath, device], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`${device}: OK`);
    const text = spawnSync('openssl', ['x509', '-in', device, '-noout', '-text'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('CA:FALSE');
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature\n/);
  });

  it('put template values in as values, never as name syntax', async () => {
    const { cert, issued } = await issueOne({ ...ACME, subject: 'CN={serial}, O=ACME\\, Inc.', san: [] }, { serial: 'X, O=Evil+OU=x', mac: 'aabbccddeeff' });
    const x509 = await loadX509();
    const name = new x509.X509Certificate(issued.certPem).subjectName;
    expect(name.getField('CN')).toEqual(['X, O=Evil+OU=x']);
    expect(name.getField('O')).toEqual(['ACME, Inc.']);
    expect(name.getField('OU')).toEqual([]);
    expect(cert.subjectAltName).toBeUndefined();
    // Its text form escapes what would be name syntax (RFC 4514), and parses back to the same name.
    expect(issued.subject).toBe('CN=X\\, O=Evil\\+OU=x, O=ACME\\, Inc.');
    expect(new x509.Name(issued.subject).toString()).toBe(name.toString());
    const spaced = await issueOne({ ...ACME, subject: 'CN={serial}, O=ACME', san: [] }, { serial: '#1 a ', mac: 'aabbccddeeff' });
    expect(spaced.issued.subject).toBe('CN=\\#1 a\\ , O=ACME');
    expect(new x509.Name(spaced.issued.subject).getField('CN')).toEqual(['#1 a ']);
  });

  it('fill in {mac_hex}, {job} and constants', async () => {
    const options: IssuerOptions = { subject: 'CN={serial}, OU={line}, O=ACME', san: ['DNS:{mac_hex}.{job}.acme.example'], validityDays: 30, constants: { line: 'Line 3' } };
    const { cert } = await issueOne(options, { serial: 'SN7', mac: '24-6F-28-00-00-07', job: 'batch7' } as { serial: string; mac: string });
    expect(cert.subject).toBe('CN=SN7\nOU=Line 3\nO=ACME');
    expect(cert.subjectAltName).toBe('DNS:246f28000007.batch7.acme.example');
  });

  it('are signed by RSA CAs too', async () => {
    const x509 = await loadX509();
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=RSA CA',
      keys,
      signingAlgorithm: algorithm,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }) as string;
    const ca = await openCa({ certPem: caCert.toString('pem'), keyPem, passphrase: PASSPHRASE });
    const issued = await createIssuer(ca, ACME).issue({ serial: 'SN1', mac: '000000000001' });
    const cert = new X509Certificate(issued.certPem);
    expect(cert.verify(new X509Certificate(caCert.toString('pem')).publicKey)).toBe(true);
    expect(new x509.X509Certificate(issued.certPem).signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5' });
  });
});

describe('certificate templates', () => {
  const issuerError = async (options: Partial<IssuerOptions>): Promise<IdentityError> => {
    const { ca } = await caOnDisk(tempDir());
    try {
      createIssuer(ca, { ...ACME, ...options });
    } catch (error) {
      expect(error).toBeInstanceOf(IdentityError);
      return error as IdentityError;
    }
    throw new Error('createIssuer accepted the template');
  };

  it('name an unknown placeholder and its column', async () => {
    const error = await issuerError({ subject: 'CN={serail}, O=ACME' });
    expect(error.message).toContain('{serail}');
    expect(error.message).toContain('column 4');
    expect(error.column).toBe(4);
    expect(error.hint).toContain('{serial}');
    const san = await issuerError({ san: ['DNS:{serial}.acme.example', 'URI:urn:acme:{mak}'] });
    expect(san.message).toContain('san entry 2');
    expect(san.message).toContain('{mak}');
    expect(san.column).toBe(14);
  });

  it('count columns in the text as written, escapes included', async () => {
    const error = await issuerError({ subject: 'O=A\\,B, CN={x}' });
    expect(error.column).toBe(12);
  });

  it('accept a constant as a placeholder and refuse constants with built-in names', async () => {
    const { ca } = await caOnDisk(tempDir());
    expect(() => createIssuer(ca, { ...ACME, subject: 'CN={serial}, O={company}', constants: { company: 'ACME' } })).not.toThrow();
    await expect(issuerError({ constants: { serial: 'x' } })).resolves.toMatchObject({ message: expect.stringContaining('built-in') });
  });

  it('refuse names that cannot work for any device', async () => {
    expect((await issuerError({ subject: 'CN={serial}, XX=1' })).message).toContain('unknown attribute type "XX"');
    expect((await issuerError({ subject: 'CN={serial}, SN=1' })).hint).toContain('serialNumber=');
    expect((await issuerError({ subject: 'CN={serial}, C=Germany' })).message).toContain('two-letter');
    expect((await issuerError({ san: ['DNS:{mac}.acme.example'] })).message).toContain('not a DNS name');
    expect((await issuerError({ san: ['IP:10.0.0.1'] })).message).toContain('does not start with DNS:, URI: or email:');
    expect((await issuerError({ subject: 'CN={serial' })).message).toContain('never closed');
    expect((await issuerError({ subject: '' })).message).toContain('expected TYPE=value');
    expect((await issuerError({ extendedKeyUsage: ['anything' as 'clientAuth'] })).message).toContain('"anything"');
  });

  it('stop when the CA has expired since it was loaded', async () => {
    const day = 86_400_000;
    const created = await createCa({ subject: 'CN=Short CA', validityDays: 1, passphrase: PASSPHRASE, now: new Date(Date.now() - 3 * day) });
    const ca = await openCa({ certPem: created.certPem, keyPem: created.encryptedKeyPem, passphrase: PASSPHRASE, now: new Date(Date.now() - 2.5 * day) });
    await expect(createIssuer(ca, ACME).issue({ serial: 'SN1', mac: '000000000001' })).rejects.toThrow(/CA CN=Short CA expired on/);
  });

  it('refuse a device whose values do not fit, saying which device', async () => {
    const { ca } = await caOnDisk(tempDir());
    const issuer = createIssuer(ca, ACME);
    await expect(issuer.issue({ serial: 'SN 1', mac: '000000000001' })).rejects.toThrow(/device SN 1: san entry 1: .*must be ASCII without spaces/);
    await expect(issuer.issue({ serial: 'SN1', mac: 'not a mac' })).rejects.toThrow(/not a MAC address/);
    const withJob = createIssuer(ca, { ...ACME, subject: 'CN={serial}, OU={job}' });
    await expect(withJob.issue({ serial: 'SN1', mac: '000000000001' })).rejects.toThrow(/\{job\}/);
  });
});
