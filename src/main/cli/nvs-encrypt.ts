import { encryptImage, type NvsKeys } from '../../shared/nvs/encryption.js';
import { formatLocation } from '../../shared/nvs/errors.js';
import { readKeyPartition } from '../../shared/nvs/keys.js';
import { parsePartitionSize, partitionGeometry } from '../../shared/nvs/size.js';
import { generateImage } from '../nvs/generate.js';
import { readBinaryInput, requireBinExtension } from '../nvs/key-files.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import { resolveBinOutput } from '../nvs/output-path.js';
import { writeOutputs, type OutputFile } from '../nvs/write-outputs.js';
import { formatHelp, opt, parseArgs, type CommandSpec, type ParsedArgs } from './args.js';
import type { Command } from './commands.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { hmacOptions, hmacSource, keyFileOption, keysFromHmacFile, makeNewKeys } from './nvs-key-options.js';

export const encryptSpec: CommandSpec = {
  command: 'nvs encrypt',
  description: 'Generate an XTS-AES-256 encrypted NVS partition image from CSV files (a drop-in for nvs_partition_gen.py encrypt).',
  positionals: [
    { name: 'input', nargs: '+', help: 'CSV files (key,type,encoding,value); several go into one image, in order' },
    { name: 'output', help: 'the encrypted image to write (.bin)' },
    { name: 'size', help: 'partition size in bytes, a multiple of 4096 (e.g. 0x6000)' },
  ],
  options: [
    { name: '--version', choices: ['1', '2'], help: 'NVS format: 1 without multi-page blobs, 2 with (default 2)' },
    { name: '--keygen', values: 0, help: 'make new keys (saved to <outdir>/keys/<keyfile>) and encrypt with them' },
    keyFileOption,
    { name: '--inputkey', metavar: 'INPUTKEY', help: 'encrypt with the keys in this key file (.bin, as written by nvs generate-key); its CRC is checked' },
    { name: '--outdir', metavar: 'OUTDIR', help: 'folder for the outputs (default: the current directory)' },
    ...hmacOptions,
  ],
  epilog:
    'Give --keygen or --inputkey. With --key_protect_hmac --kp_hmac_inputkey FILE alone, the keys are derived from the HMAC key\n' +
    'and no key file is written (the device derives them itself from its eFuse).',
};

interface KeyPlan {
  keys: NvsKeys;
  files: OutputFile[];
  messages: string[];
}

/** Where the keys come from: exactly one of --inputkey, --keygen, or (our addition) an HMAC key alone. */
function planKeys(args: ParsedArgs, io: CliIo): KeyPlan {
  const keygen = opt.flag(args, 'keygen');
  const inputKey = opt.one(args, 'inputkey');
  if (keygen && inputKey !== undefined) throw new CliError('--keygen and --inputkey both are not allowed: give one of them');
  if (!keygen && opt.one(args, 'keyfile') !== undefined) io.err('warning: --keyfile is ignored without --keygen\n');
  if (keygen) return makeNewKeys(args, io, new Date());
  if (inputKey !== undefined) {
    if (opt.flag(args, 'key_protect_hmac')) {
      throw new CliError('--inputkey and --key_protect_hmac both name the keys: encrypt with the key file (drop --key_protect_hmac) or derive them from the HMAC key (drop --inputkey)');
    }
    hmacSource(args, io); // refuses stray --kp_hmac_* options
    requireBinExtension(inputKey, '--inputkey file');
    return { keys: readKeyPartition(readBinaryInput(inputKey, io.cwd, '--inputkey file'), inputKey), files: [], messages: [] };
  }
  const hmac = opt.flag(args, 'key_protect_hmac') ? hmacSource(args, io) : undefined;
  if (hmac?.kind === 'input') return { keys: keysFromHmacFile(hmac.file, io), files: [], messages: [] };
  if (hmac?.kind === 'keygen') throw new CliError('--kp_hmac_keygen needs --keygen, so that the new HMAC key and the derived keys are saved: add --keygen');
  throw new CliError('--keygen or --inputkey argument needed: give --inputkey KEYS.bin to use a key file, or --keygen to make new keys');
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(encryptSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(encryptSpec));
      return 0;
    }
    const version = opt.one(args, 'version') === '1' ? 1 : 2;
    const sizeText = args.positionals['size']![0]!;
    const size = parsePartitionSize(sizeText);
    const outputName = args.positionals['output']![0]!;
    requireBinExtension(outputName, 'output file');
    const plan = planKeys(args, io);
    const plain = generateImage({
      inputs: args.positionals['input']!,
      size: sizeText,
      version,
      cwd: io.cwd,
      warn: (message, at) => io.err(`warning: ${formatLocation(at)}: ${message}\n`),
    });
    const image = encryptImage(plain, plan.keys, nodeCrypto);
    const output = resolveBinOutput(outputName, opt.one(args, 'outdir'), io.cwd, (m) => io.err(`warning: ${m}\n`));
    // Keys first: if the image cannot be written they are removed again.
    writeOutputs([...plan.files, { path: output, data: image }]);
    for (const message of plan.messages) io.out(message);
    if (partitionGeometry(size).readOnly) {
      io.out('\nMinimum partition size for read/write NVS is 0x3000 bytes. Partitions smaller than this must be flagged as "readonly" in the partition table CSV.\n');
    }
    io.out(`\nCreating NVS binary with version: ${version === 1 ? 'V1 - Multipage Blob Support Disabled' : 'V2 - Multipage Blob Support Enabled'}\n`);
    io.out(`\nCreated NVS binary: ===> ${output}\n`);
    return 0;
  },
};

export default command;
