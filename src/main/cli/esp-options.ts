import { CHIP_NAMES, EspError, EspLoader, formatSize, isChipName, type EspProgress, type OpenOptions } from '../esp/index.js';
import { opt, type OptionSpec, type ParsedArgs } from './args.js';
import { CliError, UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** The connection options every ESP command takes. */
export const connectionOptions: OptionSpec[] = [
  { name: '--port', short: '-p', metavar: 'PORT', help: 'serial port of the board: /dev/ttyUSB0, COM3, a pseudo-terminal, ... (required)' },
  { name: '--chip', short: '-c', choices: ['auto', ...CHIP_NAMES], help: 'the chip the board must be (default: auto, any supported chip)' },
  { name: '--baud', short: '-b', metavar: 'BAUD', help: 'baud rate once connected, e.g. 921600 (the bootloader always starts at 115200)' },
  { name: '--before', choices: ['default', 'usb-reset', 'no-reset'], help: 'how to reset into the bootloader: DTR/RTS (default; USB-Serial/JTAG ports are recognised), usb-reset, or none' },
  { name: '--after', choices: ['hard-reset', 'no-reset'], help: 'what to do at the end: reset the board into its firmware (default) or leave it in the bootloader' },
  { name: '--no-stub', values: 0, help: 'talk to the ROM loader only, do not upload the flasher stub (slower)' },
];

/** Parses a number as Python's int(x, 0) would for offsets and sizes: 0x.., 0o.., 0b.. or decimal. */
export function parseNumber(text: string, what: string): number {
  const value = /^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$|^\d+$/.test(text) ? Number(text.toLowerCase()) : NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`${what} '${text}' is not a number (write it as 0x10000 or 65536)`);
  return value;
}

export function loaderOptions(args: ParsedArgs, io: CliIo, command: string): OpenOptions {
  const path = opt.one(args, 'port');
  if (!path) throw new UsageError('the following arguments are required: --port');
  const chip = opt.one(args, 'chip') ?? 'auto';
  const baud = opt.one(args, 'baud');
  const options: OpenOptions = {
    path,
    chip: isChipName(chip) ? chip : 'auto',
    before: (opt.one(args, 'before') ?? 'default') as OpenOptions['before'],
    after: (opt.one(args, 'after') ?? 'hard-reset') as OpenOptions['after'],
    stub: !opt.flag(args, 'no-stub'),
    onProgress: progressPrinter(io, command),
  };
  if (baud !== undefined) {
    const rate = parseNumber(baud, '--baud');
    if (rate < 300) throw new UsageError(`--baud ${baud} is too low`);
    options.baudRate = rate;
  }
  return options;
}

/** Progress on stderr: steps as lines, regions every 10%. */
export function progressPrinter(io: CliIo, command: string): (event: EspProgress) => void {
  const shown = new Map<string, number>();
  return (event) => {
    if (event.type === 'step') {
      io.err(`${command}: ${event.message}\n`);
      return;
    }
    const key = `${event.phase}@${event.offset}`;
    const percent = event.total === 0 ? 100 : Math.floor((event.done * 100) / event.total / 10) * 10;
    if ((shown.get(key) ?? -1) >= percent) return;
    shown.set(key, percent);
    io.err(`${command}: ${event.phase} 0x${event.offset.toString(16).padStart(8, '0')} ${percent}% of ${formatSize(event.total)}\n`);
  };
}

/**
 * Connects, runs the work, then resets the board as --after says and closes the port.
 * An EspError becomes one message with its hint.
 */
export async function withLoader<T>(options: OpenOptions, work: (loader: EspLoader) => Promise<T>): Promise<T> {
  try {
    const loader = await EspLoader.open(options);
    let result: T;
    try {
      result = await work(loader);
    } catch (error) {
      await loader.close().catch(() => undefined);
      throw error;
    }
    await loader.finish();
    return result;
  } catch (error) {
    if (error instanceof EspError) throw new CliError(`${error.message}\nhint: ${error.hint}`);
    throw error;
  }
}
