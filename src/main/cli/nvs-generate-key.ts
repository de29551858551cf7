import { writeOutputs } from '../nvs/write-outputs.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { hmacOptions, keyFileOption, makeNewKeys } from './nvs-key-options.js';

export const generateKeySpec: CommandSpec = {
  command: 'nvs generate-key',
  description:
    'Write an NVS encryption key file (an nvs_keys partition image: XTS data key, tweak key, CRC32) to <outdir>/keys/ ' +
    '(a drop-in for nvs_partition_gen.py generate-key). Random keys come from the system CSPRNG.',
  positionals: [],
  options: [keyFileOption, { name: '--outdir', metavar: 'OUTDIR', help: 'folder that gets the keys/ folder (default: the current directory)' }, ...hmacOptions],
  epilog:
    'Flash the key file to the nvs_keys partition with flash encryption (esptool --encrypt), or let the bootloader encrypt it.\n' +
    'With --key_protect_hmac the device derives the same keys from the HMAC key in its eFuse and needs no nvs_keys partition.',
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(generateKeySpec, argv);
    if (args === 'help') {
      io.out(formatHelp(generateKeySpec));
      return 0;
    }
    const created = makeNewKeys(args, io, new Date());
    writeOutputs(created.files);
    for (const message of created.messages) io.out(message);
    return 0;
  },
};

export default command;
