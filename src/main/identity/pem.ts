/** One -----BEGIN X----- … -----END X----- block of a text. */
export interface PemBlock {
  label: string;
  /** The whole block, BEGIN to END line. */
  text: string;
  /** 1-based line of the BEGIN line. */
  line: number;
  /** RFC 1421 headers (Proc-Type: 4,ENCRYPTED …) are present. */
  hasHeaders: boolean;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
/** A header line (Proc-Type: 4,ENCRYPTED) right after the BEGIN line. */
const HEADERS = /^-----BEGIN [A-Z0-9 ]+-----\r?\n[A-Za-z-]+:/;

export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(BLOCK)) {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < match.index; i = text.indexOf('\n', i + 1)) line++;
    counted = match.index;
    blocks.push({ label: match[1]!, text: match[0], line, hasHeaders: HEADERS.test(match[0]) });
  }
  return blocks;
}

/** Labels of private keys, plain or encrypted: PKCS#8, SEC1 (EC) and PKCS#1 (RSA). */
export const isPrivateKeyLabel = (label: string): boolean => label.endsWith('PRIVATE KEY');

export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = [`-----BEGIN ${label}-----`];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  lines.push(`-----END ${label}-----`, '');
  return lines.join('\n');
}
