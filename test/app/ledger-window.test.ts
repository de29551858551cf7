import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, type DeviceFilter, type DeviceRow } from '../../src/main/ledger/index.js';
import { macOf, plainCounter } from '../ledger/counter.js';
import { scratch } from './fixtures.js';

const START = Date.parse('2026-03-02T08:00:00Z');
const TEN_MINUTES = 600_000;

/**
 * A ledger as a line leaves it after a few days: 320 boards of two jobs,
 * allocated in turns, some at the same millisecond (the order then goes by
 * allocation), most provisioned, a few voided and given a new serial.
 */
function buildLedger(file: string): Ledger {
  const clock = { now: START };
  const ledger = Ledger.open(file, { create: true, actor: 'tester@bench', now: () => new Date(clock.now) });
  const register = (name: string, prefix: string) =>
    ledger.registerJob(
      { name, serialScheme: { kind: 'counter', template: `${prefix}{counter:06}` }, certMode: 'none', definitionSha256: 'a'.repeat(64) },
      { kind: 'counter', template: plainCounter(prefix), start: 1 },
    );
  const widget = register('widget', 'WDG-');
  const gadget = register('gadget', 'GAD-');
  for (let n = 1; n <= 320; n++) {
    // Every fifth board comes in the same millisecond as the one before.
    if (n % 5 !== 0) clock.now += (n % 7) * TEN_MINUTES + 1;
    const job = n % 3 === 0 ? gadget : widget;
    const identity = ledger.bind(job, { mac: macOf(n), chip: 'esp32c3', port: `/dev/ttyUSB${n % 4}` });
    if (n % 4 !== 0) ledger.markProvisioned(identity.allocationId);
    if (n % 23 === 0) {
      ledger.void(identity.allocationId, 'cracked antenna');
      clock.now += 1;
      ledger.bind(job, { mac: macOf(n) });
    }
  }
  return ledger;
}

/** Every row of a filter, walked page by page with the keyset cursor. */
function walkPages(ledger: Ledger, filter: DeviceFilter, limit: number): DeviceRow[] {
  const rows: DeviceRow[] = [];
  let after: string | undefined;
  do {
    const page = ledger.queries.page(filter, { limit, ...(after ? { after } : {}) });
    rows.push(...page.rows);
    after = page.next;
  } while (after);
  return rows;
}

/** Every row of a filter, walked window by window with offsets. */
function walkWindows(ledger: Ledger, filter: DeviceFilter, limit: number): DeviceRow[] {
  const rows: DeviceRow[] = [];
  for (let offset = 0; ; offset += limit) {
    const window = ledger.queries.window(filter, offset, limit);
    rows.push(...window);
    if (window.length < limit) return rows;
  }
}

const newestFirst = (a: DeviceRow, b: DeviceRow) => (a.createdAt === b.createdAt ? b.allocationId - a.allocationId : a.createdAt < b.createdAt ? 1 : -1);

const filters: [string, DeviceFilter][] = [
  ['no filter', {}],
  ['provisioned', { status: 'provisioned' }],
  ['pending', { status: 'pending' }],
  ['voided', { status: 'voided' }],
  ['job gadget', { job: 'gadget' }],
  ['job widget, pending', { job: 'widget', status: 'pending' }],
  ['since', { since: '2026-03-04T00:00:00Z' }],
  ['until', { until: '2026-03-04T00:00:00Z' }],
  ['since and until', { since: '2026-03-03T12:00:00Z', until: '2026-03-05T06:30:00Z' }],
  ['since a date, job widget', { since: '2026-03-05', job: 'widget' }],
  ['serial prefix', { serialPrefix: 'WDG-0001' }],
  ['serial prefix, provisioned', { serialPrefix: 'GAD-00003', status: 'provisioned' }],
  ['MAC prefix', { macPrefix: '24:0a:c4:00:00' }],
  ['MAC prefix in another spelling', { macPrefix: '240AC4-00-01' }],
  ['MAC prefix with a voided identity', { macPrefix: '24:0a:c4:00:00:2e' }],
  ['nothing matches', { serialPrefix: 'XYZ-' }],
];

