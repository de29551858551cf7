import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell/csp.js';
import type { AppEvent } from '../../src/shared/api.js';
import { repoRoot } from '../helpers/vectors.js';
import { startFakeZebra, type FakeZebra } from '../sim/zebra-printer.js';
import { CHROMIUM_SKIP, closeChromium, openAppInChromium, serveFolder, type OpenApp } from './chromium-bridge.js';
import type { PageWindow } from './page-window.js';

/**
 * The app end to end: the renderer as built, in Debian's Chromium, on the
 * real engine (job, simulated ESP32-C3 boards over the serial protocol, the
 * ledger, labels on a fake Zebra printer on a TCP socket), clicked through as
 * an operator would. It writes docs/screenshots/*.png when they are missing,
 * or all of them again with FB_SCREENSHOTS=1.
 */

const EXAMPLE_JOB = join(repoRoot, 'resources/examples/widget-job');
const CA_PASSPHRASE = 'widget-example-passphrase';
const ENGINEER_PASSPHRASE = 'engineer-only-2024';
const SCREENSHOTS = join(repoRoot, 'docs/screenshots');
/** Long enough for a slow machine; the waits end as soon as the page shows what they wait for. */
const UI = { timeout: 20_000 };

if (CHROMIUM_SKIP) console.warn(`skipping the end-to-end tests: ${CHROMIUM_SKIP}`);

/** Saves the page as docs/screenshots/<name>.png when it is missing or FB_SCREENSHOTS=1 (written aside, then renamed). */
async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(SCREENSHOTS, `${name}.png`);
  if (process.env.FB_SCREENSHOTS !== '1' && existsSync(file)) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const aside = `${file}.${process.pid}.tmp`;
  await page.screenshot({ path: aside, type: 'png', caret: 'hide', animations: 'disabled' });
  renameSync(aside, file);
}

/** The <dd> after the <dt> that says `term`, inside `scope`. */
const fact = (scope: Locator, term: string): Locator => scope.locator('dt').filter({ hasText: new RegExp(`^\\s*${term}\\s*$`) }).locator('xpath=following-sibling::dd[1]');

const text = async (locator: Locator): Promise<string> => ((await locator.textContent()) ?? '').trim();

/** Waits until `locator` says exactly `expected` (after trimming). */
async function says(locator: Locator, expected: string | RegExp): Promise<void> {
  if (typeof expected === 'string') await expect.poll(() => text(locator), UI).toBe(expected);
  else await expect.poll(() => text(locator), UI).toMatch(expected);
}

const visible = (locator: Locator) => locator.waitFor({ state: 'visible', ...UI });

/** Waits for a dialog to close; when it stays open, fails with what it says (the engine's refusal, say). */
async function closes(dialog: Locator): Promise<void> {
  try {
    await dialog.waitFor({ state: 'detached', ...UI });
  } catch {
    throw new Error(`the dialog stayed open: ${(await dialog.textContent().catch(() => null)) ?? '(gone)'}`);
  }
}

/** Whether a CSS colour is green: its green channel well above red and blue. */
function isGreen(color: string): boolean {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return g > r + 30 && g > b + 20;
}

