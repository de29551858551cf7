import { extname, resolve } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { deviceLabelFields, LabelError, renderLabel, renderPdf, renderPng } from '../labels/index.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import { labelFailure, templateFrom, templateOption } from './label-options.js';
import { ledgerOption, ledgerPath, single, withLedger } from './ledger-options.js';

export const labelPreviewSpec: CommandSpec = {
  command: 'label preview',
  description:
    "Write a device's label to a file, whole or not at all: as the printer gets it (.zpl), as a drawing (.svg, .pdf), or as an image of the printer's dots (.png; its text is in OCR-B, not the printer's font). Nothing is printed or recorded.",
  positionals: [{ name: 'device', help: 'a serial, or a MAC in any spelling' }],
  options: [{ name: '--out', metavar: 'FILE', help: 'label.svg, label.pdf, label.zpl or label.png (required; the extension says which)' }, templateOption, ledgerOption],
};

const FORMATS = ['.svg', '.pdf', '.zpl', '.png'];

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(labelPreviewSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(labelPreviewSpec));
      return 0;
    }
    const out = single(args, 'out');
    if (!out) throw new UsageError('--out FILE is required (label.svg, label.pdf, label.zpl or label.png)');
    const format = extname(out).toLowerCase();
    if (!FORMATS.includes(format)) throw new UsageError(`--out ${out}: the extension says the format: .svg, .pdf, .zpl or .png`);
    const term = args.positionals.device![0]!;
    try {
      const template = templateFrom(args, io);
      return await withLedger(ledgerPath(args, io), { create: false }, async (ledger) => {
        const row = ledger.queries.find(term);
        if (!row) throw new LabelError('unknown-device', `no device with serial or MAC "${term}" in ${ledger.file}`, 'check the serial or MAC (factory-bench ledger list --search …)');
        const label = renderLabel(template, deviceLabelFields(ledger, row));
        const data =
          format === '.zpl' ? label.zpl : format === '.svg' ? label.svg : format === '.png' ? renderPng(label.layout) : await renderPdf(label.layout, { title: label.serial, date: label.date });
        await writeFileAtomic(resolve(io.cwd, out), data).catch((error: Error) => {
          throw new CliError(`cannot write ${out}: ${error.message}`);
        });
        io.err(`label preview: the label of ${row.serial} (MAC ${row.mac}) written to ${out}\n`);
        return 0;
      });
    } catch (error) {
      throw labelFailure(error);
    }
  },
};

export default command;
