import { entryCrc32 } from '../../shared/nvs/crc32.js';
import { decryptImage } from '../../shared/nvs/encryption.js';
import { readKeyPartition } from '../../shared/nvs/keys.js';
import { BITMAP_OFFSET, FIRST_ENTRY_OFFSET, PAGE_SIZE } from '../../shared/nvs/layout.js';
import { readBinaryInput, requireBinExtension } from '../nvs/key-files.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import { resolveBinOutput } from '../nvs/output-path.js';
import { writeOutputs } from '../nvs/write-outputs.js';
import { formatHelp, opt, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError } from './errors.js';

export const decryptSpec: CommandSpec = {
  command: 'nvs decrypt',
  description: 'Decrypt an encrypted NVS partition image (a drop-in for nvs_partition_gen.py decrypt).',
  positionals: [
    { name: 'input', help: 'the encrypted image (.bin)' },
    { name: 'key', help: 'the key file (.bin, an nvs_keys partition as written by nvs generate-key); its CRC is checked' },
    { name: 'output', help: 'the decrypted image to write (.bin)' },
  ],
  options: [{ name: '--outdir', metavar: 'OUTDIR', help: 'folder for the output (default: the current directory)' }],
};

/**
 * Whether the first entry of every page that has one checks out. Slot 0 of a
 * used page always holds an entry header, so a wrong key shows here.
 */
function headersCheckOut(image: Uint8Array): boolean {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let page = 0; page < image.length; page += PAGE_SIZE) {
    if ((image[page + BITMAP_OFFSET]! & 3) === 3) continue;
    const entry = page + FIRST_ENTRY_OFFSET;
    if (view.getUint32(entry + 4, true) !== entryCrc32(image, entry)) return false;
  }
  return true;
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(decryptSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(decryptSpec));
      return 0;
    }
    const input = args.positionals['input']![0]!;
    const keyFile = args.positionals['key']![0]!;
    const outputName = args.positionals['output']![0]!;
    requireBinExtension(input, 'input image');
    requireBinExtension(keyFile, 'key file');
    requireBinExtension(outputName, 'output file');
    const keys = readKeyPartition(readBinaryInput(keyFile, io.cwd, 'key file'), keyFile);
    const encrypted = readBinaryInput(input, io.cwd, 'input image');
    if (encrypted.length % PAGE_SIZE !== 0) {
      throw new CliError(`input image '${input}' is ${encrypted.length} bytes, not a whole number of 4096-byte pages: give the complete NVS partition image`);
    }
    const plain = decryptImage(encrypted, keys, nodeCrypto);
    if (!headersCheckOut(plain)) {
      io.err(`warning: the decrypted entries of ${input} fail their CRC check: the image was probably encrypted with another key than ${keyFile}, or is not encrypted\n`);
    }
    const output = resolveBinOutput(outputName, opt.one(args, 'outdir'), io.cwd, (m) => io.err(`warning: ${m}\n`));
    writeOutputs([{ path: output, data: plain }]);
    io.out(`\nCreated NVS decrypted binary: ===> ${output}\n`);
    return 0;
  },
};

export default command;
