import type { Database } from 'better-sqlite3';
import { eventHash, GENESIS_HASH, type EventFields } from './audit.js';
import { openLedgerDatabase } from './open.js';
import { translateSqliteError } from './sqlite-errors.js';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  /** What is wrong, at most a few examples. */
  problems: string[];
}

export interface BrokenEvent {
  id: number;
  kind: string;
  at: string;
  reason: string;
}

export interface VerifyReport {
  file: string;
  ok: boolean;
  schema: number;
  counts: { devices: number; identities: number; events: number };
  checks: VerifyCheck[];
  /** The first event at which the audit chain breaks. */
  firstBrokenEvent?: BrokenEvent;
}

const EXAMPLES = 10;

/**
 * Checks a ledger without writing to it: SQLite's own integrity check, the
 * audit chain event by event, the uniqueness promises (also when someone has
 * dropped an index), and that every identity's row agrees with the audit
 * trail that recorded it.
 */
export function verifyLedger(file: string): VerifyReport {
  const db = openLedgerDatabase(file, { readonly: true });
  try {
    const checks: VerifyCheck[] = [];
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const integrityProblems = integrity.map((row) => row.integrity_check).filter((text) => text !== 'ok');
    checks.push({ name: 'SQLite integrity check', ok: integrityProblems.length === 0, problems: integrityProblems.slice(0, EXAMPLES) });
    checks.push(foreignKeyCheck(db));
    const chain = verifyChain(db);
    checks.push(chain.check);
    checks.push(...uniquenessChecks(db));
    checks.push(...agreementChecks(db));
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    return {
      file,
      ok: checks.every((check) => check.ok),
      schema: db.pragma('user_version', { simple: true }) as number,
      counts: { devices: count('SELECT count(*) FROM devices'), identities: count('SELECT count(*) FROM allocations'), events: count('SELECT count(*) FROM events') },
      checks,
      ...(chain.broken ? { firstBrokenEvent: chain.broken } : {}),
    };
  } catch (error) {
    throw translateSqliteError(error, file);
  } finally {
    db.close();
  }
}

function foreignKeyCheck(db: Database): VerifyCheck {
  const name = 'references between tables';
  try {
    const rows = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    return { name, ok: rows.length === 0, problems: rows.slice(0, EXAMPLES).map((row) => `${row.table} row ${row.rowid} points to a missing ${row.parent} row`) };
  } catch (error) {
    // A table rebuilt without its keys makes SQLite refuse the check itself.
    return { name, ok: false, problems: [`the tables' structure was changed: ${(error as Error).message}`] };
  }
}

function verifyChain(db: Database): { check: VerifyCheck; broken?: BrokenEvent } {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let broken: BrokenEvent | undefined;
  const rows = db.prepare('SELECT id, at, kind, actor, job_id, device_id, allocation_id, port, data, prev_hash, hash FROM events ORDER BY id').iterate() as IterableIterator<
    EventFields & { prev_hash: string; hash: string }
  >;
  for (const row of rows) {
    const describe = (reason: string): BrokenEvent => ({ id: row.id, kind: row.kind, at: row.at, reason });
    if (row.id !== expectedId) {
      broken = describe(row.id > expectedId ? `events #${expectedId}–#${row.id - 1} before it are missing: they were deleted` : `its number repeats or goes back (expected #${expectedId})`);
    } else if (row.prev_hash !== prevHash) {
      broken = describe(`it does not link to event #${row.id - 1}: an event before it was changed, removed or inserted`);
    } else if (eventHash(prevHash, row) !== row.hash) {
      broken = describe('its contents do not match its hash: it was changed after it was written');
    }
    if (broken) break;
    prevHash = row.hash;
    expectedId++;
  }
  const problems = broken ? [`event #${broken.id} (${broken.kind}, ${broken.at}): ${broken.reason}`] : [];
  return { check: { name: 'audit chain', ok: !broken, problems }, ...(broken ? { broken } : {}) };
}

function listProblems(db: Database, name: string, sql: string, describe: (row: Record<string, unknown>) => string): VerifyCheck {
  const rows = db.prepare(`${sql} LIMIT ${EXAMPLES + 1}`).all() as Record<string, unknown>[];
  const problems = rows.slice(0, EXAMPLES).map(describe);
  if (rows.length > EXAMPLES) problems.push('… and more');
  return { name, ok: rows.length === 0, problems };
}

