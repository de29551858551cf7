import { randomInt } from 'node:crypto';
import { extname, resolve } from 'node:path';
import { CHIP_NAMES } from '../esp/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { formatHelp, opt, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { SIM_FAULT_NAMES, SIM_FAULTS, type SimFaultName } from './sim-faults.js';
import { SimulatedPort } from './sim-port.js';
import { untilStopped } from './until-stopped.js';

const FLASH_SIZES = ['2MB', '4MB', '8MB', '16MB'] as const;
const MAX_COUNT = 64;

export const simSpec: CommandSpec = {
  command: 'sim',
  description:
    'Start simulated ESP boards, each behind its own pseudo-terminal, and print the port to use for each. ' +
    'Every factory-bench command (and esptool) talks to them as to a USB-serial board waiting in download mode. ' +
    'Runs until Ctrl-C, SIGTERM, or its standard input closes when that is a pipe.',
  positionals: [],
  options: [
    { name: '--chip', short: '-c', choices: CHIP_NAMES, help: 'the chip to simulate (default esp32c3)' },
    { name: '--count', short: '-n', metavar: 'N', help: `how many boards (default 1, at most ${MAX_COUNT}); their MACs follow each other` },
    { name: '--mac', metavar: 'MAC', help: "the (first) board's MAC address, e.g. 24:0a:c4:12:34:56 (default: random)" },
    { name: '--flash-size', choices: FLASH_SIZES, help: 'flash chip size (default 4MB)' },
    { name: '--pty-link', metavar: 'PATH', help: 'also make PATH a symlink to the pty (PATH0, PATH1, ... with --count); kept across re-plugs' },
    { name: '--baud-model', values: 0, help: 'take as long as real hardware: bytes at the baud rate, flash erase and write times (default: as fast as possible)' },
    { name: '--fault', metavar: 'NAME', choices: SIM_FAULT_NAMES, help: 'give the boards a fault, once; may be given several times (see below)' },
    { name: '--dump', metavar: 'FILE', help: "on exit, write each board's whole flash to FILE (FILE-0.bin, FILE-1.bin, ... with --count)" },
  ],
  epilog: ['faults:', ...SIM_FAULT_NAMES.map((name) => `  ${name.padEnd(18)}${SIM_FAULTS[name].about}`)].join('\n'),
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(simSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(simSpec));
      return 0;
    }
    if (process.platform === 'win32') throw new CliError('factory-bench sim needs Unix pseudo-terminals (Linux or macOS)');
    const count = parseCount(opt.one(args, 'count'));
    const faults = (opt.many(args, 'fault') ?? []) as SimFaultName[];
    const link = opt.one(args, 'pty-link');
    const dump = opt.one(args, 'dump');
    const log = (text: string): void => io.err(`sim: ${text}\n`);

    // The simulated boards live in test/sim, where the tests and benchmarks use them too. They are
    // part of the product all the same (the first thing to try is a line of simulated boards), so
    // this command bundles them; the dynamic import keeps them out of every other command.
    const sim = await import('../../../test/sim/index.js');
    const firstMac = parseFirstMac(opt.one(args, 'mac'), sim.parseMac, sim.macFromSeed);
    const ports: SimulatedPort[] = [];
    const ready = (port: SimulatedPort): void => {
      const where = port.link ? `${port.link} (MAC ${port.board.macAddress}, ${port.path})` : `${port.path} (MAC ${port.board.macAddress})`;
      io.out(`${port.board.chip.name} ready on ${where}\n`);
    };
    try {
      for (let i = 0; i < count; i++) {
        const board = {
          chip: (opt.one(args, 'chip') ?? 'esp32c3') as (typeof CHIP_NAMES)[number],
          mac: nthMac(firstMac, i),
          flashSize: (opt.one(args, 'flash-size') ?? '4MB') as (typeof FLASH_SIZES)[number],
          faults: faults.flatMap((name) => SIM_FAULTS[name].specs),
          timing: opt.flag(args, 'baud-model') ? {} : { pace: false },
          ...(link ? { link: resolve(io.cwd, count === 1 ? link : `${link}${i}`) } : {}),
        };
        ports.push(new SimulatedPort(sim, { board, log, ready }));
      }
    } catch (error) {
      for (const port of ports) port.close();
      throw new CliError(`cannot start the simulated boards: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (faults.length > 0) log(`faults armed: ${faults.join(', ')}`);
    for (const port of ports) ready(port);

    log(`stopping (${await untilStopped()})`);
    for (const [i, port] of ports.entries()) {
      port.close();
      if (dump) await dumpFlash(io, port, resolve(io.cwd, count === 1 ? dump : numbered(dump, i)));
    }
    return 0;
  },
};

async function dumpFlash(io: CliIo, port: SimulatedPort, path: string): Promise<void> {
  await writeFileAtomic(path, port.board.flash).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${path}: ${error.code === 'ENOENT' ? 'no such folder' : error.message}`);
  });
  io.err(`sim: wrote the flash of ${port.board.chip.name} ${port.board.macAddress} (${port.board.flashSize} bytes) to ${path}\n`);
}

function parseCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const count = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(count >= 1 && count <= MAX_COUNT)) throw new UsageError(`--count must be a number from 1 to ${MAX_COUNT}, got '${text}'`);
  return count;
}

function parseFirstMac(text: string | undefined, parse: (text: string) => Uint8Array, fromSeed: (seed: number) => Uint8Array): number {
  let bytes: Uint8Array;
  try {
    bytes = text === undefined ? fromSeed(randomInt(1, 2 ** 31)) : parse(text);
  } catch {
    throw new UsageError(`--mac '${text}' is not a MAC address (write it as 24:0a:c4:12:34:56)`);
  }
  return bytes.reduce((n, b) => n * 256 + b, 0);
}

/** The MAC `i` after the first, as consecutive boards of a batch have them. */
function nthMac(first: number, i: number): string {
  const value = (first + i) % 2 ** 48;
  return Array.from({ length: 6 }, (_, k) => (Math.floor(value / 256 ** (5 - k)) % 256).toString(16).padStart(2, '0')).join(':');
}

/** flash.bin -> flash-0.bin */
function numbered(path: string, i: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-${i}${ext}`;
}

export default command;
