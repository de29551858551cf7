import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA } from '../../src/main/ledger/schema.js';
import { APP_ENTRY_URL } from '../../src/main/shell/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell/csp.js';
import type { AppInfo, BenchBridge } from '../../src/shared/api.js';
import { repoRoot } from '../helpers/vectors.js';
import { electronBinary } from './find-electron.js';

const binary = electronBinary(repoRoot);
const reason = 'missing' in binary ? binary.missing : '';

if (reason) process.stderr.write(`real-Electron smoke test skipped: ${reason}\n`);

// The real app in real Electron: it runs wherever the binary exists and is skipped, saying why, elsewhere.
describe.skipIf('missing' in binary)(`the Electron app${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('opens its window, sandboxed, with window.bench answering over IPC, the CSP header and no new windows', { timeout: 120_000 }, async () => {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { cwd: repoRoot, stdio: 'pipe' });
    // The ledger opened in Electron's main process proves better-sqlite3's binary loads there without a rebuild.
    const ledgerFile = join(mkdtempSync(join(tmpdir(), 'fb-electron-')), 'ledger.sqlite');
    const app = await electron.launch({ executablePath: (binary as { path: string }).path, args: ['.', '--no-sandbox'], cwd: repoRoot, env: { ...process.env, FACTORY_BENCH_LEDGER: ledgerFile } });
    try {
      const window = await app.firstWindow();
      await expect.poll(() => window.title()).toBe('Factory Bench');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((globalThis as unknown as { bench: object }).bench).sort())).toEqual(['call', 'subscribe']);
      const info = await window.evaluate(() => (globalThis as unknown as { bench: { call(n: string, r: object): Promise<AppInfo> } }).bench.call('app.info', {}));
      expect(info.name).toBe('factory-bench');
      expect(info.ledger).toEqual({ file: ledgerFile, schema: LATEST_SCHEMA, devices: 0 });
      const refused = await window.evaluate(() =>
        (globalThis as unknown as { bench: { call(n: string, r: unknown): Promise<unknown> } }).bench.call('app.info', { extra: 1 }).catch((error: unknown) => error),
      );
      expect(refused).toMatchObject({ code: 'bad-request' });

      // The page comes from app://bench/ with the CSP as a header, not from file:.
      expect(window.url()).toBe(APP_ENTRY_URL);
      const csp = await app.evaluate(async ({ net }, url) => (await net.fetch(url)).headers.get('content-security-policy'), APP_ENTRY_URL);
      expect(csp).toBe(CONTENT_SECURITY_POLICY);

      // A run of two simulated boards through IPC: the calls go to main, the events come back to the page through the preload.
      const ended = await window.evaluate(
        async ([folder, passphrase]) => {
          const bench = (globalThis as unknown as { bench: BenchBridge }).bench;
          const seen: string[] = [];
          const done = new Promise<void>((resolve) =>
            bench.subscribe((events) => {
              for (const event of events) {
                seen.push(event.type);
                if (event.type === 'run' && event.state === 'ended') resolve();
              }
            }),
          );
          await bench.call('job.open', { folder });
          await bench.call('bench.start', { mode: 'once', source: { kind: 'simulate', count: 2 }, passphrase });
          await done;
          return { seen, rows: await bench.call('ledger.rows', { filter: { status: 'provisioned' }, offset: 0, limit: 10 }) };
        },
        [join(repoRoot, 'resources/examples/widget-job'), 'widget-example-passphrase'] as const,
      );
      expect(ended.seen.filter((type) => type === 'board-done')).toHaveLength(2);
      expect(ended.rows.total).toBe(2);

      // New windows are denied: window.open gets nothing, and no second window appears.
      expect(await window.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
