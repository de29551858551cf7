import { resolve } from 'node:path';
import { choosePrinter, defaultPrintersPath, loadPrintersFile, printLabel } from '../labels/index.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { labelFailure, templateFrom, templateOption } from './label-options.js';
import { ledgerOption, ledgerPath, single, withLedger } from './ledger-options.js';

export const labelPrintSpec: CommandSpec = {
  command: 'label print',
  description:
    "Print a device's label from the ledger and record the print there. A device whose label was printed before gets a reprint, which needs --reason. A printer that is offline or not ready (paper out, head open, paused) prints nothing: the attempt is recorded as failed, with the printer's condition.",
  positionals: [{ name: 'device', help: 'a serial, or a MAC in any spelling' }],
  options: [
    { name: '--printer', metavar: 'NAME', help: 'the printer, by its name in the printers file (default: the only one there)' },
    { name: '--printers', metavar: 'FILE', help: "the printers file (default: $FACTORY_BENCH_PRINTERS, else printers.json in the app's data folder)" },
    templateOption,
    { name: '--reason', metavar: 'TEXT', help: 'why it is printed again (required for a reprint; kept in the ledger)' },
    ledgerOption,
  ],
  epilog: 'printers.json: {"line-1": {"kind": "zebra", "host": "10.0.0.5", "port": 9100}, "archive": {"kind": "pdf", "dir": "labels"}}',
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(labelPrintSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(labelPrintSpec));
      return 0;
    }
    const term = args.positionals.device![0]!;
    const reason = single(args, 'reason');
    try {
      const template = templateFrom(args, io);
      const printersFile = single(args, 'printers');
      const source = printersFile ? resolve(io.cwd, printersFile) : defaultPrintersPath();
      const printer = choosePrinter(loadPrintersFile(source), single(args, 'printer'), source);
      return await withLedger(ledgerPath(args, io), { create: false }, async (ledger) => {
        const result = await printLabel({ ledger, term, printer, template, ...(reason !== undefined ? { reason } : {}) });
        io.err(`label print: ${result.reprint ? 'reprinted' : 'printed'} ${result.serial} (MAC ${result.mac}) on ${printer.name}: ${result.where}\n`);
        return 0;
      });
    } catch (error) {
      throw labelFailure(error);
    }
  },
};

export default command;
