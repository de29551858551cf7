import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { counterJob, macOf, openLedger, scratch } from './fixtures.js';

/** A ledger with 30 boards on two jobs; board 9 was voided with a reason a spreadsheet would run as a formula. */
function fixture(): { folder: string; file: string } {
  const folder = scratch();
  const file = join(folder, 'ledger.sqlite');
  const ledger = openLedger(file);
  const widget = counterJob(ledger, 'widget');
  const gadget = counterJob(ledger, 'gadget', { prefix: 'GD-' });
  for (let n = 1; n <= 30; n++) {
    const identity = ledger.bind(n % 3 === 0 ? gadget : widget, { mac: macOf(n), chip: 'ESP32-C6', port: `/dev/ttyACM${n % 4}` });
    ledger.recordStep(identity.allocationId, { step: 'flash', outcome: 'ok', port: `/dev/ttyACM${n % 4}` });
    if (n === 9) ledger.void(identity.allocationId, '=HYPERLINK("http://evil.example","click")');
    else if (n % 4 !== 0) ledger.markProvisioned(identity.allocationId, { imageSha256: 'ab'.repeat(32) });
  }
  ledger.close();
  return { folder, file };
}

describe('factory-bench ledger', () => {
  it('list: pages through the devices with filters and a cursor', async () => {
    const { folder } = fixture();
    const first = await runCli(['ledger', 'list', '--ledger', 'ledger.sqlite', '--job', 'widget', '--limit', '8'], folder);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SERIAL\s+MAC\s+STATUS\s+JOB\s+PORT\s+ALLOCATED\s+LAST STEP$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['SN-000020', 'SN-000019', 'SN-000018', 'SN-000017', 'SN-000016', 'SN-000015', 'SN-000014', 'SN-000013']);
    const cursor = /--after (\S+)/.exec(first.stderr)![1]!;
    const second = await runCli(['ledger', 'list', '--ledger', 'ledger.sqlite', '--job', 'widget', '--limit', '8', '--after', cursor, '--json'], folder);
    const page = JSON.parse(second.stdout) as { rows: { serial: string }[]; next?: string };
    expect(page.rows.map((row) => row.serial)).toEqual(['SN-000012', 'SN-000011', 'SN-000010', 'SN-000009', 'SN-000008', 'SN-000007', 'SN-000006', 'SN-000005']);
    const pending = JSON.parse((await runCli(['ledger', 'list', '--ledger', 'ledger.sqlite', '--status', 'pending', '--json'], folder)).stdout) as { rows: { mac: string }[] };
    expect(pending.rows.map((row) => row.mac).sort()).toEqual([4, 8, 12, 16, 20, 24, 28].map(macOf));
    const byMac = JSON.parse((await runCli(['ledger', 'list', '--ledger', 'ledger.sqlite', '--search', '24:0A:C4:00:00:1', '--json'], folder)).stdout) as { rows: { mac: string }[] };
    expect(byMac.rows.map((row) => row.mac)).toEqual([0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e].map(macOf));
  });

  it('show: finds a device by serial or by MAC in any spelling, with its history', async () => {
    const { folder } = fixture();
    const bySerial = await runCli(['ledger', 'show', 'GD-000003', '--ledger', 'ledger.sqlite'], folder);
    expect(bySerial.code, bySerial.stderr).toBe(0);
    expect(bySerial.stdout).toContain(`MAC ${macOf(9)} (ESP32-C6)`);
    expect(bySerial.stdout).toMatch(/GD-000003 voided: =HYPERLINK/);
    expect(bySerial.stdout).toMatch(/#\d+ +\S+ +identity\.allocated +GD-000003 +on \/dev\/ttyACM1 +by tester@bench/);
    const byMac = await runCli(['ledger', 'show', macOf(9).toUpperCase().replace(/:/g, ''), '--ledger', 'ledger.sqlite', '--json'], folder);
    expect(JSON.parse(byMac.stdout)).toMatchObject({ mac: macOf(9), identities: [{ serial: 'GD-000003', status: 'voided' }] });
    const missing = await runCli(['ledger', 'show', 'SN-999999', '--ledger', 'ledger.sqlite'], folder);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no device with serial or MAC "SN-999999" in .*ledger\.sqlite\nhint: /);
  });

  it('export: CSV a spreadsheet opens safely, and JSON, whole or not at all', async () => {
    const { folder } = fixture();
    const csv = await runCli(['ledger', 'export', '--ledger', 'ledger.sqlite', '--out', 'devices.csv'], folder);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toContain('30 devices written to devices.csv');
    const records = parse(readFileSync(join(folder, 'devices.csv')), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(30);
    expect(records[0]).toMatchObject({ serial: 'SN-000001', mac: macOf(1), status: 'provisioned', job: 'widget', chip: 'ESP32-C6', image_sha256: 'ab'.repeat(32) });
    const voided = records.find((record) => record.serial === 'GD-000003')!;
    expect(voided.void_reason).toBe(`'=HYPERLINK("http://evil.example","click")`);
    for (const record of records) for (const cell of Object.values(record)) expect(cell).not.toMatch(/^[=+\-@]/);

    const json = await runCli(['ledger', 'export', '--ledger', 'ledger.sqlite', '--format', 'json', '--status', 'voided'], folder);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ serial: 'GD-000003', void_reason: '=HYPERLINK("http://evil.example","click")' })]);

    const refused = await runCli(['ledger', 'export', '--ledger', 'ledger.sqlite', '--job', 'nope', '--out', 'none.csv'], folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no job "nope" in the ledger\nhint: the jobs are: gadget, widget/);
    expect(readdirSync(folder).filter((name) => name.includes('none'))).toEqual([]);
  });

  it('verify: passes on a good ledger and names the first broken event of an edited one', async () => {
    const { folder, file } = fixture();
    const good = await runCli(['ledger', 'verify', '--ledger', 'ledger.sqlite'], folder);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/30 devices, 30 identities/);
    expect(good.stdout).toContain('every check passed');
    const db = new Database(file);
    const edited = db.prepare(`SELECT id FROM events WHERE kind = 'identity.allocated' AND data LIKE '%"SN-000005"%'`).pluck().get() as number;
    db.exec(`DROP TRIGGER events_no_update; UPDATE events SET data = replace(data, 'SN-000005', 'SN-000050') WHERE id = ${edited}`);
    db.close();
    const bad = await runCli(['ledger', 'verify', '--ledger', 'ledger.sqlite'], folder);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/FAIL {2}audit chain/);
    expect(bad.stderr).toMatch(new RegExp(`The audit chain breaks at event #${edited} \\(identity\\.allocated, [0-9T:.-]+Z\\): its contents do not match its hash`));
  });

  it('verify and list refuse a file that is not a ledger, and never create one', async () => {
    const folder = scratch();
    writeFileSync(join(folder, 'devices.csv'), 'serial,mac\n');
    for (const args of [['ledger', 'verify', '--ledger', 'devices.csv'], ['ledger', 'list', '--ledger', 'devices.csv']]) {
      const result = await runCli(args, folder);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/devices\.csv is not a Factory Bench ledger \(it is not an SQLite database\)\nhint: .*left untouched/);
    }
    const missing = await runCli(['ledger', 'list', '--ledger', 'new.sqlite'], folder);
    expect(missing.stderr).toMatch(/no ledger at .*new\.sqlite/);
    expect(existsSync(join(folder, 'new.sqlite'))).toBe(false);
  });

  it('void: needs a reason, and the board gets a new serial afterwards', async () => {
    const { folder, file } = fixture();
    const noReason = await runCli(['ledger', 'void', 'SN-000001', '--ledger', 'ledger.sqlite'], folder);
    expect(noReason.code).toBe(2);
    const done = await runCli(['ledger', 'void', macOf(1), '--ledger', 'ledger.sqlite', '--reason', 'antenna cracked'], folder);
    expect(done.code, done.stderr).toBe(0);
    const ledger = openLedger(file);
    const identity = ledger.bind(counterJob(ledger, 'widget'), { mac: macOf(1) });
    expect(identity).toMatchObject({ serial: 'SN-000021', reused: false });
    ledger.close();
  });
});
