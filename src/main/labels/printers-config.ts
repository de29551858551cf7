import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DPIS } from '../../shared/labels/units.js';
import { zodProblems } from '../../shared/labels/zod-problems.js';
import { defaultLedgerPath } from '../ledger/index.js';
import { locate, readJsonFile } from './json-file.js';
import { LabelFileError } from './label-file-error.js';

const dpi = z.literal(DPIS, { error: `dpi is one of ${DPIS.join(', ')}` }).optional().describe('lay labels out at this resolution instead of the template\'s');
const timeout = z.number().int().min(100).max(120_000).optional();

export const printerSettingsSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('zebra'), host: z.string().min(1), port: z.number().int().min(1).max(65_535).default(9100), dpi, connectTimeoutMs: timeout, statusTimeoutMs: timeout, sendTimeoutMs: timeout }),
    z.strictObject({ kind: z.literal('pdf'), dir: z.string().min(1).describe('the folder the PDFs go to, relative to the printers file'), dpi }),
    z.strictObject({ kind: z.literal('system'), device: z.string().min(1).describe('the printer\'s name in the system (printing from the app only)'), dpi }),
  ],
  { error: 'kind is "zebra" (with host and port), "pdf" (with dir) or "system" (with device)' },
);

export type PrinterSettings = z.output<typeof printerSettingsSchema>;

export const printersFileSchema = z.record(z.string().min(1), printerSettingsSchema);

const HINT = 'printers.json maps names to printers: {"line-1": {"kind": "zebra", "host": "10.0.0.5", "port": 9100}, "archive": {"kind": "pdf", "dir": "labels"}}';

/** A printers file: name → printer, checked in full; a pdf printer's folder is made absolute (relative to the file). */
export function loadPrintersFile(file: string): Record<string, PrinterSettings> {
  const doc = readJsonFile(file, HINT);
  const parsed = printersFileSchema.safeParse(doc.value);
  const located = locate(doc, parsed.success ? [] : zodProblems(parsed.error, []));
  if (!parsed.success || located.length > 0) throw new LabelFileError(file, located, HINT);
  const printers = parsed.data;
  for (const settings of Object.values(printers)) if (settings.kind === 'pdf') settings.dir = resolve(dirname(file), settings.dir);
  return printers;
}

/** Where the printers file is when none is given: $FACTORY_BENCH_PRINTERS, else printers.json in the app's data folder, beside its ledger. */
export function defaultPrintersPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FACTORY_BENCH_PRINTERS) return env.FACTORY_BENCH_PRINTERS;
  return join(dirname(defaultLedgerPath({ ...env, FACTORY_BENCH_LEDGER: '' })), 'printers.json');
}
