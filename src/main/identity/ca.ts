import { createPrivateKey, webcrypto } from 'node:crypto';
import { randomSerialNumber } from './cert-serial.js';
import { encodeName, parseDistinguishedName, valueProblem } from './distinguished-name.js';
import { IdentityError } from './identity-error.js';
import { loadX509 } from './x509.js';

export { loadCa, openCa, type LoadedCa, type OpenCaInput } from './ca-load.js';

export interface CreateCaOptions {
  /** e.g. "CN=ACME Trial Device CA, O=ACME" */
  subject: string;
  validityDays: number;
  /** Encrypts the key; at least 8 characters. */
  passphrase: string;
  now?: Date;
}

export interface CreatedCa {
  certPem: string;
  /** PKCS#8, encrypted (PBES2, AES-256-CBC): -----BEGIN ENCRYPTED PRIVATE KEY----- */
  encryptedKeyPem: string;
}

const DAY = 86_400_000;
/** Allowance for clocks that run behind: the CA is valid from a minute ago. */
const SKEW = 60_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** Makes a job's certificate authority: an ECDSA P-256 self-signed CA certificate and its encrypted key. */
export async function createCa(options: CreateCaOptions): Promise<CreatedCa> {
  const { subject, validityDays, passphrase } = options;
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 36_500) {
    throw new IdentityError(`CA validity of ${validityDays} days is not a whole number of days from 1 to 36500`);
  }
  if (passphrase.length < 8) throw new IdentityError('the CA passphrase is shorter than 8 characters', { hint: 'choose a longer passphrase: it is all that protects the CA key' });
  const attributes = parseDistinguishedName(subject);
  for (const attribute of attributes) {
    const problem = valueProblem(attribute, attribute.value);
    if (problem) throw new IdentityError(`CA subject: ${problem}`);
  }
  const x509 = await loadX509();
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = (options.now ?? new Date()).getTime();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(randomSerialNumber()).toString('hex'),
    name: new x509.Name(encodeName(attributes)),
    notBefore: new Date(now - SKEW),
    notAfter: new Date(now + validityDays * DAY),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // pathLen 0: this CA signs devices, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const encryptedKeyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
  pkcs8.fill(0);
  return { certPem: cert.toString('pem'), encryptedKeyPem: encryptedKeyPem.toString() };
}
