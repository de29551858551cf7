import { createHash } from 'node:crypto';
import { children, readElement, TAG } from './der.js';

/** The raw bytes of a certificate's subject and public key, byte for byte as encoded. */
export interface CertificateFields {
  subject: Uint8Array;
  spki: Uint8Array;
}

export function certificateFields(der: Uint8Array): CertificateFields {
  const certificate = readElement(der, 0);
  const tbs = children(der, certificate)[0];
  if (!tbs) throw new Error('not a certificate');
  const fields = children(der, tbs);
  const first = fields[0]?.tag === 0xa0 ? 1 : 0; // version is optional (v1)
  const subject = fields[first + 4];
  const spki = fields[first + 5];
  if (!subject || !spki) throw new Error('not a certificate');
  return { subject: der.subarray(subject.start, subject.end), spki: der.subarray(spki.start, spki.end) };
}

/** The subjectPublicKey BIT STRING's bits (the EC point, or the RSAPublicKey). */
export function publicKeyBits(spki: Uint8Array): Uint8Array {
  const bits = children(spki, readElement(spki, 0))[1];
  if (bits?.tag !== TAG.bitString) throw new Error('not a SubjectPublicKeyInfo');
  return spki.subarray(bits.content + 1, bits.end);
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the public key bits. */
export const keyIdentifier = (spki: Uint8Array): Uint8Array => createHash('sha1').update(publicKeyBits(spki)).digest();

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
