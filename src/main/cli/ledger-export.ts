import { resolve } from 'node:path';
import { streamSink, writeStreamAtomic } from '../files/atomic-stream.js';
import { exportDevices, type ExportFormat } from '../ledger/index.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { processIo } from './io.js';
import { deviceFilter, filterOptions, ledgerOption, ledgerPath, single, withLedger } from './ledger-options.js';

export const ledgerExportSpec: CommandSpec = {
  command: 'ledger export',
  description:
    'Export the devices (serial, MAC, status, job, certificate and image SHA-256, dates) as CSV or JSON, streaming: any number of rows in flat memory. CSV cells that a spreadsheet would run as a formula are written as text.',
  positionals: [],
  options: [
    ledgerOption,
    ...filterOptions,
    { name: '--format', choices: ['csv', 'json'], help: 'csv (default) or json (one array of objects)' },
    { name: '--out', metavar: 'FILE', help: 'write to FILE, whole or not at all (default: standard output)' },
  ],
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(ledgerExportSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(ledgerExportSpec));
      return 0;
    }
    const format = (single(args, 'format') ?? 'csv') as ExportFormat;
    const filter = deviceFilter(args);
    const outName = single(args, 'out');
    return withLedger(ledgerPath(args, io), { create: false }, async (ledger) => {
      const run = (write: (text: string) => Promise<void> | void) => exportDevices(ledger.queries, format, filter, write);
      if (outName) {
        const count = await writeStreamAtomic(resolve(io.cwd, outName), run);
        io.err(`ledger export: ${count} devices written to ${outName}\n`);
      } else {
        await run(io === processIo ? streamSink(process.stdout) : (text) => io.out(text));
      }
      return 0;
    });
  },
};

export default command;
