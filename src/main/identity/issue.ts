import { canonicalMac } from '../../shared/mac.js';
import { generateKeyPairSync, sign } from 'node:crypto';
import type { LoadedCa } from './ca-load.js';
import { randomSerialNumber } from './cert-serial.js';
import { keyIdentifier, sha256Hex } from './certificate-fields.js';
import { signedCertificate, tbsCertificate } from './device-certificate.js';
import {
  authorityKeyIdentifier,
  BASIC_CONSTRAINTS_END_ENTITY,
  EXTENDED_KEY_USAGES,
  extendedKeyUsage,
  KEY_USAGE_DIGITAL_SIGNATURE,
  subjectAltName,
  subjectKeyIdentifier,
  type ExtendedKeyUsageName,
} from './device-extensions.js';
import { IdentityError } from './identity-error.js';
import { toPem } from './pem.js';
import { compileTemplate, type TemplateSpec } from './subject-template.js';

export type { ExtendedKeyUsageName } from './device-extensions.js';

export interface IssuerOptions extends TemplateSpec {
  validityDays: number;
  extendedKeyUsage?: readonly ExtendedKeyUsageName[];
}

export interface DeviceIdentity {
  serial: string;
  /** aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF or aabbccddeeff */
  mac: string;
  job?: string;
}

export interface IssuedCertificate {
  certPem: string;
  /** The device's private key, PKCS#8 PEM, unencrypted: for its NVS image only, never to be stored or logged. */
  keyPem: string;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  fingerprint: string;
  /** 32 lowercase hex digits. */
  serialNumberHex: string;
  /** The subject as text (CN=…, O=…), for the records. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export interface Issuer {
  issue(device: DeviceIdentity): Promise<IssuedCertificate>;
}

const DAY = 86_400_000;
/** Allowance for a device whose clock runs behind the bench's. */
const SKEW = 60_000;
const SAMPLE = { serial: 'SN0001', mac: '24:6f:28:00:00:01', mac_hex: '246f28000001', job: 'job' };

/**
 * An issuer of device certificates signed by `ca`, from a subject and SAN
 * template. The templates are checked here, so a mistake stops the job
 * before its first device rather than at it.
 *
 * The certificate's DER is put together here from parts (the CA's own and
 * the fixed extensions are encoded once) rather than by @peculiar/x509's
 * generator, whose ASN.1 schema round trips cost 3-5 ms a certificate against
 * about 0.2 ms this way; the tests check the result with node, @peculiar/x509
 * and openssl.
 */
export function createIssuer(ca: LoadedCa, options: IssuerOptions): Issuer {
  const { validityDays } = options;
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 36_500) {
    throw new IdentityError(`certificate validity of ${validityDays} days is not a whole number of days from 1 to 36500`);
  }
  const usages = options.extendedKeyUsage ?? [];
  const unknown = usages.find((u) => !Object.hasOwn(EXTENDED_KEY_USAGES, u));
  if (unknown !== undefined) throw new IdentityError(`unknown extended key usage "${unknown}"`, { hint: `use ${Object.keys(EXTENDED_KEY_USAGES).join(', ')}` });
  const template = compileTemplate(options);
  try {
    template.render(SAMPLE);
  } catch (error) {
    if (error instanceof IdentityError) throw new IdentityError(`the certificate template does not work for a sample device (serial ${SAMPLE.serial}, MAC ${SAMPLE.mac}): ${error.message}`, { hint: error.hint });
    throw error;
  }
  const fixedBefore = [KEY_USAGE_DIGITAL_SIGNATURE, BASIC_CONSTRAINTS_END_ENTITY, authorityKeyIdentifier(ca.keyIdentifier)];
  const fixedAfter = usages.length > 0 ? [extendedKeyUsage(usages)] : [];

  return {
    async issue(device) {
      if (device.serial === '') throw new IdentityError('a device needs a serial number to get a certificate');
      const mac = canonicalMac(device.mac);
      if (mac === undefined) throw new IdentityError(`device ${device.serial}: "${device.mac}" is not a MAC address`, { hint: 'give six (or eight, for EUI-64) bytes in hex, e.g. 24:6f:28:00:00:01' });
      const now = Math.floor(Date.now() / 1000) * 1000;
      // A bench may run for days with one CA loaded.
      if (now > ca.notAfter.getTime()) throw new IdentityError(`the CA ${ca.subject} expired on ${ca.notAfter.toISOString()}: it can sign no more devices`, { hint: 'make or obtain a new CA for this job' });
      let rendered;
      try {
        rendered = template.render({ serial: device.serial, mac, mac_hex: mac.replaceAll(':', ''), job: device.job });
      } catch (error) {
        if (error instanceof IdentityError) throw new IdentityError(`device ${device.serial}: ${error.message}`, { hint: error.hint });
        throw error;
      }
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const serialNumber = randomSerialNumber();
      const notBefore = new Date(now - SKEW);
      const notAfter = new Date(now + validityDays * DAY);
      const tbs = tbsCertificate({
        serialNumber,
        signatureAlgorithm: ca.signature.algorithm,
        issuer: ca.subjectDer,
        notBefore,
        notAfter,
        subject: rendered.subject,
        spki,
        extensions: [...fixedBefore, subjectKeyIdentifier(keyIdentifier(spki)), ...(rendered.san ? [subjectAltName(rendered.san)] : []), ...fixedAfter],
      });
      const der = signedCertificate(tbs, ca.signature.algorithm, sign(ca.signature.hash, tbs, ca.privateKey));
      return {
        certPem: toPem('CERTIFICATE', der),
        keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        fingerprint: sha256Hex(der),
        serialNumberHex: Buffer.from(serialNumber).toString('hex'),
        subject: rendered.subjectText,
        notBefore,
        notAfter,
      };
    },
  };
}
