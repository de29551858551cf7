import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeBridgeGlobals } from './fixtures/fake-bridge';
import { CHROMIUM_SKIP, closeChromium, mountInChromium } from './mount-in-chromium';

const ENTRY = 'test/renderer/fixtures/job-view.tsx';
type FakeWindow = Pick<FakeBridgeGlobals, '__calls' | '__answer'>;

if (CHROMIUM_SKIP) console.warn(`skipped: ${CHROMIUM_SKIP}`);
afterAll(closeChromium);

const calls = (page: Page, name: string) => page.evaluate((wanted) => (window as unknown as FakeWindow).__calls.filter((call) => call.name === wanted).map((call) => call.request), name);
const problems = (page: Page) =>
  page
    .getByRole('listitem')
    .filter({ has: page.locator('.problem-where') })
    .evaluateAll((items) => items.map((item) => [...item.querySelectorAll('p')].map((p) => p.textContent)));

describe.skipIf(CHROMIUM_SKIP !== undefined)('the Job view (Chromium)', () => {
  it('lists every problem of a job with file:line:column, message and hint', async () => {
    const { page, errors, close } = await mountInChromium(ENTRY, { init: { job: 'broken' } });
    try {
      await page.getByRole('heading', { name: '3 problems: the bench cannot start this job' }).waitFor();
      expect(await problems(page)).toEqual([
        ['job.json:4:15', 'the chip "esp32c9" is not one the bench knows', 'Hint: use one of esp32, esp32s2, esp32s3, esp32c3, esp32c6, esp32h2'],
        ['build/flasher_args.json:12:5', 'widget.bin is listed at 0x10000 but the file is missing', 'Hint: run idf.py build, or copy the build folder into the job'],
        ['fctry.csv:7:1', 'the key "wifi_password_too_long_for_nvs" is longer than 15 characters', 'Hint: NVS keys have at most 15 characters: shorten it'],
      ]);
      expect(await page.getByText('No factory partition.').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows what a ready job will do: images with hex offsets, the fctry partition, serials, notices', async () => {
    const { page, errors, close } = await mountInChromium(ENTRY, { init: { job: 'ready' } });
    try {
      await page.getByRole('heading', { name: 'Job: widget-rev-c' }).waitFor();
      expect(await page.getByText('The job is ready: the bench can start it.').count()).toBe(1);
      const rows = await page.getByRole('table').getByRole('row').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
      expect(rows).toEqual([
        ['File', 'Offset', 'Size'],
        ['bootloader/bootloader.bin', '0x00000', '20.6 KiB (21,104 bytes)'],
        ['partition_table/partition-table.bin', '0x08000', '3.0 KiB (3,072 bytes)'],
        ['widget.bin', '0x10000', '1.4 MiB (1,468,006 bytes)'],
      ]);
      const facts = await page.locator('.job-fact').evaluateAll((divs) => Object.fromEntries(divs.map((div) => [div.children[0]!.textContent, div.children[1]!.textContent])));
      expect(facts).toMatchObject({ Product: 'ACME Widget rev C', Chip: 'esp32c3', Serials: 'WDG-{yy}{ww}-{seq:5} from 1', Partition: 'fctry', Offset: '0x3f0000', Encrypted: 'no', 'CA passphrase': 'not needed' });
      expect(await page.getByRole('listitem').filter({ hasText: 'The fctry partition is not encrypted' }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('opens a typed folder and a chosen one, and shows a refusal in plain words', async () => {
    const { page, errors, close } = await mountInChromium(ENTRY, { init: { job: 'none' } });
    try {
      await page.getByText('No job is open.').waitFor();
      await page.getByLabel('Job folder path').fill('/home/line/jobs/broken');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('heading', { name: '3 problems: the bench cannot start this job' }).waitFor();
      expect(await calls(page, 'job.open')).toEqual([{ folder: '/home/line/jobs/broken' }]);

      await page.getByRole('button', { name: 'Open job folder…' }).click();
      await page.getByText('The job is ready: the bench can start it.').waitFor();
      expect(await calls(page, 'job.choose')).toEqual([{}]);

      await page.evaluate(() => (window as unknown as FakeWindow).__answer('job.open', { __error: { code: 'locked', message: 'operator mode: an engineer must unlock to open another job' } }));
      await page.getByLabel('Job folder path').fill('/elsewhere');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('The job did not open: operator mode: an engineer must unlock to open another job');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('keeps the job in operator mode', async () => {
    const { page, errors, close } = await mountInChromium(ENTRY, { init: { job: 'ready', locked: true } });
    try {
      expect(await page.getByRole('button', { name: 'Open job folder…' }).isDisabled()).toBe(true);
      expect(await page.getByLabel('Job folder path').isDisabled()).toBe(true);
      expect(await page.getByText('Operator mode: unlock to open another job.').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