describe('LedgerQueries.window', () => {
  let ledger: Ledger;
  beforeAll(() => {
    ledger = buildLedger(join(scratch(), 'ledger.sqlite'));
  });
  afterAll(() => ledger.close());

  it('has the ledger the tests need: both jobs, every status, shared timestamps, five days', () => {
    const all = walkPages(ledger, {}, 1000);
    expect(all.at(-1)!.createdAt.slice(0, 10)).toBe('2026-03-02');
    expect(all[0]!.createdAt.slice(0, 10)).toBe('2026-03-07');
    expect(all).toHaveLength(320 + 13);
    expect(new Set(all.map((row) => row.job))).toEqual(new Set(['widget', 'gadget']));
    expect(new Set(all.map((row) => row.status))).toEqual(new Set(['pending', 'provisioned', 'voided']));
    expect(new Set(all.map((row) => row.createdAt)).size).toBeLessThan(all.length);
  });

  it.each(filters)('%s: the same rows as the keyset pages, newest first; count says how many', (what, filter) => {
    const paged = walkPages(ledger, filter, 17);
    if (what === 'nothing matches') expect(paged).toEqual([]);
    else expect(paged.length).toBeGreaterThan(what.startsWith('MAC prefix with') ? 1 : 7);
    // Pages of a prefix search go by serial or MAC; the app's list is always newest first.
    const expected = filter.serialPrefix !== undefined || filter.macPrefix !== undefined ? [...paged].sort(newestFirst) : paged;
    expect([...expected].sort(newestFirst)).toEqual(expected);
    for (const size of [1, 13, 100, 1000]) expect(walkWindows(ledger, filter, size)).toEqual(expected);
    expect(ledger.queries.count(filter)).toBe(expected.length);
    for (const offset of [0, 1, 5, 16, 17, 50, expected.length - 1]) {
      if (offset < 0) continue;
      expect(ledger.queries.window(filter, offset, 7), `offset ${offset}`).toEqual(expected.slice(offset, offset + 7));
    }
    for (const offset of [expected.length, expected.length + 1, 1_000_000]) expect(ledger.queries.window(filter, offset, 50)).toEqual([]);
  });

  it('answers the filters with rows that match them', () => {
    const check = (filter: DeviceFilter, match: (row: DeviceRow) => boolean) => {
      const rows = walkWindows(ledger, filter, 100);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every(match)).toBe(true);
      expect(walkWindows(ledger, {}, 1000).filter(match)).toEqual(rows);
    };
    check({ status: 'voided' }, (row) => row.status === 'voided' && row.voidReason === 'cracked antenna');
    check({ job: 'gadget', status: 'provisioned' }, (row) => row.job === 'gadget' && row.status === 'provisioned');
    check({ serialPrefix: 'WDG-0001' }, (row) => row.serial.startsWith('WDG-0001'));
    check({ macPrefix: '24-0A-C4-00-00-2E' }, (row) => row.mac === '24:0a:c4:00:00:2e');
    check({ since: '2026-03-04T00:00:00Z', until: '2026-03-05T00:00:00Z' }, (row) => row.createdAt >= '2026-03-04T00:00:00.000Z' && row.createdAt < '2026-03-05T00:00:00.000Z');
  });

  it('takes at most 1000 rows, at least 1, and treats a negative offset as 0', () => {
    const all = walkWindows(ledger, {}, 1000);
    expect(ledger.queries.window({}, 0, 5000)).toEqual(all.slice(0, 1000));
    expect(ledger.queries.window({}, 0, 0)).toEqual(all.slice(0, 1));
    expect(ledger.queries.window({}, -3, 2)).toEqual(all.slice(0, 2));
    expect(ledger.queries.window({}, 2.7, 2)).toEqual(all.slice(2, 4));
  });

  it('finds a row by its allocation id, and nothing for an id it does not have', () => {
    for (const row of walkWindows(ledger, {}, 1000).filter((_, n) => n % 37 === 0)) expect(ledger.queries.findByAllocation(row.allocationId)).toEqual(row);
    expect(ledger.queries.findByAllocation(0)).toBeUndefined();
    expect(ledger.queries.findByAllocation(100_000)).toBeUndefined();
  });

  it('refuses an unknown job and a date it cannot read, as page() does', () => {
    expect(() => ledger.queries.window({ job: 'gizmo' })).toThrow('no job "gizmo" in the ledger');
    expect(() => ledger.queries.count({ job: 'gizmo' })).toThrow('no job "gizmo" in the ledger');
    expect(() => ledger.queries.window({ since: 'last tuesday' })).toThrow(/is not a date/);
  });
});
