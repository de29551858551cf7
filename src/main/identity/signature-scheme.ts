import type { KeyObject } from 'node:crypto';
import { oid, sequence, tlv } from './der.js';

/** How a CA key signs: the hash for node's sign(), and the AlgorithmIdentifier the certificate names. */
export interface SignatureScheme {
  hash: 'sha256' | 'sha384' | 'sha512';
  algorithm: Uint8Array;
  name: string;
}

const NULL = tlv(0x05);
const ecdsa = (hash: SignatureScheme['hash'], dotted: string): SignatureScheme => ({ hash, algorithm: sequence(oid(dotted)), name: `ecdsa-with-${hash.toUpperCase()}` });

/** The scheme for an EC (P-256, P-384, P-521) or RSA key; undefined for any other key. */
export function signatureSchemeFor(key: KeyObject): SignatureScheme | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') return { hash: 'sha256', algorithm: sequence(oid('1.2.840.113549.1.1.11'), NULL), name: 'sha256WithRSAEncryption' };
  if (key.asymmetricKeyType !== 'ec') return undefined;
  switch (details?.namedCurve) {
    case 'prime256v1':
      return ecdsa('sha256', '1.2.840.10045.4.3.2');
    case 'secp384r1':
      return ecdsa('sha384', '1.2.840.10045.4.3.3');
    case 'secp521r1':
      return ecdsa('sha512', '1.2.840.10045.4.3.4');
    default:
      return undefined;
  }
}
