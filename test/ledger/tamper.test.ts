import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, LedgerError, verifyLedger } from '../../src/main/ledger/index.js';
import { counterJob, macOf, openLedger, scratch, refusal } from './fixtures.js';

/** A ledger with 20 boards: provisioned, pending and voided ones. */
function sampleLedger(): string {
  const file = join(scratch(), 'ledger.sqlite');
  const ledger = openLedger(file);
  const job = counterJob(ledger);
  for (let n = 1; n <= 20; n++) {
    const identity = ledger.bind(job, { mac: macOf(n), port: 'COM1' });
    ledger.recordStep(identity.allocationId, { step: 'flash', outcome: 'ok' });
    if (n % 5 === 0) ledger.void(identity.allocationId, 'board scrapped');
    else if (n % 3 !== 0) ledger.markProvisioned(identity.allocationId);
  }
  ledger.close();
  return file;
}

/** Edits the file the way someone with the sqlite3 shell would: triggers dropped, no audit event. */
function editBehindTheToolsBack(file: string, sql: string): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  db.exec(sql);
  db.close();
}

const failedChecks = (file: string) =>
  verifyLedger(file)
    .checks.filter((check) => !check.ok)
    .map((check) => check.name);

describe('ledger verify: a ledger edited behind the tool\'s back', () => {
  it('passes on an untouched ledger', () => {
    const report = verifyLedger(sampleLedger());
    expect(report.ok).toBe(true);
    // created, job, 20 allocations, 20 flash steps, 4 voids (n = 5, 10, 15, 20), 11 provisioned (the rest but n = 3, 6, 9, 12, 18)
    expect(report.counts).toEqual({ devices: 20, identities: 20, events: 1 + 1 + 20 + 20 + 4 + 11 });
  });

  it('names the first event whose contents were changed', () => {
    const file = sampleLedger();
    editBehindTheToolsBack(file, `UPDATE events SET data = replace(data, 'SN-000007', 'SN-000099') WHERE id = (SELECT min(id) FROM events WHERE data LIKE '%SN-000007%')`);
    const report = verifyLedger(file);
    const changed = new Database(file, { readonly: true }).prepare(`SELECT min(id) FROM events WHERE data LIKE '%SN-000099%'`).pluck().get() as number;
    expect(report.ok).toBe(false);
    expect(report.firstBrokenEvent).toMatchObject({ id: changed, kind: 'identity.allocated' });
    expect(report.firstBrokenEvent!.reason).toMatch(/changed after it was written/);
  });

  it('names the event after a deleted one', () => {
    const file = sampleLedger();
    editBehindTheToolsBack(file, 'DELETE FROM events WHERE id = 30');
    expect(verifyLedger(file).firstBrokenEvent).toMatchObject({ id: 31 });
    expect(verifyLedger(file).firstBrokenEvent!.reason).toMatch(/#30.*missing/);
  });

  it('finds an event re-hashed to hide an edit, at the event after it', () => {
    const file = sampleLedger();
    // Recomputing one event's hash is not enough: the next event still links to the old one.
    const db = new Database(file);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare('UPDATE events SET hash = ? WHERE id = 10').run('e'.repeat(64));
    db.close();
    const report = verifyLedger(file);
    expect(report.firstBrokenEvent?.id).toBe(10);
  });

  it('finds a serial moved to another board, a status changed, and a serial deleted, although the chain is intact', () => {
    const moved = sampleLedger();
    editBehindTheToolsBack(moved, `UPDATE allocations SET device_id = (SELECT id FROM devices WHERE mac = '${macOf(15)}') WHERE serial = 'SN-000003'`);
    expect(failedChecks(moved)).toContain('every identity was allocated to its MAC');

    const promoted = sampleLedger();
    editBehindTheToolsBack(promoted, `UPDATE allocations SET status = 'provisioned' WHERE serial = 'SN-000003'`);
    expect(failedChecks(promoted)).toEqual(['every identity is provisioned, pending for its MAC, or voided with a reason']);

    const deleted = sampleLedger();
    editBehindTheToolsBack(deleted, `DELETE FROM allocations WHERE serial = 'SN-000004'`);
    expect(failedChecks(deleted)).toEqual(['no allocated identity is missing']);
  });

  it('finds a serial on two boards when the unique index was dropped', () => {
    const file = sampleLedger();
    editBehindTheToolsBack(file, `PRAGMA writable_schema = 0;
      CREATE TABLE a2 AS SELECT * FROM allocations; DROP TABLE allocations; ALTER TABLE a2 RENAME TO allocations;
      UPDATE allocations SET serial = 'SN-000001' WHERE serial = 'SN-000002';`);
    expect(failedChecks(file)).toContain('no serial on two devices');
  });

  it('refuses the append-only audit trail being changed through SQLite, even by the tool\'s own connection', () => {
    const file = sampleLedger();
    const ledger = Ledger.open(file, { actor: 'mallory' });
    expect(() => ledger.db.prepare("UPDATE events SET kind = 'x' WHERE id = 3").run()).toThrow(/append-only/);
    expect(() => ledger.db.prepare('DELETE FROM events WHERE id = 3').run()).toThrow(/append-only/);
    ledger.close();
    expect(verifyLedger(file).ok).toBe(true);
  });
});

describe('ledger files that are not ledgers', () => {
  it('refuses a text file, an empty file and another SQLite database, and leaves each untouched', () => {
    const folder = scratch();
    const cases = [
      { name: 'notes.txt', bytes: Buffer.from('serial,mac\nSN-1,aa\n'), message: /not a Factory Bench ledger \(it is not an SQLite database\)/ },
      { name: 'empty.sqlite', bytes: Buffer.alloc(0), message: /not a Factory Bench ledger \(the file is empty\)/ },
    ];
    for (const { name, bytes, message } of cases) {
      const file = join(folder, name);
      writeFileSync(file, bytes);
      for (const open of [() => Ledger.open(file, { create: true }), () => verifyLedger(file)]) {
        const error = refusal(open);
        expect(error.code).toBe('not-a-ledger');
        expect(error.message).toMatch(message);
        expect(error.hint).toMatch(/left untouched/);
      }
      expect(readFileSync(file)).toEqual(bytes);
    }
    const other = join(folder, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const before = readFileSync(other);
    expect(refusal(() => Ledger.open(other, { create: true })).message).toMatch(/an SQLite database but not a Factory Bench ledger/);
    expect(readFileSync(other)).toEqual(before);
  });

  it('refuses a damaged ledger with a clear message and does not write to it', () => {
    const file = sampleLedger();
    // Make sure everything is in the main file, then overwrite pages past the header.
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    for (let offset = 4096; offset < bytes.length; offset += 4096) bytes.fill(0xa5, offset + 16, offset + 400);
    writeFileSync(file, bytes);
    const error = refusal(() => {
      const report = verifyLedger(file);
      if (!report.ok) throw new LedgerError('damaged', report.checks.filter((check) => !check.ok).map((check) => check.problems.join('; ')).join('\n'), '');
    });
    expect(error.code).toBe('damaged');
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('says where a missing ledger was looked for, and does not create one for reading', () => {
    const file = join(scratch(), 'nowhere.sqlite');
    const error = refusal(() => verifyLedger(file));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(file);
  });
});
