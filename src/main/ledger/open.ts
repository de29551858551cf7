import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { temporaryNameFor } from '../files/atomic-write.js';
import { AuditLog } from './audit.js';
import { LedgerError } from './errors.js';
import { readFileHeader } from './header.js';
import { nativeBindingPath } from './native-binding.js';
import { APPLICATION_ID, LATEST_SCHEMA, migrations } from './schema.js';
import { translateSqliteError } from './sqlite-errors.js';

export interface OpenOptions {
  /** Create the ledger when the file does not exist (commands that only read never do). */
  create?: boolean;
  /** Open without writing anything: no upgrade, no WAL checkpoint. */
  readonly?: boolean;
  /** How long a writer waits for another process's transaction, in ms. */
  busyTimeoutMs?: number;
  /** Stop at this schema version (tests of upgrades). */
  schemaVersion?: number;
  /** Who opened it, for the audit events of creating and upgrading. */
  actor?: string;
}

/**
 * Opens a ledger file, creating or upgrading it when allowed. A file that is
 * not a ledger, is damaged, or was written by a newer version is refused
 * before SQLite writes a byte to it.
 */
export function openLedgerDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const target = options.schemaVersion ?? LATEST_SCHEMA;
  if (!options.readonly) removeAbandonedCreations(file);
  if (!existsSync(file)) {
    if (!options.create || options.readonly) {
      throw new LedgerError('not-found', `no ledger at ${file}`, 'check the path, or pass --ledger FILE; a ledger is created by the first bench run or `certs import`', file);
    }
    createLedgerFile(file, target, options.actor ?? 'factory-bench');
  }
  checkHeader(file);
  const db = connect(file, options);
  try {
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('synchronous = FULL');
      upgrade(db, file, target, options.actor ?? 'factory-bench');
    }
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file);
  }
}

function connect(file: string, options: OpenOptions): Database.Database {
  try {
    return new Database(file, {
      fileMustExist: true,
      readonly: options.readonly ?? false,
      timeout: options.busyTimeoutMs ?? 10_000,
      nativeBinding: nativeBindingPath(),
    });
  } catch (error) {
    throw translateSqliteError(error, file);
  }
}

function checkHeader(file: string): void {
  const header = readFileHeader(file);
  if (!header.isSqlite) {
    throw new LedgerError(
      'not-a-ledger',
      `${file} is not a Factory Bench ledger${header.size === 0 ? ' (the file is empty)' : ' (it is not an SQLite database)'}`,
      'point --ledger at a ledger file; this file was left untouched',
      file,
    );
  }
  if (header.applicationId !== APPLICATION_ID) {
    throw new LedgerError('not-a-ledger', `${file} is an SQLite database but not a Factory Bench ledger`, 'point --ledger at a ledger file; this file was left untouched', file);
  }
  if (header.userVersion > LATEST_SCHEMA) {
    throw newerSchema(file, header.userVersion);
  }
}

function newerSchema(file: string, version: number): LedgerError {
  return new LedgerError(
    'newer-schema',
    `${file} was written by a newer Factory Bench (ledger schema ${version}); this version understands schemas up to ${LATEST_SCHEMA}`,
    'update Factory Bench to open this ledger; it was left untouched',
    file,
  );
}

/** Builds the new ledger beside its final name and links it into place, so that a half-made ledger is never seen and two processes creating at once end with one. */
function createLedgerFile(file: string, version: number, actor: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = temporaryNameFor(file);
  try {
    const db = new Database(temporary, { nativeBinding: nativeBindingPath() });
    try {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma('journal_mode = DELETE');
      migrate(db, 0, version);
      const ledgerId = randomUUID();
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('ledger_id', ledgerId);
      new AuditLog(db, actor).append({ kind: 'ledger.created', data: { ledgerId, schema: version } }, new Date().toISOString());
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(temporary, { force: true });
    rmSync(`${temporary}-wal`, { force: true });
    rmSync(`${temporary}-shm`, { force: true });
  }
}

/** Temporary ledgers of creations whose process died (killed while creating): nothing else will remove them. */
function removeAbandonedCreations(file: string): void {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f-]+\.tmp(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length)) : null;
    if (!match || isAlive(Number(match[1]))) continue;
    rmSync(join(dirname(file), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function upgrade(db: Database.Database, file: string, target: number, actor: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current >= target) return;
  db.transaction(() => {
    // Another process may have upgraded it while this one waited for the lock.
    const now = db.pragma('user_version', { simple: true }) as number;
    if (now > LATEST_SCHEMA) throw newerSchema(file, now);
    if (now >= target) return;
    migrate(db, now, target);
    new AuditLog(db, actor).append({ kind: 'ledger.upgraded', data: { from: now, to: target } }, new Date().toISOString());
  }).immediate();
}

function migrate(db: Database.Database, from: number, to: number): void {
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > to) continue;
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
  }
}
