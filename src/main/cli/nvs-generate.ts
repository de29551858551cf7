import { formatLocation } from '../../shared/nvs/errors.js';
import { parsePartitionSize, partitionGeometry } from '../../shared/nvs/size.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';
import { generateImage } from '../nvs/generate.js';
import { resolveBinOutput } from '../nvs/output-path.js';
import { formatHelp, opt, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';

export const generateSpec: CommandSpec = {
  command: 'nvs generate',
  description: 'Generate an NVS partition image from CSV files (a drop-in for nvs_partition_gen.py generate).',
  positionals: [
    { name: 'input', nargs: '+', help: 'CSV files (key,type,encoding,value); several go into one image, in order' },
    { name: 'output', help: 'the image file to write (.bin)' },
    { name: 'size', help: 'partition size in bytes, a multiple of 4096 (e.g. 0x6000)' },
  ],
  options: [
    { name: '--version', choices: ['1', '2'], help: 'NVS format: 1 without multi-page blobs, 2 with (default 2)' },
    { name: '--outdir', metavar: 'OUTDIR', help: 'folder for the output (default: the current directory)' },
  ],
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(generateSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(generateSpec));
      return 0;
    }
    const version = opt.one(args, 'version') === '1' ? 1 : 2;
    const output = resolveBinOutput(args.positionals['output']![0]!, opt.one(args, 'outdir'), io.cwd, (m) => io.err(`warning: ${m}\n`));
    const size = parsePartitionSize(args.positionals['size']![0]!);
    if (partitionGeometry(size).readOnly) {
      io.out('\nMinimum partition size for read/write NVS is 0x3000 bytes. Partitions smaller than this must be flagged as "readonly" in the partition table CSV.\n');
    }
    io.out(`\nCreating NVS binary with version: ${version === 1 ? 'V1 - Multipage Blob Support Disabled' : 'V2 - Multipage Blob Support Enabled'}\n`);
    const image = generateImage({
      inputs: args.positionals['input']!,
      size: args.positionals['size']![0]!,
      version,
      cwd: io.cwd,
      warn: (message, at) => io.err(`warning: ${formatLocation(at)}: ${message}\n`),
    });
    writeFileAtomicSync(output, image);
    io.out(`\nCreated NVS binary: ===> ${output}\n`);
    return 0;
  },
};

export default command;
