import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { connectionOptions, loaderOptions, withLoader } from './esp-options.js';

export const readMacSpec: CommandSpec = {
  command: 'read-mac',
  description: "Connect to the board's serial bootloader and print the MAC address from its eFuses (like esptool read-mac).",
  positionals: [],
  options: connectionOptions,
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(readMacSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(readMacSpec));
      return 0;
    }
    const mac = await withLoader(loaderOptions(args, io, 'read-mac'), (loader) => loader.readMac());
    io.out(`MAC: ${mac.text}\n${mac.eui64 ? `EUI-64: ${mac.eui64}\n` : ''}`);
    return 0;
  },
};

export default command;
