import { join } from 'node:path';
import { Ledger } from '../../src/main/ledger/index.js';
import { macOf, plainCounter } from '../ledger/counter.js';
import { scratchFolders } from '../helpers/scratch.js';

export { macOf };

/** A fresh folder, removed after the test. */
export const scratch = scratchFolders('labels');

/** Noon UTC: the same calendar day in every time zone from UTC-11 to UTC+11. */
export const PROVISIONED_AT = new Date('2026-03-14T12:00:00Z');

/** A ledger at `file` with `count` provisioned boards of job "widget" (ACME-000001, MAC 24:0a:c4:00:00:01, …). */
export function ledgerWithBoards(file: string, count = 3, options: { now?: () => Date } = {}): Ledger {
  const ledger = Ledger.open(file, { create: true, actor: 'tester@bench', now: options.now ?? (() => PROVISIONED_AT) });
  const job = ledger.registerJob(
    { name: 'widget', product: 'ACME Widget rev C', serialScheme: { kind: 'counter', template: 'ACME-{counter:06}' }, certMode: 'none', definitionSha256: 'a'.repeat(64) },
    { kind: 'counter', template: plainCounter('ACME-'), start: 1 },
  );
  for (let n = 1; n <= count; n++) {
    const identity = ledger.bind(job, { mac: macOf(n), chip: 'esp32c3', port: `/dev/ttyACM${n}` });
    ledger.markProvisioned(identity.allocationId);
  }
  return ledger;
}

/** A ledger file with boards, closed: for the command line. */
export function ledgerFile(folder: string, count = 3): string {
  const file = join(folder, 'ledger.sqlite');
  ledgerWithBoards(file, count).close();
  return file;
}
