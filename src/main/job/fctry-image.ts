import { encodeNvs } from '../../shared/nvs/encoder.js';
import { encryptImage, type NvsKeys } from '../../shared/nvs/encryption.js';
import { NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';
import type { FormatVersion } from '../../shared/nvs/items.js';
import { rowsToItems } from '../../shared/nvs/rows.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import { renderRows, type NvsTemplate, type TemplateValues } from './nvs-template.js';

export interface FctryImageOptions {
  size: number;
  version: FormatVersion;
  keys?: NvsKeys;
  /** The template's `file` rows' contents, by path as written, read when the job loaded. */
  staticFiles: ReadonlyMap<string, Uint8Array>;
  warn?(message: string, at: SourceLocation): void;
}

/**
 * One board's fctry image: the template's rows with its values filled in,
 * then what `nvs generate` (or `nvs encrypt` with a key file) does with rows.
 * Throws NvsInputError when a value does not suit its row or the data does
 * not fit, TemplateValueError when a value the template needs is missing.
 */
export function buildFctryImage(template: NvsTemplate, values: TemplateValues, options: FctryImageOptions): Uint8Array {
  const readFile = (path: string, at: SourceLocation): Uint8Array => {
    const data = options.staticFiles.get(path);
    if (!data) throw new NvsInputError(`file '${path}' was not read when the job loaded`, at);
    return data;
  };
  const items = rowsToItems(renderRows(template, values), { readFile, crypto: nodeCrypto, warn: options.warn });
  const plain = encodeNvs(items, { size: options.size, version: options.version });
  return options.keys ? encryptImage(plain, options.keys, nodeCrypto) : plain;
}

const PEM_SAMPLE_BYTES = 1536;

/** A PEM block of about `bytes` bytes: base64 lines of 64, as OpenSSL writes them. */
function samplePem(label: string, bytes: number): string {
  const begin = `-----BEGIN ${label}-----\n`;
  const end = `-----END ${label}-----\n`;
  const body = bytes - begin.length - end.length;
  const lines: string[] = [];
  for (let left = body; left > 1; left -= 65) lines.push('A'.repeat(Math.min(64, left - 1)));
  return `${begin}${lines.join('\n')}\n${end}`;
}

/**
 * The largest values a board may bring, to check that the template fits the
 * partition before any board is touched: a serial of 64 characters (the
 * longest allowed), MACs of 64 characters, certificate, key and CA PEMs of
 * 1.5 KiB (an RSA-2048 pool certificate is about that; an issued P-256 one
 * under 1 KiB), or the CA's own PEM when the job has it.
 */
export function worstCaseValues(constants: Readonly<Record<string, string>>, caPem?: string): TemplateValues {
  const values: Record<string, string> = {
    serial: 'S'.repeat(64),
    mac: 'ff:'.repeat(22).slice(0, 64),
    mac_hex: 'f'.repeat(64),
    cert_pem: samplePem('CERTIFICATE', PEM_SAMPLE_BYTES),
    key_pem: samplePem('PRIVATE KEY', PEM_SAMPLE_BYTES),
    ca_pem: caPem ?? samplePem('CERTIFICATE', PEM_SAMPLE_BYTES),
  };
  for (const [name, value] of Object.entries(constants)) values[`const.${name}`] = value;
  return values;
}

/** The smallest partition size (a multiple of 4 KiB, up to 1 MiB) the values fit in, if any. */
export function smallestFit(template: NvsTemplate, values: TemplateValues, options: FctryImageOptions): number | undefined {
  for (let size = options.size + 0x1000; size <= 0x100000; size += 0x1000) {
    try {
      buildFctryImage(template, values, { ...options, keys: undefined, size });
      return size;
    } catch {
      // not yet
    }
  }
  return undefined;
}
