import type { CliIo } from './io.js';

/** One sub-command: parses its own arguments, returns the exit code. */
export interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CommandEntry {
  /** The words that name it, e.g. "nvs generate". */
  name: string;
  summary: string;
  load(): Promise<Command>;
}

// Loaded lazily so that `factory-bench --help` reads no more than this table.
export const commands: CommandEntry[] = [
  { name: 'nvs generate', summary: 'generate an NVS partition image from CSV files', load: async () => (await import('./nvs-generate.js')).default },
];
