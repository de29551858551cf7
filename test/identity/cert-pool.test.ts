import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPoolKey, readCertificatePool, type PoolEntry, type PoolProblem } from '../../src/main/identity/cert-pool.js';
import { IdentityError } from '../../src/main/identity/identity-error.js';
import { createIssuer, type IssuedCertificate } from '../../src/main/identity/issue.js';
import { loadX509 } from '../../src/main/identity/x509.js';
import { caOnDisk, useTempDirs } from './cert-fixtures.js';

const tempDir = useTempDirs();

interface Pair {
  certPem: string;
  keyPem: string;
}

let devices: IssuedCertificate[] = [];
let rsa: Pair;
let expired: Pair;

/** A self-signed certificate with its key, made with @peculiar/x509 (RSA, or an EC one that expired yesterday). */
async function selfSigned(kind: 'rsa' | 'expired'): Promise<Pair> {
  const x509 = await loadX509();
  const algorithm = kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const day = 86_400_000;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: kind === 'rsa' ? 'CN=RSA device' : 'CN=Expired device',
    keys,
    signingAlgorithm: algorithm,
    notBefore: new Date(Date.now() - 30 * day),
    notAfter: new Date(Date.now() + (kind === 'rsa' ? 30 : -1) * day),
  });
  const key = createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), format: 'der', type: 'pkcs8' });
  return { certPem: cert.toString('pem'), keyPem: key.export({ type: kind === 'rsa' ? 'pkcs1' : 'pkcs8', format: 'pem' }) as string };
}

beforeAll(async () => {
  const { ca } = await caOnDisk(tempDir());
  const issuer = createIssuer(ca, { subject: 'CN={serial}, O=ACME', validityDays: 365 });
  devices = [];
  for (let i = 0; i <= 12; i++) devices.push(await issuer.issue({ serial: `SN${i}`, mac: `0000000000${i.toString(16).padStart(2, '0')}` }));
  rsa = await selfSigned('rsa');
  expired = await selfSigned('expired');
});

/** What a user would check an entry against: the certificate file itself, read by node. */
function expectEntryOf(entry: PoolEntry | undefined, certPem: string): void {
  const cert = new X509Certificate(certPem);
  expect(entry).toBeDefined();
  expect(entry!.fingerprint).toBe(cert.fingerprint256.replaceAll(':', '').toLowerCase());
  expect(entry!.publicKeySha256).toBe(createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('hex'));
  expect(entry!.subject).toBe(cert.subject.split('\n').join(', '));
  expect(entry!.notAfter.getTime()).toBe(new Date(cert.validTo).getTime());
  expect(new X509Certificate(entry!.certPem).raw).toEqual(cert.raw);
}

const sec1 = (keyPem: string): string => createPrivateKey(keyPem).export({ type: 'sec1', format: 'pem' }) as string;
const bySubject = (entries: PoolEntry[], subject: string): PoolEntry | undefined => entries.find((e) => e.subject === subject);
const problemOf = (problems: PoolProblem[], kind: PoolProblem['kind']): PoolProblem[] => problems.filter((p) => p.kind === kind);

