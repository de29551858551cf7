import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { certificateFields, sha256Hex } from './certificate-fields.js';
import { csvRecordAt, lineOffset } from './csv-records.js';
import { IdentityError } from './identity-error.js';
import { checkCandidate, readPoolKey } from './pool-pair.js';
import { poolColumns, readPoolCsv } from './pool-csv.js';
import { readPoolFolder } from './pool-folder.js';
import { whyUnreadable } from './pool-files.js';
import type { PoolEntry, PoolProblem } from './pool-types.js';

export type { KeyRef, PoolEntry, PoolProblem, PoolProblemKind } from './pool-types.js';

export interface CertificatePool {
  entries: PoolEntry[];
  problems: PoolProblem[];
}

/**
 * Reads a customer's certificates and keys: a folder of PEM files or a CSV.
 * Every pair is checked (the key must belong to its certificate) and a pair
 * that fails is left out with a problem saying where and why. The keys are
 * not kept: an entry says where its key is.
 */
export async function readCertificatePool(source: string, options: { now?: Date } = {}): Promise<CertificatePool> {
  const path = resolve(source);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new IdentityError(`certificate pool ${path} ${whyUnreadable(error)}`, { file: path, hint: 'give a folder of PEM files or a CSV file with cert and key columns' });
  });
  const read = info.isDirectory() ? await readPoolFolder(path) : await readPoolCsv(path);
  const now = options.now ?? new Date();
  const problems = read.problems;
  const entries: PoolEntry[] = [];
  const byFingerprint = new Map<string, PoolEntry>();
  const byPublicKey = new Map<string, PoolEntry>();
  const place = (e: PoolEntry): string => (e.keyRef.line === undefined ? e.keyRef.file : `${e.keyRef.file}:${e.keyRef.line}`);
  for (const candidate of read.candidates) {
    const checked = checkCandidate(candidate, now);
    if ('kind' in checked) {
      problems.push(checked);
      continue;
    }
    const twin = byFingerprint.get(checked.fingerprint);
    const sharer = byPublicKey.get(checked.publicKeySha256);
    if (twin || sharer) {
      problems.push({
        kind: 'duplicate',
        message: twin ? `the certificate of ${place(checked)} (${checked.subject}) is in the pool already, with ${place(twin)}` : `the key of ${place(checked)} (${checked.subject}) is in the pool already, with ${place(sharer!)} (${sharer!.subject})`,
        file: candidate.at.file,
        line: candidate.at.line,
        hint: 'every device needs its own certificate and key: remove the copy',
      });
      continue;
    }
    byFingerprint.set(checked.fingerprint, checked);
    byPublicKey.set(checked.publicKeySha256, checked);
    entries.push(checked);
  }
  return { entries, problems };
}

async function keyText(entry: PoolEntry): Promise<string> {
  const { file, line, column } = entry.keyRef;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new IdentityError(`the key of ${entry.subject} is gone: ${file} ${whyUnreadable(error)}`, { file, hint: 'the pool was read from files that have since moved or changed: read the pool again' });
  });
  if (column === undefined) return text;
  const { key } = poolColumns(csvRecordAt(text, 0) ?? [], file);
  const offset = line === undefined ? undefined : lineOffset(text, line);
  return (offset === undefined ? undefined : csvRecordAt(text, offset)?.[key]) ?? '';
}

/** The entry's private key as PKCS#8 PEM, read again from its source and checked against the entry's public key. */
export async function loadPoolKey(entry: PoolEntry): Promise<string> {
  const { file, line } = entry.keyRef;
  const key = readPoolKey(await keyText(entry));
  const cert = new X509Certificate(entry.certPem);
  const where = line === undefined ? file : `${file}:${line}`;
  const changed = { file, line, hint: 'the file changed after the pool was read: read the pool again, and check that it still holds the right key' };
  if (typeof key === 'string') throw new IdentityError(`the key of ${entry.subject} at ${where} ${key}`, changed);
  if (sha256Hex(certificateFields(new Uint8Array(cert.raw)).spki) !== entry.publicKeySha256 || !cert.checkPrivateKey(key)) {
    throw new IdentityError(`the key at ${where} no longer belongs to ${entry.subject}: its public key is not the one the pool recorded`, changed);
  }
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}
