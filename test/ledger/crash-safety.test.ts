import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, verifyLedger } from '../../src/main/ledger/index.js';
import { bundleScript } from '../helpers/bundle-script.js';
import { scratch } from './fixtures.js';

let worker: Awaited<ReturnType<typeof bundleScript>>;
beforeAll(async () => {
  worker = await bundleScript(join(import.meta.dirname, 'workers', 'ledger-worker.ts'), 'ledger-worker');
});
afterAll(() => worker.remove());

const KILLS = 60;

/** Starts a churning bench and kills it with SIGKILL after `delayMs` (counted from its start, so some die while opening). */
function killAfter(file: string, delayMs: number): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker.path, JSON.stringify({ file, mode: 'churn', macRange: 400 })], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ signal, stderr });
    });
  });
}

describe('ledger: crash safety', () => {
  it(`keeps every promise after a bench is killed with SIGKILL ${KILLS} times at random moments`, async () => {
    const file = join(scratch(), 'ledger.sqlite');
    let identitiesBefore = 0;
    for (let round = 0; round < KILLS; round++) {
      const { signal, stderr } = await killAfter(file, randomInt(round < 5 ? 5 : 60, 450));
      // The worker never exits on its own: anything but SIGKILL is a crash of its own.
      expect(signal, stderr).toBe('SIGKILL');
      // Killed before its ledger was linked into place: there is no ledger, and no half-made one either.
      if (!existsSync(file)) continue;
      const report = verifyLedger(file);
      const failed = report.checks.filter((check) => !check.ok);
      expect(failed, `after kill ${round + 1}: ${JSON.stringify(failed)}`).toEqual([]);
      expect(report.counts.identities).toBeGreaterThanOrEqual(identitiesBefore);
      identitiesBefore = report.counts.identities;
    }
    // The kills landed mid-run: identities were handed out, and some boards were left pending.
    const ledger = Ledger.open(file, { actor: 'checker' });
    expect(ledger.queries.count()).toBeGreaterThan(100);
    expect(ledger.queries.count({ status: 'provisioned' })).toBeGreaterThan(0);
    // Every serial pending before the crashes is still pending for the same MAC: binding that MAC gives it back.
    const pending = ledger.queries.page({ status: 'pending' }, { limit: 20 }).rows;
    const job = ledger.registerJob(
      { name: 'widget', serialScheme: { kind: 'counter', template: 'SN-{counter:06}' }, certMode: 'issue', definitionSha256: '0'.repeat(64) },
      { kind: 'counter', template: { scope: () => 'SN-{counter}', render: (_d, n) => `SN-${String(n).padStart(6, '0')}`, maxCounter: 999_999 }, start: 1 },
    );
    for (const row of pending) expect(ledger.bind(job, { mac: row.mac })).toMatchObject({ serial: row.serial, reused: true });
    ledger.close();
    // Temporary files of creations that were killed are cleaned up by the next open.
    expect(readdirSync(dirname(file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 240_000);
});
