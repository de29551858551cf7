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
  { name: 'nvs encrypt', summary: 'generate an XTS-AES encrypted NVS partition image from CSV files', load: async () => (await import('./nvs-encrypt.js')).default },
  { name: 'nvs decrypt', summary: 'decrypt an encrypted NVS partition image with its key file', load: async () => (await import('./nvs-decrypt.js')).default },
  { name: 'nvs generate-key', summary: 'write an NVS encryption key file (nvs_keys partition), random or HMAC-derived', load: async () => (await import('./nvs-generate-key.js')).default },
  { name: 'nvs parse', summary: "print and check an NVS partition image (ESP-IDF's nvs_tool.py)", load: async () => (await import('./nvs-parse.js')).default },
  { name: 'mfg generate', summary: 'generate one NVS image per device from a config and a values CSV (mfg_gen.py)', load: async () => (await import('./mfg-generate.js')).default },
  { name: 'mfg generate-key', summary: 'write an NVS encryption key file (same as nvs generate-key)', load: async () => (await import('./mfg-generate-key.js')).default },
  { name: 'chip-id', summary: "print the board's chip, chip id and MAC address (serial bootloader)", load: async () => (await import('./chip-id.js')).default },
  { name: 'read-mac', summary: "print the board's MAC address from its eFuses (serial bootloader)", load: async () => (await import('./read-mac.js')).default },
  { name: 'flash', summary: "write images to the board's flash, compressed, and verify each by MD5", load: async () => (await import('./flash.js')).default },
  { name: 'read-flash', summary: "read a range of the board's flash into a file", load: async () => (await import('./read-flash.js')).default },
  { name: 'sim', summary: 'start simulated ESP boards on pseudo-terminals, to try the bench without hardware', load: async () => (await import('./sim.js')).default },
];
