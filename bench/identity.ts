import type { webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, openCa, type LoadedCa } from '../src/main/identity/ca.js';
import { loadPoolKey, readCertificatePool } from '../src/main/identity/cert-pool.js';
import { createIssuer, type IssuedCertificate, type IssuerOptions } from '../src/main/identity/issue.js';
import { loadX509 } from '../src/main/identity/x509.js';
import { formatRate, type BenchContext } from './lib.js';

/**
 * Identity: (a) device certificates issued per second in one thread (issue()
 * is synchronous inside; one thread is well above the 1,000/s a line needs,
 * so there is no parallel scheme), beside @peculiar/x509's own generator for
 * scale; (b) reading a pool of BENCH_POOL (default 10000) certificate and key
 * pairs from a folder and from a CSV, and loading keys back from it.
 */
export default async function identityBenchmarks(ctx: BenchContext): Promise<void> {
  const passphrase = 'bench passphrase';
  const created = await createCa({ subject: 'CN=Bench Device CA, O=ACME', validityDays: 3650, passphrase });
  const ca = await openCa({ certPem: created.certPem, keyPem: created.encryptedKeyPem, passphrase });
  await issuing(ctx, ca);
  await peculiarBaseline(ctx, ca);
  await pools(ctx, ca, Number(process.env['BENCH_POOL'] ?? 10_000));
}

const TEMPLATE: IssuerOptions = {
  subject: 'CN={serial}, O=ACME',
  san: ['DNS:{serial}.devices.acme.example', 'URI:urn:acme:{mac}'],
  validityDays: 3650,
  extendedKeyUsage: ['clientAuth'],
};

const device = (i: number): { serial: string; mac: string } => ({ serial: `SN${String(i).padStart(7, '0')}`, mac: `246f28${(i & 0xffffff).toString(16).padStart(6, '0')}` });

async function issuing(ctx: BenchContext, ca: LoadedCa): Promise<void> {
  const issuer = createIssuer(ca, TEMPLATE);
  for (let i = 0; i < 500; i++) await issuer.issue(device(i)); // warm-up
  const runs = 10_000;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await issuer.issue(device(i));
  const ms = performance.now() - started;
  ctx.report('(a) issue(), one at a time, 1 thread', `${formatRate(runs, ms, 'certificates')}, ${((ms * 1000) / runs).toFixed(0)} µs each`);
}

/** The same certificate made by X509CertificateGenerator.create with WebCrypto keys: what issue() is measured against. */
async function peculiarBaseline(ctx: BenchContext, ca: LoadedCa): Promise<void> {
  const x509 = await loadX509();
  const subtle = crypto.subtle;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const signingKey = await subtle.importKey('pkcs8', ca.privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, false, ['sign']);
  const caCert = new x509.X509Certificate(ca.certDer);
  const aki = await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey);
  const once = async (i: number): Promise<void> => {
    const keys = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const { serial, mac } = device(i);
    const cert = await x509.X509CertificateGenerator.create({
      subject: `CN=${serial}, O=ACME`,
      issuer: caCert.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3650 * 86_400_000),
      publicKey: keys.publicKey,
      signingKey,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.BasicConstraintsExtension(false, undefined, true),
        aki,
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: `${serial}.devices.acme.example` }, { type: 'url', value: `urn:acme:${mac}` }]),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    });
    await subtle.exportKey('pkcs8', keys.privateKey);
    cert.toString('pem');
  };
  for (let i = 0; i < 100; i++) await once(i);
  const runs = 1000;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await once(i);
  ctx.report('(a0) for scale: @peculiar/x509 generator, 1 thread', formatRate(runs, performance.now() - started, 'certificates'));
}

async function pools(ctx: BenchContext, ca: LoadedCa, count: number): Promise<void> {
  const issuer = createIssuer(ca, TEMPLATE);
  const folder = join(ctx.tmp, 'pool');
  mkdirSync(folder);
  const rows = ['serial,cert,key'];
  const issued: IssuedCertificate[] = [];
  for (let i = 0; i < count; i++) issued.push(await issuer.issue(device(i)));
  issued.forEach((c, i) => {
    writeFileSync(join(folder, `dev${i}.crt`), c.certPem);
    writeFileSync(join(folder, `dev${i}.key`), c.keyPem);
    rows.push(`${device(i).serial},"${c.certPem}","${c.keyPem}"`);
  });
  const csv = join(ctx.tmp, 'pool.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  ctx.note(`pool: ${count.toLocaleString('en-US')} pairs (EC P-256) as ${(count * 2).toLocaleString('en-US')} files, and as one CSV with the PEM texts inline`);

  for (const [label, source] of [['folder of PEM files', folder], ['CSV, PEM inline', csv]] as const) {
    const started = performance.now();
    const pool = await readCertificatePool(source);
    const ms = performance.now() - started;
    if (pool.entries.length !== count || pool.problems.length > 0) throw new Error(`pool read ${pool.entries.length} entries, ${pool.problems.length} problems`);
    ctx.report(`(b) readCertificatePool, ${label}`, `${formatRate(count, ms, 'pairs')} (${(ms / 1000).toFixed(2)} s)`);
    const keys = 200;
    const at = performance.now();
    for (let i = 0; i < keys; i++) await loadPoolKey(pool.entries[Math.floor((i * count) / keys)]!);
    ctx.report(`(b) loadPoolKey, ${label}`, formatRate(keys, performance.now() - at, 'keys'));
  }
}
