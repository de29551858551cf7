import { commands } from './commands.js';
import { CliError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { NvsInputError } from '../../shared/nvs/errors.js';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 10);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: factory-bench <command> [options]',
    '',
    'Provisioning bench for ESP32 production lines: NVS images, flashing, ledger, labels.',
    '',
    'commands:',
    ...lines,
    '',
    'Run `factory-bench <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

/** Finds the longest command name that starts argv. */
function findCommand(argv: string[]): { entry: (typeof commands)[number]; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const entry = commands.find((c) => c.name === name);
    if (entry) return { entry, rest: argv.slice(words) };
  }
  return undefined;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    io.err(
      group.length > 0
        ? `factory-bench ${argv[0]}: choose one of: ${group.map((c) => c.name.split(' ')[1]).join(', ')}\n`
        : `factory-bench: unknown command '${argv[0]}'. Run factory-bench --help for the list.\n`,
    );
    return 2;
  }
  try {
    const command = await found.entry.load();
    return await command.run(found.rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`factory-bench ${found.entry.name}: error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof NvsInputError) {
      io.err(`factory-bench ${found.entry.name}: error: ${error.message}\n`);
      return 1;
    }
    io.err(`factory-bench ${found.entry.name}: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
