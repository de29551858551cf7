import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { UsageError } from './errors.js';
import { deviceFilter, filterOptions, ledgerOption, ledgerPath, single, withLedger } from './ledger-options.js';
import { formatDeviceTable } from './ledger-table.js';

export const ledgerListSpec: CommandSpec = {
  command: 'ledger list',
  description: 'List the devices in the ledger, newest first (by serial or MAC when searching), a page at a time.',
  positionals: [],
  options: [
    ledgerOption,
    ...filterOptions,
    { name: '--limit', metavar: 'N', help: 'rows per page, 1–1000 (default 50)' },
    { name: '--after', metavar: 'CURSOR', help: 'the next page: the cursor printed under the previous one' },
    { name: '--json', values: 0, help: 'print the page as JSON: { rows, next }' },
  ],
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(ledgerListSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(ledgerListSpec));
      return 0;
    }
    const limitText = single(args, 'limit') ?? '50';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit ${limitText}: give a whole number from 1 to 1000`);
    const after = single(args, 'after');
    const filter = deviceFilter(args);
    return withLedger(ledgerPath(args, io), { create: false }, (ledger) => {
      const page = ledger.queries.page(filter, { limit, ...(after ? { after } : {}) });
      if (args.options.json) {
        io.out(`${JSON.stringify(page, null, 2)}\n`);
        return 0;
      }
      if (page.rows.length === 0) {
        io.err('ledger list: no devices match\n');
        return 0;
      }
      io.out(formatDeviceTable(page.rows));
      if (page.next) io.err(`ledger list: more devices: add --after ${page.next}\n`);
      return 0;
    });
  },
};

export default command;
