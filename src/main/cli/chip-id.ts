import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { connectionOptions, loaderOptions, withLoader } from './esp-options.js';

export const chipIdSpec: CommandSpec = {
  command: 'chip-id',
  description: 'Connect to the board\'s serial bootloader and print its chip, chip id and MAC address (like esptool chip-id).',
  positionals: [],
  options: connectionOptions,
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(chipIdSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(chipIdSpec));
      return 0;
    }
    const lines = await withLoader(loaderOptions(args, io, 'chip-id'), async (loader) => {
      const mac = await loader.readMac();
      return [
        `Chip: ${loader.chip.label}`,
        ...(loader.chip.chipId === undefined ? [] : [`Chip ID: ${loader.chip.chipId}`]),
        `MAC: ${mac.text}`,
        ...(mac.eui64 ? [`EUI-64: ${mac.eui64}`] : []),
      ];
    });
    io.out(`${lines.join('\n')}\n`);
    return 0;
  },
};

export default command;