describe('a pool from a folder of PEM files', () => {
  function makeFolder(): string {
    const dir = join(tempDir(), 'pool');
    mkdirSync(dir);
    const put = (name: string, text: string): void => writeFileSync(join(dir, name), text);
    const d = devices;
    put('dev1.crt', d[1]!.certPem);
    put('dev1.key', `# device 1, made at the factory\n${d[1]!.keyPem}`);
    put('dev2.pem', d[2]!.certPem);
    put('dev2-key.pem', d[2]!.keyPem);
    put('dev3.cert.pem', d[3]!.certPem);
    put('dev3.key.pem', d[3]!.keyPem);
    put('dev4-cert.pem', d[4]!.certPem);
    put('dev4.key', sec1(d[4]!.keyPem));
    put('dev5.crt', d[5]!.certPem);
    put('dev5.pem', d[5]!.keyPem); // a .pem that holds a key is the key
    put('rsa6.crt', rsa.certPem);
    put('rsa6.key', rsa.keyPem);
    put('both7.pem', `${d[7]!.certPem}${d[7]!.keyPem}`);
    put('bad8.crt', d[8]!.certPem);
    put('bad8.key', d[9]!.keyPem);
    put('lone9.crt', d[9]!.certPem);
    put('lone10.key', d[10]!.keyPem);
    put('x-copy11.crt', d[1]!.certPem); // after dev1 in name order: the copy
    put('x-copy11.key', d[1]!.keyPem);
    put('old12.crt', expired.certPem);
    put('old12.key', expired.keyPem);
    put('junk13.pem', 'not a PEM file\n');
    put('README.txt', 'ignored\n');
    return dir;
  }

  it('pairs certificates and keys by file stem and content, and checks every pair', async () => {
    const dir = makeFolder();
    const { entries, problems } = await readCertificatePool(dir);
    expect(entries.map((e) => e.subject).sort()).toEqual(['CN=RSA device', 'CN=SN1, O=ACME', 'CN=SN2, O=ACME', 'CN=SN3, O=ACME', 'CN=SN4, O=ACME', 'CN=SN5, O=ACME', 'CN=SN7, O=ACME']);
    for (const i of [1, 2, 3, 4, 5, 7]) expectEntryOf(bySubject(entries, `CN=SN${i}, O=ACME`), devices[i]!.certPem);
    expectEntryOf(bySubject(entries, 'CN=RSA device'), rsa.certPem);
    expect(bySubject(entries, 'CN=SN1, O=ACME')!.keyRef).toEqual({ file: join(dir, 'dev1.key'), line: 2 });
    expect(bySubject(entries, 'CN=SN7, O=ACME')!.keyRef.file).toBe(join(dir, 'both7.pem'));
    expect(problems.map((p) => p.kind).sort()).toEqual(['duplicate', 'expired', 'key-mismatch', 'missing-certificate', 'missing-key', 'unreadable']);
    for (const p of problems) expect(p.hint.length).toBeGreaterThan(10);
  });

  it('refuses a key that does not match its certificate, naming the key file and line', async () => {
    const dir = makeFolder();
    const { problems } = await readCertificatePool(dir);
    const [mismatch] = problemOf(problems, 'key-mismatch');
    expect(mismatch).toMatchObject({ file: join(dir, 'bad8.key'), line: 1 });
    expect(mismatch!.message).toContain('refused');
    expect(mismatch!.message).toContain('CN=SN8, O=ACME');
  });

  it('reports the missing halves, the duplicate, the expired and the unreadable file', async () => {
    const dir = makeFolder();
    const { problems } = await readCertificatePool(dir);
    expect(problemOf(problems, 'missing-key')[0]).toMatchObject({ file: join(dir, 'lone9.crt'), line: 1 });
    expect(problemOf(problems, 'missing-certificate')[0]).toMatchObject({ file: join(dir, 'lone10.key'), line: 1 });
    const [duplicate] = problemOf(problems, 'duplicate');
    expect(duplicate!.file).toBe(join(dir, 'x-copy11.key'));
    expect(duplicate!.message).toContain(join(dir, 'dev1.key'));
    expect(problemOf(problems, 'expired')[0]).toMatchObject({ file: join(dir, 'old12.crt'), line: 1 });
    expect(problemOf(problems, 'unreadable')[0]!.file).toBe(join(dir, 'junk13.pem'));
  });

  it('keeps no private key in the entries', async () => {
    const pool = await readCertificatePool(makeFolder());
    expect(JSON.stringify(pool.entries)).not.toContain('PRIVATE KEY');
    const text = JSON.stringify(pool);
    for (const d of [...devices, rsa, expired]) expect(text).not.toContain(d.keyPem.split('\n')[1]);
  });

  it('loads an entry key again as PKCS#8, and refuses it when the file changed', async () => {
    const dir = makeFolder();
    const { entries } = await readCertificatePool(dir);
    for (const entry of entries) {
      const keyPem = await loadPoolKey(entry);
      expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(new X509Certificate(entry.certPem).checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    }
    const sn4 = bySubject(entries, 'CN=SN4, O=ACME')!; // a SEC1 key on disk
    expect(await loadPoolKey(sn4)).toBe(createPrivateKey(devices[4]!.keyPem).export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'dev2-key.pem'), devices[11]!.keyPem);
    await expect(loadPoolKey(bySubject(entries, 'CN=SN2, O=ACME')!)).rejects.toThrow(/no longer belongs to CN=SN2, O=ACME/);
    rmSync(join(dir, 'dev3.key.pem'));
    await expect(loadPoolKey(bySubject(entries, 'CN=SN3, O=ACME')!)).rejects.toThrow(/is gone: .*does not exist/);
  });
});

