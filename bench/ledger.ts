import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Ledger, verifyLedger, type JobHandle } from '../src/main/ledger/index.js';
import { certificate, macOf, populatedLedger, registerJob } from './fixtures/populated-ledger.js';
import { formatMiB, formatRate, runCli, type BenchContext } from './lib.js';

/**
 * The ledger at factory scale: BENCH_LEDGER_DEVICES devices (default 1,000,000),
 * each with a certificate, spread over a year; then, on that ledger,
 * allocate-and-record, lookups, keyset pages at every depth, the streaming
 * export (the built CLI, in a child process) and verify.
 */
export default async function ledgerBenchmarks(ctx: BenchContext): Promise<void> {
  const devices = Number(process.env['BENCH_LEDGER_DEVICES'] ?? 1_000_000);
  const parts = new Set((process.env['BENCH_LEDGER_PARTS'] ?? 'alloc,lookup,pages,export,verify').split(','));
  const file = join(ctx.tmp, 'ledger.sqlite');
  populatedLedger(ctx, file, devices);
  const ledger = Ledger.open(file, { actor: 'bench' });
  try {
    const job = registerJob(ledger);
    if (parts.has('alloc')) {
      durableCommitFloor(ctx);
      allocateAndRecord(ctx, ledger, job, devices);
    }
    if (parts.has('lookup')) lookups(ctx, ledger, devices);
    if (parts.has('pages')) pages(ctx, ledger);
  } finally {
    ledger.close();
  }
  if (parts.has('export')) await exportAll(ctx, file, devices);
  if (!parts.has('verify')) return;
  const started = performance.now();
  const report = verifyLedger(file);
  ctx.report(`ledger verify, ${report.counts.identities.toLocaleString('en-US')} identities, ${report.counts.events.toLocaleString('en-US')} events (${report.ok ? 'passed' : 'FAILED'})`, `${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

function reportTimes(ctx: BenchContext, label: string, samples: number[]): void {
  ctx.report(`${label}: p50`, ms(percentile(samples, 50)));
  ctx.report(`${label}: p99`, ms(percentile(samples, 99)));
  ctx.report(`${label}: max`, ms(Math.max(...samples)));
}

/** The disk's part: one-row durable commits (WAL, synchronous = FULL) on a bare table beside the ledger. */
function durableCommitFloor(ctx: BenchContext): void {
  const db = new Database(join(ctx.tmp, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const commit = db.transaction((value: string) => insert.run(value));
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    commit.immediate(`row ${i}`);
    times.push(performance.now() - started);
  }
  db.close();
  reportTimes(ctx, 'floor: a one-row durable commit on this disk (bare SQLite)', times);
}

/** A new board as the bench records it, each step its own durable commit (synchronous = FULL). */
function allocateAndRecord(ctx: BenchContext, ledger: Ledger, job: JobHandle, devices: number): void {
  const bind: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    const identity = ledger.bind(job, { mac: macOf(devices + 1 + i), chip: 'ESP32-S3', port: '/dev/ttyUSB3' });
    bind.push(performance.now() - started);
    ledger.attachCertificate(identity.allocationId, certificate());
    ledger.recordStep(identity.allocationId, { step: 'flash', outcome: 'ok', detail: { bytes: 1_572_864 } });
    ledger.recordStep(identity.allocationId, { step: 'verify', outcome: 'ok' });
    ledger.markProvisioned(identity.allocationId, { imageSha256: 'cd'.repeat(32) });
    whole.push(performance.now() - started);
  }
  reportTimes(ctx, 'allocate (bind a new MAC: serial, device, audit event; one durable commit)', bind);
  reportTimes(ctx, 'a whole board recorded (bind, certificate, 2 steps, provisioned: 5 durable commits)', whole);
}

function lookups(ctx: BenchContext, ledger: Ledger, devices: number): void {
  const pick = ledger.db.prepare('SELECT serial FROM allocations WHERE id = ?').pluck();
  const bySerial = Array.from({ length: 2000 }, () => pick.get(randomInt(1, devices + 1)) as string);
  const timeEach = (terms: string[], find: (term: string) => unknown): number[] =>
    terms.map((term) => {
      const started = performance.now();
      if (!find(term)) throw new Error(`lookup of ${term} found nothing`);
      return performance.now() - started;
    });
  reportTimes(ctx, 'lookup by serial', timeEach(bySerial, (serial) => ledger.queries.findBySerial(serial)));
  const macs = Array.from({ length: 2000 }, () => macOf(randomInt(0, devices)).toUpperCase().replace(/:/g, '-'));
  reportTimes(ctx, 'lookup by MAC (any spelling)', timeEach(macs, (mac) => ledger.queries.findByMac(mac)));
  reportTimes(ctx, 'device detail (identity, certificates, history)', timeEach(bySerial.slice(0, 300), (serial) => ledger.queries.detail(serial)));
}

/** Walks every page of 200, newest to oldest, as the ledger screen scrolls: the deepest pages cost what the first ones do. */
function pages(ctx: BenchContext, ledger: Ledger): void {
  const walk = (label: string, filter: Parameters<typeof ledger.queries.page>[0], maxPages = Infinity) => {
    const times: number[] = [];
    let after: string | undefined;
    let rows = 0;
    do {
      const started = performance.now();
      const page = ledger.queries.page(filter, { limit: 200, ...(after ? { after } : {}) });
      times.push(performance.now() - started);
      rows += page.rows.length;
      after = page.next;
    } while (after && times.length < maxPages);
    ctx.note(`${label}: ${times.length.toLocaleString('en-US')} pages, ${rows.toLocaleString('en-US')} rows`);
    reportTimes(ctx, `${label}, page of 200`, times);
    ctx.report(`${label}, last page`, ms(times.at(-1)!));
  };
  walk('all devices, newest first, every page', {});
  walk('status = pending', { status: 'pending' });
  walk('job + status = provisioned, first 1,000 pages', { job: 'widget', status: 'provisioned' }, 1000);
  walk('since a date 6 months back', { since: '2026-05-24' }, 1000);
  walk('serial prefix ACME-2612', { serialPrefix: 'ACME-2612' });
}

/** The whole ledger exported by the built CLI, and smaller exports (by date) to show the memory does not grow with the rows. */
async function exportAll(ctx: BenchContext, file: string, devices: number): Promise<void> {
  for (const format of ['csv', 'json']) {
    const run = await runCli(ctx, ['ledger', 'export', '--ledger', file, '--format', format, '--out', join(ctx.tmp, `all.${format}`)], ctx.tmp);
    if (run.code !== 0) throw new Error(run.stderr);
    ctx.report(`export of all ${(devices + 2000).toLocaleString('en-US')} devices as ${format.toUpperCase()} (built CLI, to a file)`, `${(run.ms / 1000).toFixed(1)} s, ${formatRate(devices, run.ms, 'rows')}`);
    const memory: string[] = [];
    for (const until of ['2025-11-25', '2025-12-05', '2026-01-24', '2026-05-24']) {
      const part = await runCli(ctx, ['ledger', 'export', '--ledger', file, '--format', format, '--until', until, '--out', join(ctx.tmp, `part.${format}`)], ctx.tmp);
      memory.push(`${Number(/(\d+) devices/.exec(part.stderr)?.[1] ?? NaN).toLocaleString('en-US')} rows ${formatMiB(part.maxRssBytes)}`);
    }
    memory.push(`all ${formatMiB(run.maxRssBytes)}`);
    ctx.report(`  ${format.toUpperCase()} export peak RSS by rows exported`, memory.join(', '));
    // V8 lets its heap grow before it collects; capping it shows how much the export really needs.
    const capped = await runCli(ctx, ['ledger', 'export', '--ledger', file, '--format', format, '--out', join(ctx.tmp, `capped.${format}`)], ctx.tmp, { NODE_OPTIONS: '--max-old-space-size=24 --max-semi-space-size=1' });
    ctx.report(
      `  ${format.toUpperCase()} export of all rows with the JS heap capped at 24 MiB`,
      capped.code === 0 ? `${(capped.ms / 1000).toFixed(1)} s, peak RSS ${formatMiB(capped.maxRssBytes)}` : `failed: ${capped.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  }
}
