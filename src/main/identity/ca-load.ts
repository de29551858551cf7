import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { certificateFields, keyIdentifier, sha256Hex } from './certificate-fields.js';
import { IdentityError } from './identity-error.js';
import { isPrivateKeyLabel, pemBlocks } from './pem.js';
import { signatureSchemeFor, type SignatureScheme } from './signature-scheme.js';
import { loadX509 } from './x509.js';

/** A CA opened for issuing: its certificate and its decrypted key, which stays in memory. */
export interface LoadedCa {
  certPem: string;
  certDer: Uint8Array;
  /** e.g. "CN=ACME Trial Device CA, O=ACME" */
  subject: string;
  /** The CA's subject exactly as encoded: the issuer of every certificate it signs. */
  subjectDer: Uint8Array;
  /** The CA's subjectKeyIdentifier: the authorityKeyIdentifier of every certificate it signs. */
  keyIdentifier: Uint8Array;
  privateKey: KeyObject;
  signature: SignatureScheme;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

export interface OpenCaInput {
  certPem: string;
  keyPem: string;
  passphrase: string;
  /** Names used in messages. */
  certFile?: string;
  keyFile?: string;
  now?: Date;
}

const ENCRYPT_HINT = (file: string): string =>
  `encrypt it with a passphrase: openssl pkcs8 -topk8 -v2 aes-256-cbc -in ${file} -out ${file}.enc, check that ${file}.enc opens, then replace ${file} with it and destroy the plain copy`;

function readCertificate(pem: string, file: string): X509Certificate {
  const blocks = pemBlocks(pem);
  const block = blocks.find((b) => b.label === 'CERTIFICATE');
  if (!block) {
    if (blocks.some((b) => isPrivateKeyLabel(b.label))) throw new IdentityError(`CA certificate file ${file} holds a private key, not a certificate`, { file, hint: 'the certificate and the key files may be swapped' });
    throw new IdentityError(`CA certificate file ${file} is not a PEM certificate (no -----BEGIN CERTIFICATE----- line)`, { file, hint: `a DER certificate converts with: openssl x509 -inform der -in ${file} -out ca.crt` });
  }
  try {
    return new X509Certificate(block.text);
  } catch (error) {
    throw new IdentityError(`CA certificate file ${file} holds a certificate that cannot be read (${(error as Error).message})`, { file, line: block.line, hint: 'the file may be damaged: take it again from where the CA was made' });
  }
}

function readKey(pem: string, passphrase: string, file: string): KeyObject {
  const blocks = pemBlocks(pem);
  const block = blocks.find((b) => isPrivateKeyLabel(b.label));
  if (!block) {
    if (blocks.some((b) => b.label === 'CERTIFICATE')) throw new IdentityError(`CA key file ${file} holds a certificate, not a private key`, { file, hint: 'the certificate and the key files may be swapped' });
    throw new IdentityError(`CA key file ${file} is not a PEM private key`, { file, hint: 'expected -----BEGIN ENCRYPTED PRIVATE KEY----- (factory-bench ca create writes one)' });
  }
  if (block.label !== 'ENCRYPTED PRIVATE KEY' && !block.hasHeaders) {
    throw new IdentityError(`CA key file ${file} is not encrypted: Factory Bench refuses plaintext CA keys`, { file, line: block.line, hint: ENCRYPT_HINT(file) });
  }
  try {
    return createPrivateKey({ key: block.text, format: 'pem', passphrase });
  } catch {
    // A wrong passphrase shows as "bad decrypt", or now and then as garbage that does not decode.
    throw new IdentityError(`cannot decrypt the CA key ${file}: wrong passphrase`, { file, hint: 'check the passphrase file (its first line is the passphrase) or FACTORY_BENCH_CA_PASSPHRASE' });
  }
}

const printableName = (name: string): string => name.split('\n').join(', ');

/** Opens a CA from its PEM texts: every check of loadCa but reading the files. */
export async function openCa(input: OpenCaInput): Promise<LoadedCa> {
  const certFile = input.certFile ?? 'the CA certificate';
  const keyFile = input.keyFile ?? 'the CA key';
  const now = input.now ?? new Date();
  const cert = readCertificate(input.certPem, certFile);
  const privateKey = readKey(input.keyPem, input.passphrase, keyFile);
  if (!cert.checkPrivateKey(privateKey)) {
    throw new IdentityError(`CA key ${keyFile} does not belong to the certificate ${certFile} (${printableName(cert.subject)})`, { file: keyFile, hint: 'give the key that was made together with this certificate' });
  }
  const certDer = new Uint8Array(cert.raw);
  const x509 = await loadX509();
  const parsed = new x509.X509Certificate(certDer);
  const constraints = parsed.getExtension(x509.BasicConstraintsExtension);
  const notCa = { file: certFile, hint: 'give the certificate of the CA that is to sign the devices (factory-bench ca create makes one), not a device or server certificate' };
  if (!constraints?.ca) throw new IdentityError(`${certFile} (${printableName(cert.subject)}) is not a CA certificate: its basicConstraints do not say CA:TRUE`, notCa);
  const usage = parsed.getExtension(x509.KeyUsagesExtension);
  if (usage && !(usage.usages & x509.KeyUsageFlags.keyCertSign)) throw new IdentityError(`${certFile} (${printableName(cert.subject)}) may not sign certificates: its keyUsage lacks keyCertSign`, notCa);
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() < now.getTime()) throw new IdentityError(`CA certificate ${certFile} expired on ${notAfter.toISOString()}`, { file: certFile, hint: 'certificates it signed now would not verify: make or obtain a new CA' });
  if (notBefore.getTime() > now.getTime() + 5 * 60_000) throw new IdentityError(`CA certificate ${certFile} is not valid before ${notBefore.toISOString()}`, { file: certFile, hint: "check this computer's clock" });
  const signature = signatureSchemeFor(privateKey);
  if (!signature) {
    const kind = [privateKey.asymmetricKeyType, privateKey.asymmetricKeyDetails?.namedCurve].filter(Boolean).join(' ');
    throw new IdentityError(`CA key ${keyFile} is an unsupported ${kind} key: only EC (P-256, P-384, P-521) and RSA CA keys can sign`, { file: keyFile });
  }
  const fields = certificateFields(certDer);
  const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension);
  return {
    certPem: cert.toString(),
    certDer,
    subject: printableName(cert.subject),
    subjectDer: fields.subject,
    keyIdentifier: ski ? Buffer.from(ski.keyId, 'hex') : keyIdentifier(fields.spki),
    privateKey,
    signature,
    fingerprint: sha256Hex(certDer),
    notBefore,
    notAfter,
  };
}

async function readText(path: string, what: string, hint: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
    throw new IdentityError(`${what} ${path} ${why}`, { file: path, hint: code === 'ENOENT' ? hint : undefined });
  }
}

/** Reads and opens a CA: the certificate, and the key decrypted with the passphrase. Throws IdentityError. */
export async function loadCa(options: { certPath: string; keyPath: string; passphrase: string; now?: Date }): Promise<LoadedCa> {
  const certFile = resolve(options.certPath);
  const keyFile = resolve(options.keyPath);
  const hint = 'check the path; factory-bench ca create --out DIR writes DIR/ca.crt and DIR/ca.key';
  const certPem = await readText(certFile, 'CA certificate file', hint);
  const keyPem = await readText(keyFile, 'CA key file', hint);
  return openCa({ certPem, keyPem, passphrase: options.passphrase, certFile, keyFile, now: options.now });
}
