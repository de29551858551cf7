import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import { ledgerOption, ledgerPath, single, withLedger } from './ledger-options.js';

export const ledgerVoidSpec: CommandSpec = {
  command: 'ledger void',
  description: "Take a device's identity out of use for good (a scrapped board, a leaked key). Its serial and certificate are never handed out again; the board gets a new identity if it is provisioned again.",
  positionals: [{ name: 'device', help: 'the serial, or the MAC, whose current identity to void' }],
  options: [ledgerOption, { name: '--reason', metavar: 'TEXT', help: 'why (required; kept in the audit trail)' }],
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(ledgerVoidSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(ledgerVoidSpec));
      return 0;
    }
    const reason = single(args, 'reason');
    if (!reason?.trim()) throw new UsageError('--reason is required: say why the identity is voided');
    const term = args.positionals.device![0]!;
    return withLedger(ledgerPath(args, io), { create: false }, (ledger) => {
      const row = ledger.queries.find(term);
      if (!row) throw new CliError(`no device with serial or MAC "${term}" in ${ledger.file}`);
      if (row.status === 'voided') throw new CliError(`${row.serial} is already voided: ${row.voidReason ?? ''}`);
      ledger.void(row.allocationId, reason);
      io.err(`ledger void: ${row.serial} (MAC ${row.mac}) voided: ${reason}\n`);
      return 0;
    });
  },
};

export default command;