describe.skipIf(CHROMIUM_SKIP)('an operator runs the line in the app', () => {
  let app: OpenApp;
  let page: Page;
  let zebra: FakeZebra;
  let temp: string;
  /** The serials and MACs the bench's panels showed, in slot order. */
  const boards: { serial: string; mac: string }[] = [];

  const nav = (view: 'Bench' | 'Job' | 'Ledger' | 'Labels') => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true });
  const show = async (view: 'Bench' | 'Job' | 'Ledger' | 'Labels') => {
    await nav(view).click();
    await visible(page.getByRole('main', { name: `${view} view` }));
  };
  const openJob = async (folder: string) => {
    await show('Job');
    await page.getByLabel('Job folder path').fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
  };

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'fb-e2e-run-'));
    zebra = await startFakeZebra();
    const printers = join(temp, 'printers.json');
    writeFileSync(printers, JSON.stringify({ 'line-1': { kind: 'zebra', host: zebra.host, port: zebra.port } }));
    app = await openAppInChromium({ printersFile: () => printers, ledgerPath: join(temp, 'ledger.sqlite'), stateDir: join(temp, 'state'), chooseExportFile: (suggested) => join(temp, suggested) });
    page = app.page;
    await visible(page.getByRole('navigation', { name: 'Views' }));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await zebra?.close();
    await closeChromium();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('opens the example job: its name, chip, images and notices show', async () => {
    await openJob(EXAMPLE_JOB);
    const view = page.getByRole('main', { name: 'Job view' });
    await visible(view.getByRole('heading', { name: 'Job: widget' }));
    await says(page.getByTestId('job-name'), 'widget');
    await says(fact(view, 'Chip'), 'esp32c3');
    await says(fact(view, 'Product'), 'ACME Widget rev C');
    await says(fact(view, 'CA passphrase'), 'asked for at Start');
    await visible(view.getByText('The job is ready: the bench can start it.'));
    const images = view.getByRole('table').first().getByRole('row');
    await expect.poll(() => images.count(), UI).toBe(4);
    for (const file of ['build/bootloader/bootloader.bin', 'build/partition_table/partition-table.bin', 'build/widget.bin']) await visible(view.getByRole('cell', { name: file, exact: true }));
    await visible(view.getByRole('heading', { name: 'Notices' }));
    await visible(view.getByRole('listitem').filter({ hasText: 'its passphrase is asked then' }));
    await screenshot(page, 'job');
  });

  it('runs four simulated boards: every panel passes, green, with its MAC and serial; the counters say 4 passed, 100 %', async () => {
    await show('Bench');
    await page.getByLabel('CA passphrase').fill(CA_PASSPHRASE);
    await page.getByLabel('Boards from').selectOption('simulate');
    await page.getByLabel('How many').fill('4');
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    const slots = page.getByRole('list', { name: 'Slots' }).getByRole('listitem');
    // The run takes about two seconds: the picture of it under way is taken once a board is flashing, if it is quick enough to see one.
    await visible(slots.first());
    await page
      .waitForFunction(() => [...(globalThis as unknown as PageWindow).document.querySelectorAll('[role="progressbar"]')].some((bar) => Number(bar.getAttribute('aria-valuenow')) >= 20), undefined, { timeout: 5_000, polling: 'raf' })
      .catch(() => undefined);
    await screenshot(page, 'bench-running');

    await expect.poll(() => slots.count(), UI).toBe(4);
    for (let index = 0; index < 4; index++) {
      const panel = slots.nth(index).getByRole('article');
      const badge = panel.getByTestId('status');
      await says(badge, 'Passed');
      expect(isGreen(await badge.evaluate((element) => (globalThis as unknown as PageWindow).getComputedStyle(element).color)), 'the Passed badge is green').toBe(true);
      const mac = await text(fact(panel, 'MAC'));
      const serial = await text(fact(panel, 'Serial'));
      expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i);
      expect(serial).toMatch(/^WDG-\d{4}-\d{5}$/);
      boards.push({ serial, mac });
    }
    expect(new Set(boards.map((board) => board.serial)).size).toBe(4);
    expect(new Set(boards.map((board) => board.mac)).size).toBe(4);

    const totals = page.locator('[aria-label="Counters, all slots"]');
    await says(fact(totals, 'Pass'), '4');
    await says(fact(totals, 'Fail'), '0');
    await says(fact(totals, 'Yield'), '100.0 %');
    await visible(page.getByText(/^Last run ended after/));
    await screenshot(page, 'bench');
  });

  it('finds a board in the ledger: four rows, and its history from allocation to provisioning', async () => {
    await show('Ledger');
    await visible(page.getByText('4 devices', { exact: true }));
    const grid = page.getByRole('grid');
    // The header row and one row per board.
    await expect.poll(() => grid.getByRole('row').count(), UI).toBe(5);
    for (const board of boards) await visible(grid.getByRole('gridcell', { name: board.serial, exact: true }));

    const board = boards[0]!;
    await page.getByRole('searchbox', { name: 'Find a device' }).fill(board.serial);
    await page.getByRole('searchbox', { name: 'Find a device' }).press('Enter');
    const detail = page.getByRole('complementary', { name: `Device ${board.serial}` });
    await visible(detail);
    await says(fact(detail, 'MAC'), board.mac);
    const history = detail.getByRole('region', { name: 'History' });
    for (const kind of ['identity.allocated', 'certificate.issued', 'identity.provisioned']) await visible(history.getByRole('cell', { name: kind, exact: true }));
    await visible(detail.getByRole('region', { name: 'Label prints' }).getByText('The label was never printed.'));
    await screenshot(page, 'ledger');

    // Export: the save dialog answers with a file in the test's folder.
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    const written = page.getByText(/^4 devices written to /);
    await visible(written);
    const file = (await text(written)).replace(/^4 devices written to /, '');
    expect(file.startsWith(temp)).toBe(true);
    const csv = readFileSync(file, 'utf8');
    for (const { serial, mac } of boards) {
      expect(csv).toContain(serial);
      expect(csv).toContain(mac);
    }
  });

  it('prints the board’s label on the Zebra, then reprints it with a reason the ledger keeps', async () => {
    const board = boards[0]!;
    await page.getByRole('complementary', { name: `Device ${board.serial}` }).getByRole('button', { name: 'Label…' }).click();
    const view = page.getByRole('main', { name: 'Labels view' });
    await visible(view);
    const preview = view.getByRole('img', { name: `Label of ${board.serial}` });
    await visible(preview);
    await expect.poll(() => preview.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), UI).toBeGreaterThan(0);
    await says(fact(view, 'MAC'), board.mac);
    await says(view.getByLabel('Printer'), /^line-1/);
    await screenshot(page, 'labels');

    await view.getByLabel('Printer').selectOption('line-1');
    await view.getByRole('button', { name: 'Print', exact: true }).click();
    await visible(view.getByText(`Printed the label of ${board.serial} on line-1`, { exact: false }));
    expect(zebra.jobs).toHaveLength(1);
    expect(zebra.jobs[0]).toMatch(/^\^XA[\s\S]*\^XZ\s*$/);
    expect(zebra.jobs[0]).toContain(board.serial);

    // Printed once: printing again is a reprint, and the reason is asked first.
    const reprint = view.getByRole('button', { name: 'Reprint', exact: true });
    await visible(reprint);
    expect(await reprint.isDisabled()).toBe(true);
    await visible(view.getByText(/^This label was printed before/));
    await view.getByLabel('Reason for the reprint (required)').fill('label smudged at packing');
    await reprint.click();
    await visible(view.getByText(`Reprinted the label of ${board.serial} on line-1`, { exact: false }));
    expect(zebra.jobs).toHaveLength(2);
    expect(zebra.jobs[1]).toContain(board.serial);

    await show('Ledger');
    await page.getByRole('searchbox', { name: 'Find a device' }).fill(board.serial);
    await page.getByRole('searchbox', { name: 'Find a device' }).press('Enter');
    const prints = page.getByRole('complementary', { name: `Device ${board.serial}` }).getByRole('region', { name: 'Label prints' });
    await visible(prints.getByRole('cell', { name: 'reprint', exact: true }));
    await visible(prints.getByRole('cell', { name: 'label smudged at packing', exact: true }));
    // The header, the print and the reprint.
    await expect.poll(() => prints.getByRole('row').count(), UI).toBe(3);
  });

  it('opens a scanned board in the Ledger from any view (a barcode scanner types fast and ends with Enter)', async () => {
    const board = boards[1]!;
    await show('Bench');
    await page.getByRole('heading', { name: 'Bench', exact: true }).click();
    // The keys as a scanner sends them: all within a few milliseconds (typed one by one over the protocol, a loaded machine could space them out).
    await page.evaluate((keys) => {
      const w = globalThis as unknown as PageWindow & { KeyboardEvent: new (type: string, init: { key: string; bubbles: boolean; cancelable: boolean }) => unknown };
      const target = w.document.body as unknown as { dispatchEvent(event: unknown): boolean };
      for (const key of keys) target.dispatchEvent(new w.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }, [...board.mac.toUpperCase(), 'Enter']);
    await visible(page.getByRole('main', { name: 'Ledger view' }));
    const detail = page.getByRole('complementary', { name: `Device ${board.serial}` });
    await visible(detail);
    await says(fact(detail, 'MAC'), board.mac);
  });

  it('locks for the operator: the job cannot be changed until the engineer unlocks with the passphrase', async () => {
    await page.getByRole('button', { name: 'Lock for operator' }).click();
    const setting = page.getByRole('dialog', { name: "Set the engineer's passphrase" });
    await visible(setting);
    await setting.getByLabel('Passphrase', { exact: true }).fill(ENGINEER_PASSPHRASE);
    await setting.getByLabel('Passphrase again').fill(ENGINEER_PASSPHRASE);
    await setting.getByRole('button', { name: 'Set and lock' }).click();
    await closes(setting);
    await visible(page.getByRole('button', { name: 'Operator mode — unlock…' }));

    await show('Job');
    await visible(page.getByText('Operator mode: unlock to open another job.'));
    expect(await page.getByLabel('Job folder path').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Open', exact: true }).isDisabled()).toBe(true);
    // The engine refuses it too, whatever the page does.
    const refused = await page.evaluate((folder) => (globalThis as unknown as PageWindow).bench.call('job.open', { folder }).then(() => 'opened', (error: unknown) => error), EXAMPLE_JOB);
    expect(refused).toMatchObject({ code: 'locked' });

    await page.getByRole('button', { name: 'Operator mode — unlock…' }).click();
    const unlocking = page.getByRole('dialog', { name: 'Unlock the settings' });
    await unlocking.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await unlocking.getByRole('button', { name: 'Unlock' }).click();
    await visible(unlocking.getByRole('alert'));
    await unlocking.getByLabel('Passphrase', { exact: true }).fill(ENGINEER_PASSPHRASE);
    await unlocking.getByRole('button', { name: 'Unlock' }).click();
    await closes(unlocking);
    await visible(page.getByRole('button', { name: 'Lock for operator' }));
    expect(await page.getByLabel('Job folder path').isEnabled()).toBe(true);
  });

  it('shows every problem of a broken job, and Start is refused', async () => {
    const broken = join(temp, 'broken-job');
    cpSync(EXAMPLE_JOB, broken, { recursive: true });
    const settings = JSON.parse(readFileSync(join(broken, 'job.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(broken, 'job.json'), JSON.stringify({ ...settings, chip: 'esp32zz', baud: 'fast' }, null, 2));
    rmSync(join(broken, 'build/widget.bin'));

    await openJob(broken);
    const view = page.getByRole('main', { name: 'Job view' });
    await visible(view.getByRole('heading', { name: '3 problems: the bench cannot start this job' }));
    const problems = view.getByRole('listitem').filter({ has: page.locator('.problem-message') });
    await expect.poll(() => problems.count(), UI).toBe(3);
    await visible(problems.filter({ hasText: /chip: Invalid option/ }));
    await visible(problems.filter({ hasText: /baud: .*expected number/ }));
    await visible(problems.filter({ hasText: /firmware image build\/widget\.bin does not exist/ }));
    await visible(page.getByText('3 problems', { exact: true }));
    await screenshot(page, 'job-problems');

    await show('Bench');
    await visible(page.getByText(/^The job has 3 problems: fix them first/));
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    const refused = await page.evaluate(() => (globalThis as unknown as PageWindow).bench.call('bench.start', { mode: 'once', source: { kind: 'simulate', count: 1 } }).then(() => 'started', (error: unknown) => error));
    expect(refused).toMatchObject({ code: 'failed', message: expect.stringMatching(/3 problem/) });
    await page.getByRole('button', { name: 'Show the problems' }).click();
    await visible(page.getByRole('main', { name: 'Job view' }));
  });

  it('reported no error in the page all along', () => {
    expect(app.errors).toEqual([]);
  });
});

/** A raw GET (no client-side normalising of the path): status, headers and body. */
function get(url: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end();
  });
}

// The harness itself, and the security of the page as the browser enforces it: the same contract as in Electron.
describe.skipIf(CHROMIUM_SKIP)('the page’s security, as the browser enforces it', () => {
  let app: OpenApp;
  beforeAll(async () => {
    app = await openAppInChromium();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await closeChromium();
  });

  it('serves the built renderer as the app: protocol does: the CSP header, the content types, a 404 (with the policy) for anything else', async () => {
    const index = await get(app.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(script).toBeDefined();
    const js = await get(app.url, `/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const path of ['/../package.json', '/../../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/..%5c..%5cpackage.json', '/%00index.html', '/assets', '/nothing-here.js']) {
      const answer = await get(app.url, path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
    }
    // What the page itself asked for was there (a browser asks for /favicon.ico on its own; the app has none).
    const asked = app.server.requests.slice(0, app.server.requests.findIndex((entry) => entry.path === '/../package.json'));
    expect(asked.filter((entry) => entry.status !== 200 && entry.path !== '/favicon.ico')).toEqual([]);
  });

  it('serves nothing outside the folder, however the path is spelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-e2e-serve-'));
    mkdirSync(join(dir, 'site/assets'), { recursive: true });
    writeFileSync(join(dir, 'site/index.html'), '<!doctype html><title>site</title>');
    writeFileSync(join(dir, 'site/assets/app.js'), 'export {};');
    writeFileSync(join(dir, 'secret.txt'), 'the secret');
    const server = await serveFolder(join(dir, 'site'));
    try {
      expect((await get(server.url, '/')).status).toBe(200);
      expect((await get(server.url, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
      for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00/../secret.txt', `/${dir}/secret.txt`, `//${dir}/secret.txt`]) {
        const answer = await get(server.url, path);
        expect(answer.status, path).toBe(404);
        expect(answer.body, path).not.toContain('the secret');
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the page window.bench with call and subscribe only, and none of Node or Electron', async () => {
    const globals = await app.page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        ipcRenderer: typeof w.ipcRenderer,
        electron: typeof w.electron,
        binding: typeof w.__benchInvoke,
        bench: Object.keys(w.bench).sort(),
        frozen: Object.isFrozen(w.bench),
        types: [typeof w.bench.call, typeof w.bench.subscribe],
      };
    });
    if (process.platform === 'linux') expect(app.browserPid).toBeGreaterThan(0);
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', electron: 'undefined', binding: 'undefined', bench: ['call', 'subscribe'], frozen: true, types: ['function', 'function'] });
  });

  it('answers a call with the value, and a refused one with the plain { code, message } as the preload does', async () => {
    const info = await app.page.evaluate(() => (globalThis as unknown as PageWindow).bench.call('app.info', {}));
    expect(info).toMatchObject({ name: 'Factory Bench', ledger: { devices: 0 } });

    const failures = await app.page.evaluate(async () => {
      const outcome = (promise: Promise<unknown>) =>
        promise.then(
          () => 'resolved',
          (error: unknown) => ({ error, isError: error instanceof Error, keys: Object.keys(error as object).sort() }),
        );
      const untyped = (globalThis as unknown as PageWindow).bench.call as (name: string, request: unknown) => Promise<unknown>;
      return {
        negative: await outcome(untyped('ledger.rows', { filter: {}, offset: -1, limit: 10 })),
        extra: await outcome(untyped('app.info', { sneaky: true })),
        unknown: await outcome(untyped('constructor', {})),
        proto: await outcome(untyped('__proto__', {})),
        noJob: await outcome(untyped('bench.start', { mode: 'once', source: { kind: 'simulate', count: 1 } })),
      };
    });
    expect(failures.negative).toMatchObject({ error: { code: 'bad-request' }, isError: false, keys: ['code', 'message'] });
    expect((failures.negative as { error: { message: string } }).error.message).toMatch(/offset/);
    expect(failures.extra).toMatchObject({ error: { code: 'bad-request' } });
    expect(failures.unknown).toMatchObject({ error: { code: 'unknown-call' } });
    expect(failures.proto).toMatchObject({ error: { code: 'unknown-call' } });
    expect(failures.noJob).toMatchObject({ error: { code: 'failed', message: 'open a job first' } });
  });

  it('refuses a call from an iframe, as Electron refuses any frame but the main one', async () => {
    await app.page.evaluate(() => {
      const { document } = globalThis as unknown as PageWindow;
      const frame = document.createElement('iframe');
      frame.name = 'intruder';
      frame.srcdoc = '<p>an embedded page</p>';
      document.body.append(frame);
    });
    const frame = await expect.poll(() => app.page.frame({ name: 'intruder' })).toBeTruthy().then(() => app.page.frame({ name: 'intruder' })!);
    await frame.waitForLoadState();
    const answer = await frame.evaluate(() => {
      const bench = (globalThis as unknown as Partial<PageWindow>).bench as { call: (name: string, request: unknown) => Promise<unknown> } | undefined;
      if (!bench) return 'no bench in the frame';
      return bench.call('app.info', {}).then(
        () => 'accepted',
        (error: unknown) => error,
      );
    });
    expect(answer).toMatchObject({ code: 'refused' });
    expect(app.log.some((entry) => /refused/.test(entry.message))).toBe(true);
    await app.page.evaluate(() => (globalThis as unknown as PageWindow).document.querySelector('iframe[name="intruder"]')?.remove());
  });

  it('does not let the app be framed, even by a page of its own (frame-ancestors)', async () => {
    const before = app.server.requests.filter((entry) => entry.path === '/').length;
    await app.page.evaluate((url) => {
      const { document } = globalThis as unknown as PageWindow;
      const frame = document.createElement('iframe');
      frame.name = 'framed-app';
      frame.src = url;
      document.body.append(frame);
    }, app.url);
    const frame = await expect.poll(() => app.page.frame({ name: 'framed-app' })).toBeTruthy().then(() => app.page.frame({ name: 'framed-app' })!);
    await frame.waitForLoadState().catch(() => undefined);
    // The browser did fetch it: it is the policy, not the network, that keeps it out.
    await expect.poll(() => app.server.requests.filter((entry) => entry.path === '/').length).toBe(before + 1);
    const rendered = await frame.evaluate(() => (globalThis as unknown as PageWindow).document.getElementById('root')?.childElementCount ?? -1).catch(() => -1);
    expect(rendered).toBeLessThanOrEqual(0);
    await app.page.evaluate(() => (globalThis as unknown as PageWindow).document.querySelector('iframe[name="framed-app"]')?.remove());
  });

  it('does not run a script injected into the page (CSP: no inline script, no inline handler)', async () => {
    const result = await app.page.evaluate(async () => {
      const w = globalThis as unknown as PageWindow;
      const { document } = w;
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__handlerRan = true" onload="window.__handlerRan = true">';
      document.body.append(holder);
      await new Promise((resolve) => setTimeout(resolve, 300));
      script.remove();
      holder.remove();
      return { inline: w.__inlineRan ?? false, handler: w.__handlerRan ?? false, violations };
    });
    expect(result.inline).toBe(false);
    expect(result.handler).toBe(false);
    expect(result.violations.some((directive) => directive.startsWith('script-src'))).toBe(true);
  });

  it('a page loaded during a run catches up: what it missed comes back through bench.state', async () => {
    const { handlers } = app.service;
    await handlers['job.open']({ folder: EXAMPLE_JOB });
    const sentBefore = app.batches.length;
    await handlers['bench.start']({ mode: 'once', source: { kind: 'simulate', count: 2 }, passphrase: CA_PASSPHRASE });
    await app.page.reload();
    const slots = app.page.getByRole('list', { name: 'Slots' }).getByRole('listitem');
    await expect.poll(() => slots.count(), UI).toBe(2);
    for (let index = 0; index < 2; index++) await says(slots.nth(index).getByTestId('status'), 'Passed');
    await says(fact(app.page.locator('[aria-label="Counters, all slots"]'), 'Pass'), '2');
    // The engine did send while the page was loading.
    expect(app.batches.length).toBeGreaterThan(sentBefore);
  });

  it('sends the engine’s event batches to the subscribers, in order', async () => {
    await app.page.evaluate(() => {
      const w = globalThis as unknown as PageWindow & { __seen: AppEvent[][] };
      w.__seen = [];
      w.bench.subscribe((events) => void w.__seen.push(events));
    });
    await app.page.evaluate((folder) => (globalThis as unknown as PageWindow).bench.call('job.open', { folder }), EXAMPLE_JOB);
    const empty = mkdtempSync(join(tmpdir(), 'fb-e2e-empty-job-'));
    const broken = await app.page.evaluate((folder) => (globalThis as unknown as PageWindow).bench.call('job.open', { folder }), empty);
    expect(broken.problems.length).toBeGreaterThan(0);
    await expect.poll(() => app.page.evaluate(() => (globalThis as unknown as { __seen: AppEvent[][] }).__seen.flat().filter((event) => event.type === 'job').length), { timeout: 10_000 }).toBe(2);
    await app.delivered();
    const seen = await app.page.evaluate(() => (globalThis as unknown as { __seen: AppEvent[][] }).__seen);
    // What the page got is the tail of what was sent, batch for batch.
    expect(seen).toEqual(app.batches.slice(app.batches.length - seen.length));
    // A batch pushed by the test goes the same way, after them.
    await app.push([{ type: 'ledger', devices: 12_345 }]);
    expect((await app.page.evaluate(() => (globalThis as unknown as { __seen: AppEvent[][] }).__seen)).at(-1)).toEqual([{ type: 'ledger', devices: 12_345 }]);
    const jobs = seen.flat().filter((event) => event.type === 'job');
    expect(jobs.map((event) => event.type === 'job' && event.job.folder)).toEqual([EXAMPLE_JOB, empty]);
    rmSync(empty, { recursive: true, force: true });
  });
});

