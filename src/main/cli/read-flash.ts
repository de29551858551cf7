import { resolve } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError } from './errors.js';
import { connectionOptions, loaderOptions, parseNumber, withLoader } from './esp-options.js';

export const readFlashSpec: CommandSpec = {
  command: 'read-flash',
  description: "Read a range of the board's flash into a file (like esptool read-flash); the file is written whole or not at all.",
  positionals: [
    { name: 'offset', help: 'flash offset, e.g. 0x9000' },
    { name: 'size', help: 'bytes to read, e.g. 0x6000, or ALL for the whole flash' },
    { name: 'out', help: 'the file to write' },
  ],
  options: connectionOptions,
  epilog: 'With --no-stub the ROM reads 64 bytes per command: fine for a partition, slow for a whole flash.',
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(readFlashSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(readFlashSpec));
      return 0;
    }
    const offset = parseNumber(args.positionals.offset![0]!, 'offset');
    const sizeWord = args.positionals.size![0]!;
    const size = sizeWord.toUpperCase() === 'ALL' ? 'all' : parseNumber(sizeWord, 'size');
    const out = resolve(io.cwd, args.positionals.out![0]!);
    const data = await withLoader(loaderOptions(args, io, 'read-flash'), async (loader) => {
      if (size !== 'all') return loader.readFlash(offset, size);
      const info = await loader.flashInfo();
      if (info.size === undefined) throw new CliError('the flash size is unknown (its JEDEC id is not in the table): give the size in bytes');
      return loader.readFlash(offset, info.size - offset);
    });
    await writeFileAtomic(out, data);
    io.err(`read-flash: read ${data.length} bytes at 0x${offset.toString(16).padStart(8, '0')} into ${args.positionals.out![0]}\n`);
    return 0;
  },
};

export default command;
