import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { prepareImages, type FlashRegion } from '../esp/index.js';
import { formatHelp, opt, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import { connectionOptions, loaderOptions, parseNumber, withLoader } from './esp-options.js';

export const flashSpec: CommandSpec = {
  command: 'flash',
  description:
    'Write images to the board\'s flash and verify each with its MD5 (like esptool write-flash). Images are compressed once, ' +
    'before connecting; the flasher stub is uploaded unless --no-stub.',
  positionals: [{ name: 'offset file', nargs: '+', help: 'pairs of flash offset (0x10000) and image file' }],
  options: [...connectionOptions, { name: '--no-compress', values: 0, help: 'send the images uncompressed' }],
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(flashSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(flashSpec));
      return 0;
    }
    const words = args.positionals['offset file']!;
    if (words.length % 2 !== 0) throw new UsageError('give the images as pairs: <offset> <file> [<offset> <file> ...]');
    const options = loaderOptions(args, io, 'flash');
    const regions: FlashRegion[] = [];
    for (let i = 0; i < words.length; i += 2) {
      const offset = parseNumber(words[i]!, 'offset');
      const path = resolve(io.cwd, words[i + 1]!);
      const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${words[i + 1]}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      regions.push({ offset, data });
    }
    // Compressed once, before connecting: the board does not wait for the CPU.
    const images = await prepareImages(regions, { compress: !opt.flag(args, 'no-compress') }).catch((error: unknown) => {
      throw new CliError(error instanceof Error ? error.message : String(error));
    });
    await withLoader(options, (loader) => loader.flash(images));
    for (const image of images) {
      io.out(`wrote ${image.data.length} bytes at 0x${image.offset.toString(16).padStart(8, '0')}, verified (md5 ${image.md5})\n`);
    }
    return 0;
  },
};

export default command;
