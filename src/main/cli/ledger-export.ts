import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
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

/** Writes text and waits when the stream's buffer is full. */
const sinkOf =
  (stream: Writable) =>
  (text: string): Promise<void> | void => {
    if (text && !stream.write(text)) {
      return new Promise((done, fail) => {
        const onError = (error: Error) => fail(error);
        stream.once('error', onError);
        stream.once('drain', () => {
          stream.off('error', onError);
          done();
        });
      });
    }
  };

async function exportToFile(out: string, work: (write: (text: string) => Promise<void> | void) => Promise<number>): Promise<number> {
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const stream = createWriteStream(temporary, { flags: 'wx' });
  const closed = once(stream, 'close');
  try {
    await once(stream, 'ready');
    const count = await work(sinkOf(stream));
    await new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done())));
    await rename(temporary, out);
    return count;
  } catch (error) {
    // The file must be closed before it is removed, or a late open would leave it behind.
    stream.destroy();
    await closed.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

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
        const count = await exportToFile(resolve(io.cwd, outName), run);
        io.err(`ledger export: ${count} devices written to ${outName}\n`);
      } else {
        await run(io === processIo ? sinkOf(process.stdout) : (text) => io.out(text));
      }
      return 0;
    });
  },
};

export default command;
