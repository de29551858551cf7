import type { JobDefinition, JobHandle, Ledger } from '../ledger/index.js';
import type { LoadedSerialScheme } from './serial-scheme.js';

/**
 * Registers a job and its loaded serial scheme in the ledger: a counter
 * template is handed to the ledger as is; a list's serials are imported (those
 * already imported are skipped, those used elsewhere refused).
 */
export function registerJobWithScheme(ledger: Ledger, definition: JobDefinition, scheme: LoadedSerialScheme): JobHandle {
  if (scheme.kind === 'counter') return ledger.registerJob(definition, { kind: 'counter', template: scheme.template, start: scheme.start });
  const job = ledger.registerJob(definition, { kind: 'list' });
  ledger.importSerialList(job, scheme.serials, scheme.file);
  return job;
}
