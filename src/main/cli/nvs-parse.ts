import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeImage } from '../../shared/nvs/decode/index.js';
import { decryptImage } from '../../shared/nvs/encryption.js';
import { readKeyPartition } from '../../shared/nvs/keys.js';
import { PAGE_SIZE } from '../../shared/nvs/layout.js';
import { DUMPS, FORMATS, type Dump, type Format, renderReport } from '../../shared/nvs/report/index.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import { type CommandSpec, formatHelp, opt, parseArgs } from './args.js';
import type { Command } from './commands.js';
import { CliError } from './errors.js';
import { type CliIo, processIo } from './io.js';

const COLORS = ['never', 'auto', 'always'] as const;

const spec: CommandSpec = {
  command: 'nvs parse',
  description:
    "Parse an NVS partition image: print its pages and entries, and check it for errors.\nA drop-in for ESP-IDF's nvs_tool.py (same options, same text and JSON output).",
  positionals: [{ name: 'file', help: 'path to the NVS partition image (a .bin file or a flash dump of the partition)' }],
  options: [
    { name: '--integrity-check', short: '-i', values: 0, help: 'check the partition for errors (after the dump); exit code 1 when it finds any' },
    {
      name: '--dump',
      short: '-d',
      choices: DUMPS,
      help: 'what to print (default all): all entries, written ones, minimal namespace:key = value pairs, namespaces, blobs and strings, storage_info counts, or none',
    },
    { name: '--color', choices: COLORS, help: 'ANSI colours in text output (default auto: when stdout is a terminal)' },
    { name: '--format', short: '-f', choices: FORMATS, help: 'output format (default text)' },
    { name: '--keys', metavar: 'KEYS.bin', help: 'decrypt the image first, with the XTS keys of this nvs_keys partition file' },
  ],
  epilog: [
    'JSON output of -d all and -d minimal is identical to nvs_tool.py; JSON of the other dumps is our own.',
    'With -f json, the integrity check writes its findings to stderr, one per line.',
    'Exit codes: 0 image read (and, with -i, no errors found; warnings do not count), 1 -i found errors',
    'or the file could not be read, 2 bad command line.',
  ].join('\n'),
};

async function readInput(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`cannot read the ${what} ${path}: ${why}`);
  }
}

/** Decrypts the whole pages; a partial page at the end (a cut-off file) is kept as it is, for the decoder to report. */
function decrypt(image: Uint8Array, keyBytes: Uint8Array, keyFile: string): Uint8Array {
  const keys = readKeyPartition(keyBytes, keyFile);
  const whole = image.length - (image.length % PAGE_SIZE);
  if (whole === image.length) return decryptImage(image, keys, nodeCrypto);
  const out = new Uint8Array(image.length);
  out.set(decryptImage(image.subarray(0, whole), keys, nodeCrypto));
  out.set(image.subarray(whole), whole);
  return out;
}

function useColor(choice: string, io: CliIo): boolean {
  if (choice === 'always') return true;
  if (choice === 'never') return false;
  return io === processIo && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(spec, argv);
    if (args === 'help') {
      io.out(formatHelp(spec));
      return 0;
    }
    const file = args.positionals.file![0]!;
    const dump = (opt.one(args, 'dump') ?? 'all') as Dump;
    const format = (opt.one(args, 'format') ?? 'text') as Format;
    const integrity = opt.flag(args, 'integrity-check');
    const keyFile = opt.one(args, 'keys');

    let bytes = await readInput(resolve(io.cwd, file), 'image');
    if (keyFile !== undefined) bytes = decrypt(bytes, await readInput(resolve(io.cwd, keyFile), 'key file'), keyFile);
    const image = decodeImage(bytes);

    const name = file.split(/[\\/]/).pop() ?? file;
    io.out(renderReport(image, { dump, format, integrity: integrity && format === 'text', color: useColor(opt.one(args, 'color') ?? 'auto', io), name }));
    if (!integrity) return 0;

    const errors = image.problems.filter((p) => p.severity === 'error').length;
    const warnings = image.problems.length - errors;
    if (format === 'json') {
      for (const p of image.problems) io.err(`${p.severity}: ${p.message}\n`);
    } else if (image.problems.length > 0) {
      io.err(`factory-bench nvs parse: integrity check: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
    }
    return errors > 0 ? 1 : 0;
  },
};

export default command;
