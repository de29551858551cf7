import { resolve } from 'node:path';
import { defaultLedgerPath, Ledger, LedgerError, type DeviceFilter } from '../ledger/index.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { CliError, UsageError } from './errors.js';
import type { CliIo } from './io.js';

export const ledgerOption: OptionSpec = {
  name: '--ledger',
  metavar: 'FILE',
  help: 'the ledger file (default: $FACTORY_BENCH_LEDGER, else the app\'s ledger.sqlite in its data folder)',
};

export const filterOptions: readonly OptionSpec[] = [
  { name: '--job', metavar: 'NAME', help: 'only devices of this job' },
  { name: '--status', choices: ['pending', 'provisioned', 'voided'], help: 'only devices in this state' },
  { name: '--since', metavar: 'DATE', help: 'allocated on or after this date (2026-11-24 or 2026-11-24T14:30, local time)' },
  { name: '--until', metavar: 'DATE', help: 'allocated before this date' },
  { name: '--search', metavar: 'TEXT', help: 'serials, or MACs, that start with TEXT' },
];

export function ledgerPath(args: ParsedArgs, io: CliIo): string {
  const given = single(args, 'ledger');
  return given ? resolve(io.cwd, given) : defaultLedgerPath();
}

export function single(args: ParsedArgs, key: string): string | undefined {
  const value = args.options[key];
  return Array.isArray(value) ? value.at(-1) : undefined;
}

export function deviceFilter(args: ParsedArgs): DeviceFilter {
  const filter: DeviceFilter = {};
  const job = single(args, 'job');
  const status = single(args, 'status');
  const since = single(args, 'since');
  const until = single(args, 'until');
  const search = single(args, 'search');
  if (job !== undefined) filter.job = job;
  if (status !== undefined) filter.status = status as DeviceFilter['status'];
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  if (search !== undefined) {
    if (!search.trim()) throw new UsageError('--search needs the start of a serial or a MAC');
    // Hex pairs with separators read as a MAC; anything else as a serial.
    if (/^[0-9a-f]{2}(?:[:-][0-9a-f]{2})*[:-][0-9a-f]{0,2}$/i.test(search.trim())) filter.macPrefix = search.trim();
    else filter.serialPrefix = search.trim();
  }
  return filter;
}

/** A ledger refusal as one command-line message with its hint. */
export function ledgerFailure(error: unknown): unknown {
  return error instanceof LedgerError ? new CliError(`${error.message}\nhint: ${error.hint}`) : error;
}

/** Opens the ledger for the command, closes it after, and turns ledger refusals into clear messages. */
export async function withLedger<T>(file: string, mode: { create: boolean; actor?: string }, work: (ledger: Ledger) => Promise<T> | T): Promise<T> {
  let ledger: Ledger | undefined;
  try {
    ledger = Ledger.open(file, { create: mode.create, ...(mode.actor ? { actor: mode.actor } : {}) });
    return await work(ledger);
  } catch (error) {
    throw ledgerFailure(error);
  } finally {
    ledger?.close();
  }
}
