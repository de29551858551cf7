import { spawnSync } from 'node:child_process';
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCa, loadCa } from '../../src/main/identity/ca.js';
import { IdentityError } from '../../src/main/identity/identity-error.js';
import { createIssuer } from '../../src/main/identity/issue.js';
import { PASSPHRASE_ENV, resolvePassphrase } from '../../src/main/identity/passphrase.js';
import { loadX509 } from '../../src/main/identity/x509.js';
import { caOnDisk, PASSPHRASE, requireOpenssl, useTempDirs } from './cert-fixtures.js';

const tempDir = useTempDirs();

async function loadError(options: Parameters<typeof loadCa>[0]): Promise<IdentityError> {
  try {
    await loadCa(options);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    return error as IdentityError;
  }
  throw new Error('loadCa accepted it');
}

describe('createCa', () => {
  it('makes a self-signed ECDSA P-256 CA certificate with the CA extensions', async () => {
    const { certPem } = await createCa({ subject: 'CN=ACME Trial Device CA, O=ACME', validityDays: 730, passphrase: PASSPHRASE });
    const cert = new X509Certificate(certPem);
    expect(cert.subject).toBe('CN=ACME Trial Device CA\nO=ACME');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(729.99);
    expect(days).toBeLessThan(730.01);
    const x509 = await loadX509();
    const parsed = new x509.X509Certificate(certPem);
    const bc = parsed.getExtension(x509.BasicConstraintsExtension)!;
    expect([bc.critical, bc.ca, bc.pathLength]).toEqual([true, true, 0]);
    const ku = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId).toBe(Buffer.from(await parsed.publicKey.getKeyIdentifier()).toString('hex'));
    expect(cert.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it('encrypts the key: it opens only with the passphrase', async () => {
    const { certPem, encryptedKeyPem } = await createCa({ subject: 'CN=CA', validityDays: 30, passphrase: PASSPHRASE });
    expect(encryptedKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(encryptedKeyPem).not.toContain('BEGIN PRIVATE KEY');
    expect(() => createPrivateKey({ key: encryptedKeyPem, passphrase: 'not the passphrase' })).toThrow();
    expect(() => createPrivateKey({ key: encryptedKeyPem, passphrase: '' })).toThrow();
    const key = createPrivateKey({ key: encryptedKeyPem, passphrase: PASSPHRASE });
    expect(new X509Certificate(certPem).checkPrivateKey(key)).toBe(true);
  });

  it('writes a key openssl reads as PBES2 with AES-256-CBC', async (ctx) => {
    requireOpenssl(ctx, 'the CA key file');
    const dir = tempDir();
    const { keyPath } = await caOnDisk(dir);
    const info = spawnSync('openssl', ['asn1parse', '-in', keyPath], { encoding: 'utf8' }).stdout;
    expect(info).toContain('PBES2');
    expect(info).toContain('aes-256-cbc');
    expect(spawnSync('openssl', ['pkey', '-in', keyPath, '-passin', `pass:${PASSPHRASE}`, '-noout']).status).toBe(0);
    expect(spawnSync('openssl', ['pkey', '-in', keyPath, '-passin', 'pass:wrong', '-noout']).status).not.toBe(0);
  });

  it('refuses a short passphrase, a bad subject and a bad validity', async () => {
    await expect(createCa({ subject: 'CN=CA', validityDays: 30, passphrase: 'short' })).rejects.toThrow(/shorter than 8/);
    await expect(createCa({ subject: 'CN=CA, C=Germany', validityDays: 30, passphrase: PASSPHRASE })).rejects.toThrow(/two-letter/);
    await expect(createCa({ subject: 'CN=CA', validityDays: 0, passphrase: PASSPHRASE })).rejects.toThrow(/validity/);
  });
});

describe('loadCa', () => {
  it('opens a CA made by createCa', async () => {
    const dir = tempDir();
    const { ca, certPath } = await caOnDisk(dir);
    const cert = new X509Certificate(readFileSync(certPath));
    expect(ca.subject).toBe('CN=ACME Trial Device CA, O=ACME');
    expect(ca.fingerprint).toBe(cert.fingerprint256.replaceAll(':', '').toLowerCase());
    expect(ca.notAfter.getTime()).toBe(new Date(cert.validTo).getTime());
    expect(cert.checkPrivateKey(ca.privateKey)).toBe(true);
  });

  it('says which file is missing', async () => {
    const dir = tempDir();
    const { certPath } = await caOnDisk(dir);
    const error = await loadError({ certPath, keyPath: join(dir, 'nope.key'), passphrase: PASSPHRASE });
    expect(error.message).toContain(`CA key file ${join(dir, 'nope.key')} does not exist`);
    expect(error.file).toBe(join(dir, 'nope.key'));
    expect(error.hint).toContain('ca create');
  });

  it('refuses a file that is not a PEM certificate, and names swapped files', async () => {
    const dir = tempDir();
    const { certPath, keyPath } = await caOnDisk(dir);
    const junk = join(dir, 'junk.crt');
    writeFileSync(junk, 'hello\n');
    const notPem = await loadError({ certPath: junk, keyPath, passphrase: PASSPHRASE });
    expect(notPem.message).toContain('is not a PEM certificate');
    expect(notPem.file).toBe(junk);
    const swapped = await loadError({ certPath: keyPath, keyPath: certPath, passphrase: PASSPHRASE });
    expect(swapped.message).toContain('holds a private key, not a certificate');
    expect(swapped.hint).toContain('swapped');
  });

  it('refuses a plaintext CA key and says how to encrypt it', async () => {
    const dir = tempDir();
    const { certPath, ca } = await caOnDisk(dir);
    const plain = join(dir, 'plain.key');
    writeFileSync(plain, ca.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const error = await loadError({ certPath, keyPath: plain, passphrase: PASSPHRASE });
    expect(error.message).toContain('is not encrypted');
    expect(error.file).toBe(plain);
    expect(error.hint).toContain('openssl pkcs8 -topk8');
    writeFileSync(plain, ca.privateKey.export({ type: 'sec1', format: 'pem' }));
    expect((await loadError({ certPath, keyPath: plain, passphrase: PASSPHRASE })).message).toContain('is not encrypted');
  });

  it('refuses a wrong passphrase', async () => {
    const dir = tempDir();
    const { certPath, keyPath } = await caOnDisk(dir);
    const error = await loadError({ certPath, keyPath, passphrase: 'wrong passphrase' });
    expect(error.message).toContain('wrong passphrase');
    expect(error.file).toBe(keyPath);
  });

  it("refuses another CA's key", async () => {
    const one = await caOnDisk(tempDir());
    const other = await caOnDisk(tempDir());
    const error = await loadError({ certPath: one.certPath, keyPath: other.keyPath, passphrase: PASSPHRASE });
    expect(error.message).toContain('does not belong to the certificate');
  });

  it('refuses a certificate that is not a CA', async () => {
    const dir = tempDir();
    const { ca } = await caOnDisk(dir);
    const device = await createIssuer(ca, { subject: 'CN={serial}', validityDays: 30 }).issue({ serial: 'SN1', mac: '000000000001' });
    mkdirSync(join(dir, 'device'));
    const certPath = join(dir, 'device', 'device.crt');
    const keyPath = join(dir, 'device', 'device.key');
    writeFileSync(certPath, device.certPem);
    writeFileSync(keyPath, createPrivateKey(device.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
    const error = await loadError({ certPath, keyPath, passphrase: PASSPHRASE });
    expect(error.message).toContain('is not a CA certificate');
    expect(error.file).toBe(certPath);
  });

  it('refuses an expired CA', async () => {
    const dir = tempDir();
    const created = await createCa({ subject: 'CN=Old CA', validityDays: 1, passphrase: PASSPHRASE, now: new Date(Date.now() - 3 * 86_400_000) });
    const certPath = join(dir, 'ca.crt');
    const keyPath = join(dir, 'ca.key');
    writeFileSync(certPath, created.certPem);
    writeFileSync(keyPath, created.encryptedKeyPem);
    const error = await loadError({ certPath, keyPath, passphrase: PASSPHRASE });
    expect(error.message).toMatch(/expired on \d{4}-/);
    expect(error.file).toBe(certPath);
  });

  it('refuses a CA whose key type cannot sign device certificates (Ed25519)', async () => {
    const dir = tempDir();
    const x509 = await loadX509();
    const keys = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as unknown as webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=Ed25519 CA',
      keys,
      signingAlgorithm: { name: 'Ed25519' },
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const certPath = join(dir, 'ca.crt');
    const keyPath = join(dir, 'ca.key');
    writeFileSync(certPath, cert.toString('pem'));
    writeFileSync(keyPath, createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
    const error = await loadError({ certPath, keyPath, passphrase: PASSPHRASE });
    expect(error.message).toContain('unsupported ed25519 key');
    expect(error.file).toBe(keyPath);
  });
});

describe('resolvePassphrase', () => {
  it('reads the first line of the passphrase file, without its line ending', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pass.txt'), 'first line pass\r\nsecond\n');
    await expect(resolvePassphrase({ passphraseFile: 'pass.txt', env: { [PASSPHRASE_ENV]: 'from env' }, cwd: dir })).resolves.toBe('first line pass');
  });

  it('falls back to the environment', async () => {
    await expect(resolvePassphrase({ env: { [PASSPHRASE_ENV]: 'from env' }, cwd: '/' })).resolves.toBe('from env');
  });

  it('says how to give one when there is none', async () => {
    const error = (await resolvePassphrase({ env: {}, cwd: '/' }).catch((e: unknown) => e)) as IdentityError;
    expect(error).toBeInstanceOf(IdentityError);
    expect(error.hint).toContain('--passphrase-file');
    expect(error.hint).toContain(PASSPHRASE_ENV);
  });

  it('refuses a missing or empty passphrase file', async () => {
    const dir = tempDir();
    await expect(resolvePassphrase({ passphraseFile: 'none.txt', env: {}, cwd: dir })).rejects.toThrow(/does not exist/);
    writeFileSync(join(dir, 'empty.txt'), '\nsecret on line two\n');
    await expect(resolvePassphrase({ passphraseFile: 'empty.txt', env: {}, cwd: dir })).rejects.toThrow(/empty first line/);
  });
});
