import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, LedgerError, verifyLedger } from '../../src/main/ledger/index.js';
import { LATEST_SCHEMA } from '../../src/main/ledger/schema.js';
import { counterJob, macOf, openLedger, scratch } from './fixtures.js';

describe('ledger: schema versions', () => {
  it('upgrades a ledger written by an older version, keeping its devices and chain, and records the upgrade', () => {
    const file = join(scratch(), 'old.sqlite');
    const old = openLedger(file, { schemaVersion: 1 });
    const job = counterJob(old);
    old.markProvisioned(old.bind(job, { mac: macOf(1) }).allocationId);
    old.close();
    const probe = new Database(file, { readonly: true });
    expect(probe.pragma('user_version', { simple: true })).toBe(1);
    expect(probe.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'label_prints'").pluck().get()).toBe(0);
    probe.close();

    const ledger = openLedger(file);
    expect(ledger.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
    expect(ledger.queries.findBySerial('SN-000001')).toMatchObject({ mac: macOf(1), status: 'provisioned' });
    const serial = ledger.queries.findBySerial('SN-000001')!;
    ledger.recordLabelPrint(serial.allocationId, { printer: 'zebra-1', reprint: false, status: 'printed' });
    const upgrade = ledger.db.prepare("SELECT data FROM events WHERE kind = 'ledger.upgraded'").pluck().get() as string;
    expect(JSON.parse(upgrade)).toEqual({ from: 1, to: LATEST_SCHEMA });
    ledger.close();
    expect(verifyLedger(file).ok).toBe(true);
  });

  it('refuses a ledger written by a newer version, saying which, and leaves it untouched', () => {
    const file = join(scratch(), 'new.sqlite');
    openLedger(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA + 1}`);
    db.close();
    const before = readFileSync(file);
    for (const open of [() => Ledger.open(file, { create: true }), () => verifyLedger(file)]) {
      let error: unknown;
      try {
        open();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as LedgerError).code).toBe('newer-schema');
      expect((error as LedgerError).message).toMatch(new RegExp(`newer Factory Bench \\(ledger schema ${LATEST_SCHEMA + 1}\\).*up to ${LATEST_SCHEMA}`));
      expect((error as LedgerError).hint).toMatch(/update Factory Bench/);
    }
    expect(readFileSync(file)).toEqual(before);
  });

  it('creates a new ledger in WAL mode with durable commits and the schema complete', () => {
    const file = join(scratch(), 'sub', 'dir', 'ledger.sqlite');
    const ledger = openLedger(file);
    expect(ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ledger.db.pragma('synchronous', { simple: true })).toBe(2); // FULL: every commit reaches the disk
    expect(ledger.db.pragma('foreign_keys', { simple: true })).toBe(1);
    ledger.close();
  });

  it('removes the temporary file of a creation whose process was killed, and nothing else', () => {
    const folder = scratch();
    // No process has this number (above Linux's largest pid), so its creation was abandoned.
    const abandoned = join(folder, '.ledger.sqlite.4194305.0f6c1d2e-8a3b-4c5d-9e6f-7a8b9c0d1e2f.tmp');
    const unrelated = join(folder, '.ledger.sqlite.backup');
    writeFileSync(abandoned, 'half a ledger');
    writeFileSync(unrelated, 'keep me');
    openLedger(join(folder, 'ledger.sqlite')).close();
    expect(existsSync(abandoned)).toBe(false);
    expect(readFileSync(unrelated, 'utf8')).toBe('keep me');
  });
});
