import type { Command } from './commands.js';
import generateKey, { generateKeySpec } from './nvs-generate-key.js';
import { formatHelp, parseArgs } from './args.js';

/** `mfg generate-key` is `nvs generate-key`, as mfg_gen.py's is nvs_partition_gen.py's. */
const spec = { ...generateKeySpec, command: 'mfg generate-key', description: `${generateKeySpec.description} Same as nvs generate-key.` };

const command: Command = {
  async run(argv, io) {
    if (parseArgs(spec, argv) === 'help') {
      io.out(formatHelp(spec));
      return 0;
    }
    return generateKey.run(argv, io);
  },
};

export default command;
