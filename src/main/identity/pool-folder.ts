import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isPrivateKeyLabel, pemBlocks } from './pem.js';
import { readTexts, whyUnreadable } from './pool-files.js';
import type { PoolCandidate, PoolProblem, SourceRead } from './pool-types.js';

const PEM_FILE = /\.(?:pem|crt|cer|cert|key)$/i;
/** dev2 before dev10. */
const byName = new Intl.Collator('en', { numeric: true }).compare;

/** dev1.crt, dev1.pem, dev1.cert.pem, dev1-cert.pem, dev1.key, dev1.key.pem, dev1-key.pem: all "dev1". */
export const stemOf = (name: string): string => name.replace(PEM_FILE, '').replace(/[.-](?:cert|crt|key)$/i, '');

interface Half {
  pem: string;
  file: string;
  line: number;
}

const HINT_PAIRS = 'a certificate and its key are paired by file name: dev1.crt (or dev1.pem, dev1-cert.pem) with dev1.key (or dev1.key.pem, dev1-key.pem)';

/**
 * A folder of PEM files, paired by file stem. What a file is, is decided by
 * what it holds: a file with a private key is a key whatever its name, and a
 * file with both is a whole pair.
 */
export async function readPoolFolder(dir: string): Promise<SourceRead> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.') && PEM_FILE.test(e.name))
    .map((e) => e.name)
    .sort(byName);
  const paths = names.map((name) => join(dir, name));
  const texts = await readTexts(paths);
  const problems: PoolProblem[] = [];
  const certs = new Map<string, Half[]>();
  const keys = new Map<string, Half[]>();
  const add = (map: Map<string, Half[]>, stem: string, half: Half): void => void (map.get(stem) ?? map.set(stem, []).get(stem)!).push(half);

  names.forEach((name, i) => {
    const file = paths[i]!;
    const text = texts[i]!;
    if (typeof text !== 'string') {
      problems.push({ kind: 'unreadable', message: `${file} ${whyUnreadable(text)}`, file, hint: 'check the file permissions' });
      return;
    }
    const blocks = pemBlocks(text);
    const cert = blocks.find((b) => b.label === 'CERTIFICATE');
    const privateKeys = blocks.filter((b) => isPrivateKeyLabel(b.label));
    if (!cert && privateKeys.length === 0) {
      problems.push({ kind: 'unreadable', message: `${file} holds neither a PEM certificate nor a PEM private key`, file, hint: 'expected -----BEGIN CERTIFICATE----- or -----BEGIN PRIVATE KEY-----; DER files convert with openssl x509 -inform der / openssl pkey -inform der' });
      return;
    }
    if (privateKeys.length > 1) {
      problems.push({ kind: 'ambiguous', message: `${file} holds ${privateKeys.length} private keys`, file, line: privateKeys[1]!.line, hint: 'keep one device key per file' });
      return;
    }
    const stem = stemOf(name);
    if (cert) add(certs, stem, { pem: cert.text, file, line: cert.line });
    if (privateKeys[0]) add(keys, stem, { pem: privateKeys[0].text, file, line: privateKeys[0].line });
  });

  const candidates: PoolCandidate[] = [];
  const stems = [...new Set([...certs.keys(), ...keys.keys()])].sort(byName);
  for (const stem of stems) {
    const c = certs.get(stem) ?? [];
    const k = keys.get(stem) ?? [];
    if (c.length > 1 || k.length > 1) {
      const many = c.length > 1 ? c : k;
      problems.push({ kind: 'ambiguous', message: `${many.length} ${c.length > 1 ? 'certificates' : 'keys'} for "${stem}": ${many.map((h) => h.file).join(', ')}`, file: many[1]!.file, line: many[1]!.line, hint: `keep one certificate and one key per device; ${HINT_PAIRS}` });
    } else if (c[0] && !k[0]) {
      problems.push({ kind: 'missing-key', message: `certificate ${c[0].file} has no key beside it`, file: c[0].file, line: c[0].line, hint: HINT_PAIRS });
    } else if (k[0] && !c[0]) {
      problems.push({ kind: 'missing-certificate', message: `key ${k[0].file} has no certificate beside it`, file: k[0].file, line: k[0].line, hint: HINT_PAIRS });
    } else if (c[0] && k[0]) {
      candidates.push({ cert: c[0], key: { pem: k[0].pem, ref: { file: k[0].file, line: k[0].line } }, at: { file: k[0].file, line: k[0].line } });
    }
  }
  return { candidates, problems };
}
