import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchEvent } from '../../src/main/bench/events.js';
import { runCli } from '../helpers/run-cli.js';
import { EXAMPLE_PASSPHRASE, useExampleCopies } from '../job/fixtures.js';
import { startFakeZebra, type FakeZebra } from '../sim/zebra-printer.js';
import { unplugAll } from '../sim/index.js';

const copyExample = useExampleCopies();
const printers: FakeZebra[] = [];
afterEach(async () => {
  unplugAll();
  for (const printer of printers.splice(0)) await printer.close();
});

async function setUp(status: Parameters<typeof startFakeZebra>[0] = {}) {
  const dir = copyExample();
  const zebra = await startFakeZebra(status);
  printers.push(zebra);
  writeFileSync(join(dir, 'printers.json'), JSON.stringify({ 'line-1': { kind: 'zebra', host: zebra.host, port: zebra.port } }));
  writeFileSync(join(dir, 'pass.txt'), EXAMPLE_PASSPHRASE);
  const args = ['bench', '--job', dir, '--simulate', '3', '--json', '--ledger', 'ledger.sqlite', '--passphrase-file', 'pass.txt', '--printer', 'line-1', '--printers', 'printers.json'];
  return { dir, zebra, args };
}

const printsIn = (dir: string) => new Database(join(dir, 'ledger.sqlite'), { readonly: true }).prepare('SELECT a.serial, p.status, p.printer FROM label_prints p JOIN allocations a ON a.id = p.allocation_id ORDER BY a.serial').all();

describe('the bench prints each board\'s label once it is recorded', () => {
  it('sends one label per board to the Zebra and records each print', async () => {
    const { dir, zebra, args } = await setUp();
    const result = await runCli(args, dir);
    expect(result.code, result.stderr).toBe(0);
    const done = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as BenchEvent).filter((event) => event.type === 'board-done');
    const serials = done.map((event) => (event as { serial: string }).serial).sort();
    expect(zebra.jobs).toHaveLength(3);
    for (const serial of serials) expect(zebra.jobs.filter((job) => job.includes(`^FDS/N ${serial}^FS`) || job.includes(serial))).toHaveLength(1);
    expect(printsIn(dir)).toEqual(serials.map((serial) => ({ serial, status: 'printed', printer: 'line-1' })));
  });

  it('a printer out of paper fails the labelling step only: the boards stay provisioned, no print is recorded as done', async () => {
    const { dir, zebra, args } = await setUp({ status: { paperOut: true } });
    const result = await runCli(args, dir);
    expect(result.code).toBe(1);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as BenchEvent);
    const failed = events.filter((event) => event.type === 'board-failed');
    expect(failed).toHaveLength(3);
    for (const event of failed) expect(event).toMatchObject({ step: 'labelling', willRetry: false, message: expect.stringMatching(/paper out/i) as unknown, hint: expect.stringMatching(/factory-bench label print/) as unknown });
    expect(zebra.jobs).toEqual([]);
    const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
    expect(db.prepare("SELECT count(*) FROM allocations WHERE status = 'provisioned'").pluck().get()).toBe(3);
    expect(db.prepare("SELECT count(*) FROM label_prints WHERE status = 'printed'").pluck().get()).toBe(0);
  });
});
