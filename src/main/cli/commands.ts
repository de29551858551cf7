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
  { name: 'bench', summary: 'the headless line: provision a board on every port (or --simulate N boards) with a job folder', load: async () => (await import('./bench.js')).default },
  { name: 'ledger list', summary: 'list the devices in the ledger, a page at a time, with filters', load: async () => (await import('./ledger-list.js')).default },
  { name: 'ledger show', summary: "show one device's identities, certificates, label prints and audit events", load: async () => (await import('./ledger-show.js')).default },
  { name: 'ledger export', summary: 'export the devices as CSV or JSON (streaming, formula-safe CSV)', load: async () => (await import('./ledger-export.js')).default },
  { name: 'ledger verify', summary: 'check a ledger: SQLite integrity, the audit chain, uniqueness, identities against their events', load: async () => (await import('./ledger-verify.js')).default },
  { name: 'ledger void', summary: "take a device's identity out of use for good, with a reason", load: async () => (await import('./ledger-void.js')).default },
  { name: 'ca create', summary: 'make a CA (certificate and encrypted key) that signs device certificates', load: async () => (await import('./ca-create.js')).default },
  { name: 'certs import', summary: 'import device certificates and where their keys are into a pool of the ledger (key must match)', load: async () => (await import('./certs-import.js')).default },
  { name: 'label print', summary: "print a device's label from the ledger (a reprint needs --reason); recorded in the ledger", load: async () => (await import('./label-print.js')).default },
  { name: 'label preview', summary: "write a device's label as SVG, PDF or ZPL, without printing", load: async () => (await import('./label-preview.js')).default },
];
