import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeBridgeGlobals } from './fixtures/fake-bridge';
import { CHROMIUM_SKIP, closeChromium, mountInChromium, type MountedPage } from './mount-in-chromium';

const ENTRY = 'test/renderer/fixtures/ledger-view.tsx';

afterAll(closeChromium);

/** What the fixture (fixtures/ledger-view.tsx and fake-bridge.ts) puts on window. */
type FakeWindow = Pick<FakeBridgeGlobals, '__calls' | '__answer' | '__push'> & { __served: number; __labelFor: number[]; __focus(serial: string): void };

const served = (page: Page) => page.evaluate(() => (window as unknown as FakeWindow).__served);

async function mount(): Promise<MountedPage> {
  const mounted = await mountInChromium(ENTRY, { viewport: { width: 1400, height: 900 } });
  await mounted.page.getByRole('gridcell', { name: 'FB-1000000', exact: true }).waitFor();
  return mounted;
}

describe.skipIf(CHROMIUM_SKIP !== undefined)('the Ledger view (Chromium)', () => {
  it('shows the newest devices first, and how many there are', async () => {
    const { page, errors, close } = await mount();
    try {
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1,000,000 devices');
      const grid = page.getByRole('grid', { name: 'Devices' });
      expect(await grid.getAttribute('aria-rowcount')).toBe('1000001');
      const first = page.locator('[role="row"][aria-rowindex="2"]');
      expect(await first.locator('[role="gridcell"]').allTextContents()).toEqual(expect.arrayContaining(['FB-1000000', '24:0a:c4:0f:42:40', 'ESP32-S3', 'line-b']));
      await page.getByRole('gridcell', { name: 'FB-0999999', exact: true }).waitFor();
      // Only the rows in view (and a few more) are in the page.
      expect(await page.getByRole('row').count()).toBeLessThan(60);
      expect(await served(page)).toBeLessThanOrEqual(200);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('scrolling from the first device to the millionth fetches a few pages, and memory stays flat', async () => {
    const { page, errors, close } = await mount();
    try {
      const grid = page.getByRole('grid', { name: 'Devices' });
      // A few wheel turns, slowly: the rows come as the view goes.
      await grid.hover();
      for (let turn = 0; turn < 5; turn++) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(150);
      }
      await expect.poll(() => page.locator('[role="row"][aria-busy="true"]').count()).toBe(0);
      // Then the scroll bar dragged to the bottom in 2 s: 120 frames, 8,300 rows apart.
      await grid.evaluate(async (element) => {
        const frames = 120;
        const bottom = element.scrollHeight - element.clientHeight;
        for (let frame = 1; frame <= frames; frame++) {
          element.scrollTop = (bottom * frame) / frames;
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      });
      await page.getByRole('gridcell', { name: 'FB-0000001', exact: true }).waitFor();
      await expect.poll(() => page.locator('[role="row"][aria-busy="true"]').count()).toBe(0);
      const rowsServed = await served(page);
      expect(rowsServed).toBeLessThan(3000);
      expect(await page.getByRole('row').count()).toBeLessThan(60);

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
      expect(metric('JSHeapUsedSize')).toBeLessThan(200 * 1024 * 1024);
      expect(metric('Nodes')).toBeLessThan(5000);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('End selects the last device; the arrows and Home move the selection; Enter opens it', async () => {
    const { page, errors, close } = await mount();
    try {
      const grid = page.getByRole('grid', { name: 'Devices' });
      await page.getByRole('gridcell', { name: 'FB-0999998', exact: true }).click();
      const selected = page.locator('[role="row"][aria-selected="true"]');
      expect(await selected.getAttribute('aria-rowindex')).toBe('4');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => selected.getAttribute('aria-rowindex')).toBe('5');
      await page.keyboard.press('End');
      await expect.poll(() => selected.getAttribute('aria-rowindex')).toBe('1000001');
      await expect.poll(() => selected.locator('[role="gridcell"]').first().textContent()).toBe('FB-0000001');
      expect(await grid.getAttribute('aria-activedescendant')).toBe('ledger-row-999999');
      expect(await served(page)).toBeLessThan(1000);
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => selected.locator('[role="gridcell"]').first().textContent()).toBe('FB-0000002');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Device FB-0000002' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('heading', { name: 'Device FB-0000002' }).waitFor({ state: 'detached' });
      await page.keyboard.press('Home');
      await expect.poll(() => selected.locator('[role="gridcell"]').first().textContent()).toBe('FB-1000000');
      await page.keyboard.press('PageDown');
      await expect.poll(async () => Number(await selected.getAttribute('aria-rowindex'))).toBeGreaterThan(20);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a search opens the device with its whole history', async () => {
    const { page, errors, close } = await mount();
    try {
      await page.getByLabel('Find a device').fill('FB-0123456');
      await page.getByLabel('Find a device').press('Enter');
      const panel = page.getByRole('complementary', { name: 'Device FB-0123456' });
      await panel.waitFor();
      const history = panel.getByRole('region', { name: 'History' });
      for (const kind of ['allocated', 'flashed', 'provisioned', 'label-printed']) await history.getByRole('cell', { name: kind, exact: true }).waitFor();
      await history.getByText('images: 3, bytes: 1572864').waitFor();
      await panel.getByRole('region', { name: 'Certificates' }).getByText('CN=FB-0123456').waitFor();
      await panel.getByRole('region', { name: 'Label prints' }).getByText('Line 1 Zebra').waitFor();
      // By MAC, in another spelling.
      await page.getByLabel('Find a device').fill('240AC4-01-E2-40');
      await page.getByLabel('Find a device').press('Enter');
      await page.getByRole('complementary', { name: 'Device FB-0123456' }).waitFor();
      await page.getByLabel('Find a device').fill('FB-9999999x');
      await page.getByLabel('Find a device').press('Enter');
      await page.getByRole('alert').getByText('No device has the serial or MAC “FB-9999999x”.').waitFor();
      // The "Label…" button hands the device to the Labels view.
      await panel.getByRole('button', { name: 'Label…' }).click();
      expect(await page.evaluate(() => (window as unknown as FakeWindow).__labelFor)).toEqual([123456]);
      // A barcode scanner's serial.
      await page.evaluate(() => (window as unknown as FakeWindow).__focus('FB-0000042'));
      await page.getByRole('complementary', { name: 'Device FB-0000042' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a filter lists from the top again and shows its count', async () => {
    const { page, errors, close } = await mount();
    try {
      const grid = page.getByRole('grid', { name: 'Devices' });
      await grid.evaluate((element) => {
        element.scrollTop = 28 * 50_000;
      });
      await page.getByRole('gridcell', { name: 'FB-0950000', exact: true }).waitFor();
      await page.getByLabel('Status').selectOption('voided');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('100,000 devices match the filter');
      expect(await grid.getAttribute('aria-rowcount')).toBe('100001');
      expect(await grid.evaluate((element) => element.scrollTop)).toBe(0);
      await page.getByRole('gridcell', { name: 'FB-0999990', exact: true }).waitFor();
      const requests = await page.evaluate(() => (window as unknown as FakeWindow).__calls.filter((entry) => entry.name === 'ledger.rows').map((entry) => entry.request));
      expect(requests.at(-1)).toMatchObject({ filter: { status: 'voided' }, offset: 0 });

      await page.getByLabel('Job').selectOption('line-a');
      await page.getByLabel('Status').selectOption('');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('500,000 devices match the filter');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1,000,000 devices');

      // Export with the filter; main answers with the file.
      await page.getByRole('button', { name: 'Export CSV…' }).click();
      await page.getByText('1,000,000 devices written to /home/ana/ledger-2026.csv').waitFor();
      await page.evaluate(() => (window as unknown as FakeWindow).__answer('ledger.export', null));
      await page.getByRole('button', { name: 'Export JSON…' }).click();
      await page.getByText('Export cancelled.').waitFor();
      await page.evaluate(() => (window as unknown as FakeWindow).__answer('ledger.export', { __error: { code: 'failed', message: 'ledger.export: EACCES: permission denied, open /root/x.csv' } }));
      await page.getByRole('button', { name: 'Export CSV…' }).click();
      await page.getByRole('alert').getByText('Export failed: ledger.export: EACCES: permission denied, open /root/x.csv').waitFor();
      expect(errors.filter((error) => !error.includes('EACCES'))).toEqual([]);
    } finally {
      await close();
    }
  });

  it('new devices in the ledger are offered as a refresh, without moving the list', async () => {
    const { page, errors, close } = await mount();
    try {
      const grid = page.getByRole('grid', { name: 'Devices' });
      await grid.evaluate((element) => {
        element.scrollTop = 28 * 1000;
      });
      await page.getByRole('gridcell', { name: 'FB-0999000', exact: true }).waitFor();
      await page.evaluate(() => {
        const fake = window as unknown as FakeWindow;
        // The recount asks ledger.rows how many match now.
        fake.__answer('ledger.rows', { rows: [], total: 1_000_003 });
        fake.__push([{ type: 'ledger', devices: 1_000_003 }]);
      });
      await page.getByRole('button', { name: '3 new devices — refresh' }).waitFor();
      expect(await grid.evaluate((element) => element.scrollTop)).toBe(28 * 1000);
      await page.getByRole('gridcell', { name: 'FB-0999000', exact: true }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
