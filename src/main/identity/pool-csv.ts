import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { csvRecords } from './csv-records.js';
import { IdentityError } from './identity-error.js';
import { isPrivateKeyLabel, pemBlocks } from './pem.js';
import { readTexts, whyUnreadable } from './pool-files.js';
import type { PoolCandidate, PoolProblem, SourceRead } from './pool-types.js';

export const CERT_COLUMNS = ['cert', 'certificate'];
export const KEY_COLUMNS = ['key', 'private_key'];

const isInline = (cell: string): boolean => cell.includes('-----BEGIN ');

/** The header's certificate and key columns: their index and their name as the file spells it. */
export function poolColumns(header: readonly string[], file: string): { cert: number; key: number; keyName: string } {
  const find = (names: readonly string[]): number => header.findIndex((h) => names.includes(h.trim().toLowerCase()));
  const cert = find(CERT_COLUMNS);
  const key = find(KEY_COLUMNS);
  if (cert < 0 || key < 0) {
    throw new IdentityError(`${file} has no ${cert < 0 ? 'cert' : 'key'} column in its header row`, { file, line: 1, hint: 'the first row names the columns: cert (or certificate) and key (or private_key), each holding PEM text or a file path relative to the CSV' });
  }
  return { cert, key, keyName: header[key]!.trim() };
}

/**
 * A CSV with a header row: each row a certificate and its key, each cell
 * either the PEM text itself or a path relative to the CSV file.
 */
export async function readPoolCsv(file: string): Promise<SourceRead> {
  const records = csvRecords(await readFile(file, 'utf8'), file);
  const header = records.shift();
  if (!header) throw new IdentityError(`${file} is empty`, { file, hint: 'the first row names the columns: cert and key' });
  const columns = poolColumns(header.fields, file);
  const base = dirname(file);
  const rows = records.map((r) => ({ line: r.line, cert: (r.fields[columns.cert] ?? '').trim(), key: (r.fields[columns.key] ?? '').trim() })).filter((r) => r.cert !== '' || r.key !== '');
  const paths = [...new Set(rows.flatMap((r) => [r.cert, r.key].filter((cell) => cell !== '' && !isInline(cell)).map((cell) => resolve(base, cell))))];
  const texts = new Map<string, string | NodeJS.ErrnoException>();
  (await readTexts(paths)).forEach((text, i) => texts.set(paths[i]!, text));

  const problems: PoolProblem[] = [];
  const candidates: PoolCandidate[] = [];
  for (const row of rows) {
    const at = { file, line: row.line };
    if (row.key === '') {
      problems.push({ kind: 'missing-key', message: `${file}:${row.line}: the row has a certificate but no key`, ...at, hint: `put the key's PEM text or file path in the ${columns.keyName} column` });
      continue;
    }
    if (row.cert === '') {
      problems.push({ kind: 'missing-certificate', message: `${file}:${row.line}: the row has a key but no certificate`, ...at, hint: "put the certificate's PEM text or file path in the cert column" });
      continue;
    }
    const cell = (text: string, what: string): { pem: string; file: string; line?: number } | undefined => {
      if (isInline(text)) return { pem: text, file, line: row.line };
      const path = resolve(base, text);
      const content = texts.get(path)!;
      if (typeof content !== 'string') {
        problems.push({ kind: 'unreadable', message: `${file}:${row.line}: ${what} file ${text} ${whyUnreadable(content)} (looked for ${path})`, ...at, hint: 'paths in the CSV are relative to the CSV file' });
        return undefined;
      }
      const block = pemBlocks(content).find((b) => (what === 'key' ? isPrivateKeyLabel(b.label) : b.label === 'CERTIFICATE'));
      return { pem: content, file: path, line: block?.line };
    };
    const cert = cell(row.cert, 'certificate');
    const key = cell(row.key, 'key');
    if (!cert || !key) continue;
    const ref = key.file === file ? { file, line: row.line, column: columns.keyName } : { file: key.file, line: key.line };
    candidates.push({ cert, key: { pem: key.pem, ref }, at });
  }
  return { candidates, problems };
}
