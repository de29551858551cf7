import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeBridgeGlobals } from './fixtures/fake-bridge';
import { CHROMIUM_SKIP, closeChromium, mountInChromium, type MountedPage } from './mount-in-chromium';

const ENTRY = 'test/renderer/fixtures/labels-view.tsx';

afterAll(closeChromium);

/** What the fixture (fixtures/labels-view.tsx and fake-bridge.ts) puts on window. */
type FakeWindow = Pick<FakeBridgeGlobals, '__calls' | '__answer'> & { __show(allocationId: number | undefined): void };

const printRequests = (page: Page) => page.evaluate(() => (window as unknown as FakeWindow).__calls.filter((entry) => entry.name === 'labels.print').map((entry) => entry.request));

async function mount(init?: unknown): Promise<MountedPage> {
  const mounted = await mountInChromium(ENTRY, { viewport: { width: 1100, height: 800 }, ...(init ? { init } : {}) });
  await mounted.page.getByRole('img', { name: 'Label of FB-0000042' }).waitFor();
  return mounted;
}

describe.skipIf(CHROMIUM_SKIP !== undefined)('the Labels view (Chromium)', () => {
  it("shows the device's label as an image, with its template, size, serial and MAC, and the printers", async () => {
    const { page, errors, close } = await mount();
    try {
      const image = page.getByRole('img', { name: 'Label of FB-0000042' });
      expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
      // Chromium drew it under the app's policy (img-src data:).
      await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      // The SVG is not in the page's markup.
      expect(await page.locator('#root svg').count()).toBe(0);
      for (const text of ['small-50x25', '50 × 25 mm', 'FB-0000042', '24:0a:c4:00:00:2a', '/etc/factory-bench/printers.json']) await page.getByText(text, { exact: true }).waitFor();
      expect(await page.getByLabel('Printer').locator('option').allTextContents()).toEqual(['Line 1 Zebra (zebra)', 'PDF folder (pdf)']);
      expect(await page.getByRole('button', { name: 'Print', exact: true }).isEnabled()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('prints and says where the label went; a second print asks for a reason and sends it', async () => {
    const { page, errors, close } = await mount();
    try {
      await page.getByRole('button', { name: 'Print', exact: true }).click();
      await page.getByRole('status').getByText('Printed the label of FB-0000042 on Line 1 Zebra: sent to 10.0.0.5:9100.').waitFor();
      expect(await printRequests(page)).toEqual([{ allocationId: 42, printer: 'Line 1 Zebra' }]);

      // Printed before: a reprint, which needs a reason before it can be sent.
      const reprint = page.getByRole('button', { name: 'Reprint', exact: true });
      await reprint.waitFor();
      await page.getByText(/^This label was printed before \(.* on Line 1 Zebra by ana@bench-3\): printing it again is a reprint\.$/).waitFor();
      expect(await reprint.isDisabled()).toBe(true);
      await page.getByLabel('Reason for the reprint (required)').fill('label smudged');
      await page.getByLabel('Printer').selectOption('PDF folder');
      await reprint.click();
      await page.getByRole('status').getByText('Reprinted the label of FB-0000042 on PDF folder: sent to /home/ana/labels/FB-0000042.pdf.').waitFor();
      expect((await printRequests(page)).at(-1)).toEqual({ allocationId: 42, printer: 'PDF folder', reason: 'label smudged' });
      expect(await page.getByLabel('Reason for the reprint (required)').inputValue()).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('when main refuses a print as a reprint without a reason, asks for one', async () => {
    const message = 'labels.print: FB-0000042 already has a printed label (2026-03-01T10:00:00.000Z on Line 1 Zebra by bo@bench-1): printing it again is a reprint, which needs a reason';
    const { page, close } = await mount({ answers: { 'labels.print': { __error: { code: 'failed', message } } } });
    try {
      await page.getByRole('button', { name: 'Print', exact: true }).click();
      await page.getByRole('alert').getByText('Say why it is printed again, then print.').waitFor();
      await page.getByLabel('Reason for the reprint (required)').fill('first one fell off');
      await page.evaluate(() => (window as unknown as FakeWindow).__answer('labels.print', { serial: 'FB-0000042', printer: 'Line 1 Zebra', reprint: true, where: '10.0.0.5:9100' }));
      await page.getByRole('button', { name: 'Reprint', exact: true }).click();
      await page.getByRole('status').getByText('Reprinted the label of FB-0000042 on Line 1 Zebra: sent to 10.0.0.5:9100.').waitFor();
      expect((await printRequests(page)).at(-1)).toEqual({ allocationId: 42, printer: 'Line 1 Zebra', reason: 'first one fell off' });
    } finally {
      await close();
    }
  });

  it('says in plain words why a printer did not print', async () => {
    const message = 'labels.print: printer "Line 1 Zebra" (10.0.0.5:9100) cannot print: paper out, head open';
    const { page, close } = await mount({ answers: { 'labels.print': { __error: { code: 'failed', message } } } });
    try {
      await page.getByRole('button', { name: 'Print', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('Not printed: printer "Line 1 Zebra" (10.0.0.5:9100) cannot print: paper out, head open').waitFor();
      await alert.getByText('Load labels into the printer, then print again.').waitFor();
      await page.evaluate(() =>
        (window as unknown as FakeWindow).__answer('labels.print', { __error: { code: 'failed', message: 'labels.print: printer "Line 1 Zebra" at 10.0.0.5:9100 is offline or unreachable: connect ECONNREFUSED 10.0.0.5:9100' } }),
      );
      await page.getByRole('button', { name: 'Print', exact: true }).click();
      await alert.getByText('The printer does not answer: check that it is on, its cable, and its address in the printers file.').waitFor();
    } finally {
      await close();
    }
  });

  it("shows the printers file's problem", async () => {
    const { page, close } = await mount({
      answers: { 'labels.printers': { file: '/etc/factory-bench/printers.json', printers: [], error: 'line 3, column 14: "port" must be a number' } },
    });
    try {
      await page.getByRole('alert').getByText('The printers file has a problem: line 3, column 14: "port" must be a number').waitFor();
      await page.getByText('/etc/factory-bench/printers.json', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Print', exact: true }).isDisabled()).toBe(true);
    } finally {
      await close();
    }
  });

  it('finds a device by the serial typed or scanned; a voided one is not printed', async () => {
    const { page, errors, close } = await mount();
    try {
      await page.evaluate(() => (window as unknown as FakeWindow).__show(undefined));
      await page.getByText('Scan or type a serial or MAC to see its label.').waitFor();
      await page.getByLabel('Serial or MAC').fill('FB-0000007');
      await page.getByLabel('Serial or MAC').press('Enter');
      await page.getByRole('img', { name: 'Label of FB-0000007' }).waitFor();
      await page.getByLabel('Serial or MAC').fill('FB-0000777');
      await page.getByLabel('Serial or MAC').press('Enter');
      await page.getByRole('alert').getByText('No device has the serial or MAC “FB-0000777”.').waitFor();
      await page.evaluate(() => (window as unknown as FakeWindow).__show(13));
      await page.getByText('FB-0000013 was voided (cracked board): its label is not printed again.').waitFor();
      expect(await page.getByRole('button', { name: 'Print', exact: true }).isDisabled()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