describe('a pool from a CSV', () => {
  const q = (text: string): string => `"${text.replaceAll('"', '""')}"`;

  function makeCsv(newline = '\n'): { dir: string; csv: string; text: string } {
    const dir = tempDir();
    mkdirSync(join(dir, 'certs'));
    mkdirSync(join(dir, 'keys'));
    const d = devices;
    writeFileSync(join(dir, 'certs', 'dev2.crt'), d[2]!.certPem);
    writeFileSync(join(dir, 'keys', 'dev2.key'), d[2]!.keyPem);
    writeFileSync(join(dir, 'keys', 'dev3.key'), sec1(d[3]!.keyPem));
    const rows = [
      'serial,certificate,private_key,batch',
      `SN1,${q(d[1]!.certPem)},${q(d[1]!.keyPem)},B1`,
      'SN2,certs/dev2.crt,keys/dev2.key,B1',
      `SN3,${q(d[3]!.certPem)},keys/dev3.key,B1`,
      '',
      `SN4,${q(d[4]!.certPem)},${q(d[5]!.keyPem)},B1`,
      `SN6,${q(d[6]!.certPem)},,B1`,
      'SN7,,keys/dev3.key,B1',
      'SN8,certs/dev2.crt,keys/dev2.key,B1',
      'SN9,certs/missing.crt,keys/dev2.key,B1',
      `SN10,${q(rsa.certPem)},${q(rsa.keyPem)},B1`,
    ];
    const text = `${rows.join('\n')}\n`.replaceAll('\n', newline);
    const csv = join(dir, 'pool.csv');
    writeFileSync(csv, text);
    return { dir, csv, text };
  }

  /** The line a row starts on, counted in the text as a user's editor would. */
  const lineOf = (text: string, serial: string): number => text.slice(0, text.indexOf(`\n${serial},`) + 1).split('\n').length;

  for (const [name, newline] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`reads inline and path cells and reports each bad row with its line (${name})`, async () => {
      const { dir, csv, text } = makeCsv(newline);
      const { entries, problems } = await readCertificatePool(csv);
      expect(entries.map((e) => e.subject)).toEqual(['CN=SN1, O=ACME', 'CN=SN2, O=ACME', 'CN=SN3, O=ACME', 'CN=RSA device']);
      for (const i of [1, 2, 3]) expectEntryOf(entries[i - 1], devices[i]!.certPem);
      expect(entries[0]!.keyRef).toEqual({ file: csv, line: 2, column: 'private_key' });
      expect(entries[1]!.keyRef).toEqual({ file: join(dir, 'keys', 'dev2.key'), line: 1 });
      expect(entries[3]!.keyRef).toEqual({ file: csv, line: lineOf(text, 'SN10'), column: 'private_key' });
      const at = (kind: PoolProblem['kind']): { file: string; line?: number } => {
        const [p] = problemOf(problems, kind);
        return { file: p!.file, line: p!.line };
      };
      expect(at('key-mismatch')).toEqual({ file: csv, line: lineOf(text, 'SN4') });
      expect(problemOf(problems, 'key-mismatch')[0]!.message).toContain('refused');
      expect(at('missing-key')).toEqual({ file: csv, line: lineOf(text, 'SN6') });
      expect(at('missing-certificate')).toEqual({ file: csv, line: lineOf(text, 'SN7') });
      expect(at('duplicate')).toEqual({ file: csv, line: lineOf(text, 'SN8') });
      expect(at('unreadable')).toEqual({ file: csv, line: lineOf(text, 'SN9') });
      expect(problemOf(problems, 'unreadable')[0]!.message).toContain('certs/missing.crt does not exist');
      expect(problems).toHaveLength(5);
      expect(JSON.stringify(entries)).not.toContain('PRIVATE KEY');
    });
  }

  it('loads inline and file keys again, and notices a changed row', async () => {
    const { csv, text } = makeCsv();
    const { entries } = await readCertificatePool(csv);
    for (const entry of entries) expect(new X509Certificate(entry.certPem).checkPrivateKey(createPrivateKey(await loadPoolKey(entry)))).toBe(true);
    writeFileSync(csv, text.replace(devices[1]!.keyPem, devices[12]!.keyPem));
    await expect(loadPoolKey(entries[0]!)).rejects.toThrow(/no longer belongs to CN=SN1, O=ACME/);
    writeFileSync(csv, `serial,certificate,private_key\n${text.split('\n').slice(1).join('\n')}`.replace(/^SN1,[\s\S]*?(?=\nSN2,)/m, 'SN1,x,y'));
    await expect(loadPoolKey(entries[0]!)).rejects.toThrow(IdentityError);
  });

  it('says which column is missing', async () => {
    const dir = tempDir();
    const csv = join(dir, 'pool.csv');
    writeFileSync(csv, 'serial,cert\nSN1,a.crt\n');
    const error = (await readCertificatePool(csv).catch((e: unknown) => e)) as IdentityError;
    expect(error).toBeInstanceOf(IdentityError);
    expect(error.message).toContain('no key column');
    expect(error.hint).toContain('private_key');
  });

  it('says when the source does not exist', async () => {
    await expect(readCertificatePool(join(tempDir(), 'nope'))).rejects.toThrow(/does not exist/);
  });
});
