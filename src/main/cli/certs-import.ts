import { resolve } from 'node:path';
import { readCertificatePool } from '../identity/cert-pool.js';
import { describeIdentityError, IdentityError } from '../identity/identity-error.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError } from './errors.js';
import { ledgerOption, ledgerPath, single, withLedger } from './ledger-options.js';

export const certsImportSpec: CommandSpec = {
  command: 'certs import',
  description:
    'Import device certificates made elsewhere into a pool of the ledger; a job in pool mode gives each board the next one. ' +
    'Every certificate is checked against its private key, and a key that does not match is refused. The keys are not copied: ' +
    'the ledger records where each one is, and the bench reads it when it writes that board.',
  positionals: [{ name: 'source', help: 'a folder of PEM files (dev1.crt + dev1.key, …) or a CSV with cert and key columns (PEM text or file paths)' }],
  options: [ledgerOption, { name: '--pool', metavar: 'NAME', help: 'the pool to add them to (default "default"); the job names the pool it takes from' }],
  epilog: 'Nothing is imported unless every pair is good; importing the same source again adds only what is new.',
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(certsImportSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(certsImportSpec));
      return 0;
    }
    const source = resolve(io.cwd, args.positionals.source![0]!);
    const pool = single(args, 'pool') ?? 'default';
    let read;
    try {
      read = await readCertificatePool(source);
    } catch (error) {
      throw error instanceof IdentityError ? new CliError(describeIdentityError(error)) : error;
    }
    if (read.problems.length > 0) {
      const lines = read.problems.map((problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n  hint: ${problem.hint}`);
      throw new CliError(`${read.problems.length} problem(s) in ${source}; nothing was imported:\n${lines.join('\n')}`);
    }
    if (read.entries.length === 0) throw new CliError(`no certificates in ${source}\nhint: a folder needs pairs such as dev1.crt and dev1.key; a CSV needs cert and key columns`);
    const certificates = read.entries.map((entry) => ({ ...entry, notAfter: entry.notAfter.toISOString() }));
    return withLedger(ledgerPath(args, io), { create: true }, (ledger) => {
      const { added, skipped } = ledger.importPoolCertificates(pool, certificates, source);
      const free = ledger.queries.unusedPoolCertificates(pool);
      io.err(`certs import: ${added} certificate(s) added to pool "${pool}"${skipped ? `, ${skipped} already there` : ''}; ${free} unused in the pool (${ledger.file})\n`);
      return 0;
    });
  },
};

export default command;