/** The schema enforces these with unique indexes; checked again by counting, in case an index was dropped. */
function uniquenessChecks(db: Database): VerifyCheck[] {
  return [
    listProblems(db, 'no serial on two devices', 'SELECT serial, count(*) AS n FROM allocations GROUP BY serial HAVING n > 1', (row) => `serial ${String(row.serial)} is recorded ${String(row.n)} times`),
    listProblems(db, 'no MAC recorded twice', 'SELECT mac, count(*) AS n FROM devices GROUP BY mac HAVING n > 1', (row) => `MAC ${String(row.mac)} is recorded ${String(row.n)} times`),
    listProblems(
      db,
      'no certificate on two devices',
      'SELECT fingerprint, count(DISTINCT allocation_id) AS n FROM certificates GROUP BY fingerprint HAVING count(*) > 1',
      (row) => `certificate ${String(row.fingerprint)} is recorded ${String(row.n)} times`,
    ),
    listProblems(
      db,
      'one current identity per device',
      "SELECT d.mac, group_concat(a.serial, ', ') AS serials FROM allocations a JOIN devices d ON d.id = a.device_id WHERE a.status <> 'voided' GROUP BY a.device_id HAVING count(*) > 1",
      (row) => `MAC ${String(row.mac)} holds serials ${String(row.serials)} at once`,
    ),
  ];
}

/** Each identity as the tables show it must be what its audit events recorded. */
function agreementChecks(db: Database): VerifyCheck[] {
  return [
    listProblems(
      db,
      'every identity was allocated to its MAC',
      `SELECT a.serial, d.mac FROM allocations a JOIN devices d ON d.id = a.device_id
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.allocation_id = a.id AND e.kind = 'identity.allocated'
         AND json_extract(e.data, '$.serial') = a.serial AND json_extract(e.data, '$.mac') = d.mac)`,
      (row) => `serial ${String(row.serial)} on MAC ${String(row.mac)} does not match the event that allocated it`,
    ),
    listProblems(
      db,
      'no allocated identity is missing',
      `SELECT e.id, json_extract(e.data, '$.serial') AS serial FROM events e
       WHERE e.kind = 'identity.allocated' AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.id = e.allocation_id)`,
      (row) => `serial ${String(row.serial)} (allocated by event #${String(row.id)}) is gone from the ledger`,
    ),
    listProblems(
      db,
      'every identity is provisioned, pending for its MAC, or voided with a reason',
      `SELECT serial, status, last FROM (
         SELECT a.serial, a.status, a.void_reason,
           (SELECT e.kind || ' ' || coalesce(json_extract(e.data, '$.reason'), '') FROM events e
             WHERE e.allocation_id = a.id AND e.kind IN ('identity.provisioned', 'identity.voided') ORDER BY e.id DESC LIMIT 1) AS last
         FROM allocations a)
       WHERE NOT ((status = 'pending' AND last IS NULL)
         OR (status = 'provisioned' AND coalesce(last, '') = 'identity.provisioned ')
         OR (status = 'voided' AND coalesce(last, '') = 'identity.voided ' || coalesce(void_reason, '')))`,
      (row) => `serial ${String(row.serial)} is ${String(row.status)} but its events say ${row.last === null ? 'pending' : String(row.last).trim()}`,
    ),
    listProblems(
      db,
      'every certificate is the one its events gave',
      `SELECT serial, fingerprint, given FROM (
         SELECT a.serial, (SELECT c.fingerprint FROM certificates c WHERE c.allocation_id = a.id AND c.status = 'active') AS fingerprint,
           (SELECT coalesce(json_extract(e.data, '$.to'), json_extract(e.data, '$.fingerprint')) FROM events e
             WHERE e.allocation_id = a.id AND e.kind IN ('certificate.assigned', 'certificate.issued', 'certificate.replaced') ORDER BY e.id DESC LIMIT 1) AS given
         FROM allocations a)
       WHERE fingerprint IS NOT given`,
      (row) => `serial ${String(row.serial)} holds certificate ${String(row.fingerprint)} but its events gave ${String(row.given)}`,
    ),
  ];
}