describe.skipIf(CHROMIUM_SKIP)('the line running continuously', () => {
  let app: OpenApp;
  afterAll(async () => {
    await app?.close();
    await closeChromium();
  });

  it('provisions each board plugged into a slot, counts them, and stops on Stop all with every board in the ledger', async () => {
    app = await openAppInChromium();
    const { page } = app;
    await page.evaluate((folder) => (globalThis as unknown as PageWindow).bench.call('job.open', { folder }), EXAMPLE_JOB);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Bench', exact: true }).click();
    await page.getByLabel('Continuous').check();
    await page.getByLabel('Boards from').selectOption('simulate');
    await page.getByLabel('How many').fill('2');
    await page.getByLabel('CA passphrase').fill(CA_PASSPHRASE);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await visible(page.getByText('Running continuously — job widget.'));

    // Two slots appear as their boards are plugged in; the simulated operator swaps each finished board for a fresh one.
    const slots = page.getByRole('list', { name: 'Slots' }).getByRole('listitem');
    await expect.poll(() => slots.count(), UI).toBe(2);
    const pass = fact(page.locator('[aria-label="Counters, all slots"]'), 'Pass');
    await expect.poll(async () => Number(await text(pass)), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    await page.getByRole('button', { name: 'Stop all' }).click();
    await visible(page.getByText(/^Last run ended after/));
    const passed = Number(await text(pass));
    await says(fact(page.locator('[aria-label="Counters, all slots"]'), 'Fail'), '0');

    // Every board that passed is in the ledger, provisioned, each with its own serial.
    const rows = await page.evaluate(() => (globalThis as unknown as PageWindow).bench.call('ledger.rows', { filter: { status: 'provisioned' }, offset: 0, limit: 100 }));
    expect(rows.total).toBe(passed);
    expect(new Set(rows.rows.map((row) => row.serial)).size).toBe(passed);
    expect(app.errors).toEqual([]);
  });
});
