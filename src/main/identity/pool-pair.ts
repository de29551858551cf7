import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { certificateFields, sha256Hex } from './certificate-fields.js';
import { isPrivateKeyLabel, pemBlocks, toPem } from './pem.js';
import type { PoolCandidate, PoolEntry, PoolProblem } from './pool-types.js';

const ENCRYPTED_HINT = 'pool keys go into device images as they are: store them unencrypted in a protected place (openssl pkcs8 -in key.pem -out plain.pem decrypts one)';

/** The certificate's entry fields, or why it cannot be read. */
export function readPoolCertificate(pem: string): { cert: X509Certificate; der: Uint8Array; spki: Uint8Array } | string {
  const block = pemBlocks(pem).find((b) => b.label === 'CERTIFICATE');
  if (!block) return 'holds no PEM certificate';
  try {
    const cert = new X509Certificate(block.text);
    const der = new Uint8Array(cert.raw);
    return { cert, der, spki: certificateFields(der).spki };
  } catch (error) {
    return `holds a certificate that cannot be read (${(error as Error).message})`;
  }
}

/** The private key of a PEM text, or why it cannot be used. */
export function readPoolKey(pem: string): KeyObject | string {
  const block = pemBlocks(pem).find((b) => isPrivateKeyLabel(b.label));
  if (!block) return 'holds no PEM private key';
  if (block.label === 'ENCRYPTED PRIVATE KEY' || block.hasHeaders) return `holds an encrypted private key: ${ENCRYPTED_HINT}`;
  try {
    return createPrivateKey({ key: block.text, format: 'pem' });
  } catch (error) {
    return `holds a private key that cannot be read (${(error as Error).message})`;
  }
}

export const printableName = (name: string): string => name.split('\n').join(', ');

/** Checks that the key belongs to the certificate (their public keys are the same) and that the certificate is still valid. */
export function checkCandidate(candidate: PoolCandidate, now: Date): PoolEntry | PoolProblem {
  const { cert: certSource, key: keySource, at } = candidate;
  const where = (file: string, line: number | undefined): string => (line === undefined ? file : `${file}:${line}`);
  const read = readPoolCertificate(certSource.pem);
  if (typeof read === 'string') return { kind: 'unreadable', message: `certificate ${where(certSource.file, certSource.line)} ${read}`, file: certSource.file, line: certSource.line, hint: 'expected -----BEGIN CERTIFICATE-----; a DER certificate converts with openssl x509 -inform der' };
  const key = readPoolKey(keySource.pem);
  if (typeof key === 'string') return { kind: 'unreadable', message: `key ${where(keySource.ref.file, keySource.ref.line)} ${key}`, file: at.file, line: at.line, hint: 'expected -----BEGIN PRIVATE KEY----- (or EC / RSA PRIVATE KEY)' };
  const subject = printableName(read.cert.subject);
  if (!read.cert.checkPrivateKey(key)) {
    return {
      kind: 'key-mismatch',
      message: `refused: the key ${where(keySource.ref.file, keySource.ref.line)} does not belong to the certificate ${where(certSource.file, certSource.line)} (${subject}): their public keys differ`,
      file: at.file,
      line: at.line,
      hint: 'a device given this pair could not prove its identity: find the key that was made with this certificate',
    };
  }
  const notAfter = new Date(read.cert.validTo);
  if (notAfter.getTime() < now.getTime()) {
    return { kind: 'expired', message: `certificate ${where(certSource.file, certSource.line)} (${subject}) expired on ${notAfter.toISOString()}`, file: certSource.file, line: certSource.line, hint: 'remove it from the pool, or ask for a renewed certificate' };
  }
  return { certPem: toPem('CERTIFICATE', read.der), fingerprint: sha256Hex(read.der), subject, notAfter, publicKeySha256: sha256Hex(read.spki), keyRef: keySource.ref };
}
