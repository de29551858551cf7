import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { writeFileAtomicSync } from '../files/atomic-write.js';
import { createCa } from '../identity/ca.js';
import { describeIdentityError, IdentityError } from '../identity/identity-error.js';
import { resolvePassphrase, PASSPHRASE_ENV } from '../identity/passphrase.js';
import { formatHelp, opt, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';

const DEFAULT_SUBJECT = 'CN=Factory Bench Device CA';
const DEFAULT_DAYS = 3650;

export const caCreateSpec: CommandSpec = {
  command: 'ca create',
  description:
    'Make a certificate authority for signing device certificates: an ECDSA P-256 self-signed CA certificate (<out>/ca.crt) ' +
    'and its private key, encrypted with a passphrase (<out>/ca.key, PKCS#8, AES-256-CBC). Existing files are never overwritten.',
  positionals: [],
  options: [
    { name: '--out', metavar: 'DIR', help: 'folder that gets ca.crt and ca.key (made when missing)' },
    { name: '--subject', metavar: 'DN', help: `the CA's name, e.g. "CN=ACME Device CA, O=ACME" (default "${DEFAULT_SUBJECT}")` },
    { name: '--days', metavar: 'N', help: `how many days the CA is valid (default ${DEFAULT_DAYS}); make it outlive the device certificates` },
    { name: '--passphrase-file', metavar: 'FILE', help: `file whose first line is the passphrase that encrypts the key (else $${PASSPHRASE_ENV})` },
  ],
  epilog: 'Keep ca.key and its passphrase apart, and back both up: devices signed by the CA cannot be re-signed without them.',
};

function parseDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DAYS;
  const days = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= 36_500)) throw new UsageError(`--days ${text}: give a whole number of days from 1 to 36500`);
  return days;
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(caCreateSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(caCreateSpec));
      return 0;
    }
    const out = opt.one(args, 'out');
    if (out === undefined) throw new UsageError('the following arguments are required: --out');
    const days = parseDays(opt.one(args, 'days'));
    const dir = resolve(io.cwd, out);
    const certPath = join(dir, 'ca.crt');
    const keyPath = join(dir, 'ca.key');
    for (const path of [certPath, keyPath]) {
      if (existsSync(path)) throw new CliError(`${path} exists already: refusing to overwrite it (devices may depend on that CA). Choose another --out folder, or move the old files away`);
    }
    let created;
    try {
      const passphrase = await resolvePassphrase({ passphraseFile: opt.one(args, 'passphrase-file'), env: process.env, cwd: io.cwd });
      created = await createCa({ subject: opt.one(args, 'subject') ?? DEFAULT_SUBJECT, validityDays: days, passphrase });
    } catch (error) {
      if (error instanceof IdentityError) throw new CliError(describeIdentityError(error));
      throw error;
    }
    // The key first: a certificate without its key would be of no use.
    const written: string[] = [];
    try {
      mkdirSync(dir, { recursive: true });
      writeFileAtomicSync(keyPath, created.encryptedKeyPem, 0o600);
      written.push(keyPath);
      writeFileAtomicSync(certPath, created.certPem);
    } catch (error) {
      for (const path of written) rmSync(path, { force: true });
      throw new CliError(`cannot write ${written.length === 0 ? keyPath : certPath}: ${(error as Error).message}`);
    }
    const cert = new X509Certificate(created.certPem);
    io.out(`\nCreated CA certificate: ===>  ${certPath}\n`);
    io.out(`Created CA key (encrypted): ===>  ${keyPath}\n`);
    io.out(`\nCA: ${cert.subject.split('\n').join(', ')}, valid until ${new Date(cert.validTo).toISOString()}\n`);
    io.out(`SHA-256 fingerprint: ${cert.fingerprint256}\n`);
    return 0;
  },
};

export default command;
