import { octetString, oid, sequence, tlv } from './der.js';
import { extension } from './device-certificate.js';

/** The extensions of a device certificate (RFC 5280 4.2.1). */

/** keyUsage: digitalSignature only (bit 0: one byte 0x80, 7 unused bits), critical. */
export const KEY_USAGE_DIGITAL_SIGNATURE = extension('2.5.29.15', true, Uint8Array.of(0x03, 0x02, 0x07, 0x80));

/** basicConstraints CA:FALSE, critical; DER leaves the default cA out, so the SEQUENCE is empty. */
export const BASIC_CONSTRAINTS_END_ENTITY = extension('2.5.29.19', true, sequence());

export const authorityKeyIdentifier = (keyId: Uint8Array): Uint8Array => extension('2.5.29.35', false, sequence(tlv(0x80, keyId)));

export const subjectKeyIdentifier = (keyId: Uint8Array): Uint8Array => extension('2.5.29.14', false, octetString(keyId));

/** Not critical: the subject is never empty. */
export const subjectAltName = (generalNames: Uint8Array): Uint8Array => extension('2.5.29.17', false, generalNames);

export const EXTENDED_KEY_USAGES = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
} as const;

export type ExtendedKeyUsageName = keyof typeof EXTENDED_KEY_USAGES;

export const extendedKeyUsage = (usages: readonly ExtendedKeyUsageName[]): Uint8Array => extension('2.5.29.37', false, sequence(...usages.map((u) => oid(EXTENDED_KEY_USAGES[u]))));
