import { bitString, concat, octetString, oid, sequence, time, tlv, unsignedInteger } from './der.js';

/** The fields of a certificate that differ from device to device, and the CA's. */
export interface CertificateParts {
  serialNumber: Uint8Array;
  signatureAlgorithm: Uint8Array;
  issuer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  subject: Uint8Array;
  spki: Uint8Array;
  /** Extension DERs, in order. */
  extensions: readonly Uint8Array[];
}

const VERSION_3 = Uint8Array.of(0xa0, 0x03, 0x02, 0x01, 0x02);
const TRUE = Uint8Array.of(0x01, 0x01, 0xff);

/** An Extension: extnID, critical (only when true: DER leaves out the default), extnValue. */
export const extension = (dotted: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical ? sequence(oid(dotted), TRUE, octetString(value)) : sequence(oid(dotted), octetString(value));

export const tbsCertificate = (p: CertificateParts): Uint8Array =>
  sequence(
    VERSION_3,
    unsignedInteger(p.serialNumber),
    p.signatureAlgorithm,
    p.issuer,
    sequence(time(p.notBefore), time(p.notAfter)),
    p.subject,
    p.spki,
    tlv(0xa3, sequence(concat(p.extensions))),
  );

export const signedCertificate = (tbs: Uint8Array, signatureAlgorithm: Uint8Array, signature: Uint8Array): Uint8Array => sequence(tbs, signatureAlgorithm, bitString(signature));
