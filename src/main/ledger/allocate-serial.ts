import type { Database, Statement } from 'better-sqlite3';
import { LedgerError } from './errors.js';
import type { JobHandle } from './types.js';

/** Takes the next serial of a job's scheme. Runs inside the caller's write transaction. */
export class SerialAllocator {
  private readonly counter: Statement<[string], { next: number }>;
  private readonly saveCounter: Statement<[string, number]>;
  private readonly serialTaken: Statement<[string], { id: number }>;
  private readonly nextListed: Statement<[number], { id: number; serial: string }>;
  private readonly markListed: Statement<[number]>;

  constructor(db: Database) {
    this.counter = db.prepare('SELECT next FROM serial_counters WHERE scope = ?');
    this.saveCounter = db.prepare('INSERT INTO serial_counters (scope, next) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET next = excluded.next');
    this.serialTaken = db.prepare('SELECT id FROM allocations WHERE serial = ?');
    this.nextListed = db.prepare('SELECT id, serial FROM serial_lists WHERE job_id = ? AND used = 0 ORDER BY id LIMIT 1');
    this.markListed = db.prepare('UPDATE serial_lists SET used = 1 WHERE id = ?');
  }

  take(job: JobHandle, now: Date): string {
    const source = job.serials;
    if (source.kind === 'list') {
      const next = this.nextListed.get(job.id);
      if (!next) {
        throw new LedgerError('serials-exhausted', `job "${job.name}" has used every serial of its list`, 'import more serials into the job (a longer list file) before provisioning more boards');
      }
      this.markListed.run(next.id);
      if (this.serialTaken.get(next.serial)) {
        throw new LedgerError('conflict', `serial ${next.serial} of job "${job.name}"'s list is already in the ledger`, 'remove it from the list file');
      }
      return next.serial;
    }
    const scope = source.template.scope(now);
    let counter = this.counter.get(scope)?.next ?? source.start;
    // A serial may already exist when two jobs' templates overlap; skip it rather than fail the board.
    for (let tries = 0; tries < 10_000; tries++, counter++) {
      if (counter > source.template.maxCounter) break;
      const serial = source.template.render(now, counter);
      if (this.serialTaken.get(serial)) continue;
      this.saveCounter.run(scope, counter + 1);
      return serial;
    }
    throw new LedgerError(
      'serials-exhausted',
      `job "${job.name}" has no serial left in ${scope} (counter ${counter}, largest ${source.template.maxCounter})`,
      'widen the counter in the serial template (e.g. {counter:07}) or add a date field that starts a new scope',
    );
  }
}
