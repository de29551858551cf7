import { canonicalMac } from '../../shared/mac.js';
import type { TemplateValues } from './nvs-template.js';
import { TemplateValueError } from './nvs-template.js';

/** What one board brings to its fctry image. */
export interface FctryValues {
  serial: string;
  /** Any spelling: aa:bb:cc:dd:ee:ff, AA-BB-…, aabbccddeeff; 8 bytes for EUI-64 chips. */
  mac: string;
  certPem?: string;
  keyPem?: string;
  /** Defaults to the job's CA certificate when it issues certificates. */
  caPem?: string;
}

/** The placeholder values for one board, by placeholder name. */
export function boardValues(values: FctryValues, constants: Readonly<Record<string, string>>, caPem: string | undefined): TemplateValues {
  if (values.serial === '') throw new TemplateValueError('a board needs a serial number for its fctry image');
  const mac = canonicalMac(values.mac);
  if (mac === undefined) throw new TemplateValueError(`"${values.mac}" is not a MAC address`);
  const out: Record<string, string | undefined> = {
    serial: values.serial,
    mac,
    mac_hex: mac.replaceAll(':', ''),
    cert_pem: values.certPem,
    key_pem: values.keyPem,
    ca_pem: values.caPem ?? caPem,
  };
  for (const [name, value] of Object.entries(constants)) out[`const.${name}`] = value;
  return out;
}
