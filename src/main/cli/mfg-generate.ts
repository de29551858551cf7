import { readHmacKey, readKeyPartition, deriveHmacKeys } from '../../shared/nvs/keys.js';
import { readBinaryInput, requireBinExtension } from '../nvs/key-files.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import { generateMfg } from '../mfg/generate.js';
import type { KeySource } from '../mfg/job.js';
import { fileNameProblem } from '../mfg/names.js';
import { defaultWorkerCount } from '../mfg/worker-pool.js';
import { formatHelp, opt, parseArgs, type CommandSpec, type ParsedArgs } from './args.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { hmacOptions, hmacSource } from './nvs-key-options.js';

export const mfgGenerateSpec: CommandSpec = {
  command: 'mfg generate',
  description:
    'Generate one NVS partition image per device from a config file and a values file (a drop-in for ESP-IDF mfg_gen.py generate). ' +
    'Writes <outdir>/csv/<prefix>-<id>.csv and <outdir>/bin/<prefix>-<id>.bin for every row, and keys/keys-<prefix>-<id>.bin with new keys. ' +
    'Every row is checked first: if any is wrong, nothing is written.',
  positionals: [
    { name: 'conf', help: 'config CSV: one line per namespace ("name,namespace,") or key ("key,data|file,encoding[,REPEAT]")' },
    { name: 'values', help: 'values CSV: a header naming the config keys (in config order, other columns ignored), then one row per device' },
    { name: 'prefix', help: 'file name prefix, e.g. dev gives dev-1.bin, dev-2.bin…' },
    { name: 'size', help: 'partition size in bytes, a multiple of 4096 (e.g. 0x6000)' },
  ],
  options: [
    { name: '--fileid', metavar: 'FILEID', help: 'name each device by the value of this values column instead of 1, 2, 3…' },
    { name: '--prefix_num', values: 2, metavar: 'N', help: 'START LENGTH: insert a counter from START, zero-padded to LENGTH digits: <prefix>-<counter>-<id>' },
    { name: '--version', choices: ['1', '2'], help: 'NVS format: 1 without multi-page blobs, 2 with (default 2)' },
    { name: '--keygen', values: 0, help: 'encrypt every device with new random keys, saved to <outdir>/keys/keys-<name>.bin' },
    { name: '--inputkey', metavar: 'INPUTKEY', help: 'encrypt every device with the keys in this key file (.bin, as written by generate-key)' },
    { name: '--outdir', metavar: 'OUTDIR', help: 'folder that gets csv/, bin/ and keys/ (default: the current directory)' },
    ...hmacOptions,
  ],
  epilog:
    'file values are paths relative to the current directory, as with mfg_gen.py. With --key_protect_hmac --kp_hmac_inputkey FILE\n' +
    'and no --keygen, every device is encrypted with the keys derived from the HMAC key (mfg_gen.py silently writes plain images).',
};

/** Which keys encrypt the devices, from the options; contradictions are refused, not guessed at. */
function keySource(args: ParsedArgs, io: CliIo): KeySource {
  const keygen = opt.flag(args, 'keygen');
  const inputKey = opt.one(args, 'inputkey');
  if (keygen && inputKey !== undefined) throw new CliError('--keygen and --inputkey both are not allowed: give one of them');
  if (inputKey !== undefined) {
    if (opt.flag(args, 'key_protect_hmac')) {
      throw new CliError('--inputkey and --key_protect_hmac both name the keys: encrypt with the key file (drop --key_protect_hmac) or derive them from the HMAC key (drop --inputkey)');
    }
    hmacSource(args, io); // refuses stray --kp_hmac_* options
    requireBinExtension(inputKey, '--inputkey file');
    return { kind: 'fixed', keys: readKeyPartition(readBinaryInput(inputKey, io.cwd, '--inputkey file'), inputKey), save: false };
  }
  const hmac = hmacSource(args, io);
  if (hmac?.kind === 'keygen') {
    if (!keygen) throw new CliError('--kp_hmac_keygen needs --keygen, so that each device\'s new HMAC key and derived keys are saved: add --keygen');
    if (opt.one(args, 'kp_hmac_keyfile') !== undefined) io.err('warning: --kp_hmac_keyfile is ignored: each device\'s HMAC key goes to keys/hmac-keys-<name>.bin\n');
    return { kind: 'random-hmac' };
  }
  if (hmac?.kind === 'input') {
    const keys = deriveHmacKeys(readHmacKey(readBinaryInput(hmac.file, io.cwd, '--kp_hmac_inputkey file'), hmac.file), nodeCrypto);
    return { kind: 'fixed', keys, save: keygen };
  }
  return keygen ? { kind: 'random' } : { kind: 'none' };
}

function prefixNum(args: ParsedArgs): { start: number; length: number } | undefined {
  const values = opt.many(args, 'prefix_num');
  if (!values) return undefined;
  const [start, length] = values.map((v) => (/^\d{1,15}$/.test(v) ? Number(v) : NaN));
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || length! > 20) {
    throw new UsageError(`--prefix_num takes START LENGTH, two whole numbers (LENGTH at most 20), not '${values.join(' ')}'`);
  }
  return { start: start!, length: length! };
}

/** Worker threads: one per core; FACTORY_BENCH_MFG_WORKERS overrides it (0 builds in the main thread). */
function workerCount(): number {
  const setting = process.env['FACTORY_BENCH_MFG_WORKERS'];
  return setting !== undefined && /^\d+$/.test(setting) ? Number(setting) : defaultWorkerCount();
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(mfgGenerateSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(mfgGenerateSpec));
      return 0;
    }
    const prefix = args.positionals['prefix']![0]!;
    const prefixProblem = fileNameProblem(prefix);
    if (prefixProblem) throw new UsageError(`the prefix '${prefix}' ${prefixProblem}: the files go to --outdir; give a plain name`);
    const options = { prefixNum: prefixNum(args), keySource: keySource(args, io) };
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await generateMfg({
        config: args.positionals['conf']![0]!,
        values: args.positionals['values']![0]!,
        prefix,
        size: args.positionals['size']![0]!,
        outdir: opt.one(args, 'outdir'),
        fileid: opt.one(args, 'fileid'),
        version: opt.one(args, 'version') === '1' ? 1 : 2,
        cwd: io.cwd,
        workers: workerCount(),
        signal: controller.signal,
        out: io.out,
        warn: (message) => io.err(`warning: ${message}\n`),
        ...options,
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};

export default command;
