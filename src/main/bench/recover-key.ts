import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { decodeImage, readValues } from '../../shared/nvs/decode/index.js';

const PEM_KEY = /-----BEGIN (?:EC |RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:EC |RSA )?PRIVATE KEY-----/;

/**
 * The private key a board already holds for `certPem`, read from its current
 * (plaintext) fctry image: a board back for rework keeps its certificate when
 * its key is still on it. Undefined when no key in the image matches.
 */
export function keyForCertificate(fctryImage: Uint8Array, certPem: string): string | undefined {
  const wanted = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  for (const value of readValues(decodeImage(fctryImage))) {
    const text = value.type === 'string' ? value.value : value.type === 'blob' ? Buffer.from(value.value).toString('latin1') : undefined;
    const pem = text === undefined ? undefined : PEM_KEY.exec(text)?.[0];
    if (!pem) continue;
    try {
      const spki = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
      if (spki.equals(wanted)) return `${pem}\n`;
    } catch {
      // Not a key node can read: look further.
    }
  }
  return undefined;
}
