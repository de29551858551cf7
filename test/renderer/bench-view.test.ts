import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AppEvent } from '../../src/shared/api';
import type { FakeBridgeGlobals } from './fixtures/fake-bridge';
import { brokenJob, ENGINEER_PASSPHRASE, runStarted, SLOTS } from './fixtures/bench-data';
import { CHROMIUM_SKIP, closeChromium, mountInChromium, type MountedPage, type MountOptions } from './mount-in-chromium';

const ENTRY = 'test/renderer/fixtures/app.tsx';
type FakeWindow = Pick<FakeBridgeGlobals, '__calls' | '__push' | '__answer'>;

if (CHROMIUM_SKIP) console.warn(`skipped: ${CHROMIUM_SKIP}`);
afterAll(closeChromium);

async function mount(options: MountOptions = {}): Promise<MountedPage> {
  const mounted = await mountInChromium(ENTRY, { viewport: { width: 1400, height: 1000 }, ...options });
  await mounted.page.getByRole('heading', { name: 'Bench', exact: true }).waitFor();
  // The app has asked for the job and the lock.
  await expect.poll(() => mounted.page.getByTestId('job-name').textContent()).not.toBe('…');
  return mounted;
}

const push = (page: Page, events: AppEvent[]) => page.evaluate((batch) => (window as unknown as FakeWindow).__push(batch), events);
const calls = (page: Page, name: string) => page.evaluate((wanted) => (window as unknown as FakeWindow).__calls.filter((call) => call.name === wanted).map((call) => call.request), name);
const panel = (page: Page, slot: string) => page.getByRole('article', { name: slot, exact: true });
const slot = (i: number) => SLOTS[i]!;

describe.skipIf(CHROMIUM_SKIP !== undefined)('the Bench view (Chromium)', () => {
  it('shows a panel per slot when a run starts, and moves a slot’s bar with its progress', async () => {
    const { page, errors, close } = await mount();
    try {
      await push(page, [runStarted]);
      await expect.poll(() => page.getByRole('article').count()).toBe(4);
      for (const { slot: name, port } of SLOTS) {
        await expect.poll(() => panel(page, name).textContent()).toContain(port);
        expect(await panel(page, name).getByTestId('status').textContent()).toBe('Waiting for board');
      }
      expect(await page.getByText('Running once — job widget-rev-c.').count()).toBe(1);

      const s = slot(2);
      await push(page, [
        { type: 'step', ...s, step: 'connecting', attempt: 1, at: Date.now() },
        { type: 'step', ...s, step: 'identifying', attempt: 1, at: Date.now(), chip: 'esp32c3', mac: '24:0a:c4:12:34:56' },
        { type: 'step', ...s, step: 'flashing', attempt: 1, at: Date.now(), serial: 'WDG-2611-00042' },
        { type: 'progress', ...s, done: 250_000, total: 1_000_000, phase: 'write' },
      ]);
      const bar = panel(page, s.slot).getByRole('progressbar');
      await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('25');
      expect(await bar.getAttribute('aria-valuetext')).toBe('writing 25 %');
      const text = await panel(page, s.slot).textContent();
      expect(text).toContain('Flashing');
      expect(text).toContain('esp32c3');
      expect(text).toContain('24:0a:c4:12:34:56');
      expect(text).toContain('WDG-2611-00042');
      expect(await panel(page, s.slot).getByTestId('status').textContent()).toBe('Working');

      await push(page, [{ type: 'progress', ...s, done: 900_000, total: 1_000_000, phase: 'verify' }]);
      await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('90');
      expect(await bar.getAttribute('aria-valuetext')).toBe('verifying 90 %');
      // The other slots did not move.
      expect(await panel(page, slot(0).slot).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
      // The elapsed time ticks.
      await expect.poll(() => panel(page, s.slot).textContent(), { timeout: 4000 }).toMatch(/Elapsed [1-9] s/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a failed board’s message and hint in its panel, “will retry” while it will, and the counters', async () => {
    const { page, errors, close } = await mount();
    try {
      await push(page, [runStarted]);
      const bad = slot(1);
      const failure = { type: 'board-failed', ...bad, step: 'flashing', code: 'flash-write', message: 'the board stopped answering at 0x10000', hint: 'check the USB cable and the board’s power', attempt: 1 } as const;
      await push(page, [{ type: 'step', ...bad, step: 'flashing', attempt: 1, at: Date.now() }, { ...failure, willRetry: true }]);
      const error = panel(page, bad.slot).getByTestId('error');
      await expect.poll(() => error.textContent()).toContain('the board stopped answering at 0x10000');
      expect(await error.textContent()).toContain('check the USB cable and the board’s power');
      expect(await error.textContent()).toContain('Will retry');
      expect(await panel(page, bad.slot).getByTestId('status').textContent()).toBe('Trying again');

      await push(page, [
        { type: 'step', ...bad, step: 'connecting', attempt: 2, at: Date.now() },
        { ...failure, attempt: 2, willRetry: false },
        { type: 'step', ...slot(0), step: 'connecting', attempt: 1, at: Date.now() },
        { type: 'board-done', ...slot(0), mac: '24:0a:c4:00:00:01', serial: 'WDG-1', ms: 4000, attempts: 1, reused: false },
        { type: 'step', ...slot(3), step: 'connecting', attempt: 1, at: Date.now() },
        { type: 'board-done', ...slot(3), mac: '24:0a:c4:00:00:04', serial: 'WDG-4', ms: 4100, attempts: 1, reused: false },
      ]);
      await expect.poll(() => panel(page, bad.slot).getByTestId('status').textContent()).toBe('Failed');
      expect(await error.textContent()).not.toContain('Will retry');
      expect(await error.textContent()).toContain('Failed while flashing: the board stopped answering at 0x10000');
      expect(await panel(page, slot(0).slot).getByTestId('status').textContent()).toBe('Passed');

      const totals = page.getByRole('definition');
      expect(await page.getByLabel('Counters, all slots').textContent()).toBe('Pass2Fail1Stopped0Yield66.7 %');
      expect(await totals.count()).toBeGreaterThan(0);
      expect(await page.getByLabel(`Counters, ${bad.slot}`).textContent()).toContain('fail 1');
      expect(await page.getByLabel(`Counters, ${slot(0).slot}`).textContent()).toContain('pass 1');

      // In continuous mode the engine's counters are the truth.
      await push(page, [
        {
          type: 'counters',
          slot: slot(0).slot,
          slots: SLOTS.map(({ slot: name }) => ({ slot: name, pass: 10, fail: 0, stopped: 0, yield: 1 })),
          total: { pass: 40, fail: 0, stopped: 0, yield: 1 },
        },
      ]);
      await expect.poll(() => page.getByLabel('Counters, all slots').textContent()).toBe('Pass40Fail0Stopped0Yield100.0 %');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('starts a run with the settings, and stops it', async () => {
    const { page, errors, close } = await mount();
    try {
      await page.getByLabel('How many').fill('3');
      await page.getByLabel('Retries').fill('2');
      await page.getByLabel('Continuous').check();
      await page.getByLabel('Label printer (optional)').fill('zebra-line-1');
      await page.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => page.getByRole('article').count()).toBe(3);
      expect(await calls(page, 'bench.start')).toEqual([{ mode: 'continuous', source: { kind: 'simulate', count: 3 }, retries: 2, printer: 'zebra-line-1' }]);
      expect(await page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
      // Settings are fixed while it runs.
      expect(await page.getByLabel('Retries').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Stop all' }).click();
      await expect.poll(() => calls(page, 'bench.stop')).toHaveLength(1);
      await page.getByText('Stopping: each board stops at its next step').waitFor();
      await push(page, [{ type: 'summary', pass: 0, fail: 0, stopped: 0, yield: 1, ms: 12_000 }, { type: 'run', state: 'ended' }]);
      await expect.poll(() => page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
      expect(await page.getByText('Last run ended after 12 s.').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a refused start in plain words', async () => {
    const { page, errors, close } = await mount({ init: { answers: { 'bench.start': { __error: { code: 'refused', message: 'no serial port answers: plug the boards in' } } } } });
    try {
      await page.getByRole('button', { name: 'Start' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe('The bench did not start: no serial port answers: plug the boards in');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('in operator mode, locks the settings but not Start and Stop; unlocking asks for the passphrase', async () => {
    const { page, errors, close } = await mount();
    try {
      await page.getByRole('button', { name: 'Lock for operator' }).click();
      const unlockButton = page.getByRole('button', { name: 'Operator mode — unlock…' });
      await unlockButton.waitFor();
      for (const label of ['Once', 'Continuous', 'Boards from', 'How many', 'Retries', 'Label printer (optional)']) expect(await page.getByLabel(label, { exact: true }).isDisabled(), label).toBe(true);
      expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
      expect(await page.getByText('Settings (locked in operator mode)').count()).toBe(1);

      await unlockButton.click();
      const dialog = page.getByRole('dialog', { name: 'Unlock the settings' });
      await dialog.waitFor();
      const passphrase = dialog.getByLabel('Passphrase');
      expect(await passphrase.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await passphrase.getAttribute('type')).toBe('password');
      // Tab stays in the dialog.
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
      // Escape cancels: still locked.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByLabel('Retries').isDisabled()).toBe(true);

      await unlockButton.click();
      await dialog.getByLabel('Passphrase').fill('not it at all');
      await dialog.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('that is not the engineer’s passphrase');
      await dialog.getByLabel('Passphrase').fill(ENGINEER_PASSPHRASE);
      await dialog.getByRole('button', { name: 'Unlock' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Lock for operator' }).waitFor();
      expect(await page.getByLabel('Retries').isDisabled()).toBe(false);
      expect(await calls(page, 'operator.unlock')).toEqual([{ passphrase: 'not it at all' }, { passphrase: ENGINEER_PASSPHRASE }]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("asks for the engineer's passphrase twice the first time it locks", async () => {
    const { page, errors, close } = await mount({ init: { operator: { passphraseSet: false } } });
    try {
      await page.getByRole('button', { name: 'Lock for operator' }).click();
      const dialog = page.getByRole('dialog', { name: "Set the engineer's passphrase" });
      await dialog.waitFor();
      await dialog.getByLabel('Passphrase', { exact: true }).fill('short');
      await dialog.getByLabel('Passphrase again').fill('short');
      await dialog.getByRole('button', { name: 'Set and lock' }).click();
      expect(await dialog.getByRole('alert').textContent()).toBe('The passphrase needs at least 8 characters.');
      await dialog.getByLabel('Passphrase', { exact: true }).fill('long enough');
      await dialog.getByLabel('Passphrase again').fill('long enougH');
      await dialog.getByRole('button', { name: 'Set and lock' }).click();
      expect(await dialog.getByRole('alert').textContent()).toBe('The two passphrases differ: type the same one twice.');
      await dialog.getByLabel('Passphrase again').fill('long enough');
      await dialog.getByRole('button', { name: 'Set and lock' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Operator mode — unlock…' }).waitFor();
      expect(await calls(page, 'operator.lock')).toEqual([{ passphrase: 'long enough' }]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('keeps Start off while the job has problems, and says why', async () => {
    const { page, errors, close } = await mount({ init: { answers: { 'job.current': brokenJob } } });
    try {
      const start = page.getByRole('button', { name: 'Start' });
      expect(await start.isDisabled()).toBe(true);
      const why = await start.getAttribute('aria-describedby');
      expect(await page.locator(`#${why}`).textContent()).toContain('The job has 3 problems');
      await page.getByRole('button', { name: 'Show the problems' }).click();
      await page.getByRole('heading', { name: '3 problems: the bench cannot start this job' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('asks for the CA passphrase when the job issues certificates', async () => {
    const { page, errors, close } = await mount({ init: { answers: { 'job.current': { ...brokenJob, problems: [], needsPassphrase: true } } } });
    try {
      await page.getByRole('button', { name: 'Start' }).click();
      expect(await page.getByRole('alert').textContent()).toBe("This job issues certificates: type the CA's passphrase.");
      await page.getByLabel('CA passphrase').fill('ca secret');
      await page.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => calls(page, 'bench.start')).toEqual([{ mode: 'once', source: { kind: 'simulate', count: 4 }, retries: 1, passphrase: 'ca secret' }]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  // How fast is a benchmark (npm run bench -- app); this test checks what the load does to the panels.
  it('under 15 busy ports sending 20 progress events a second each, every bar ends where its port is, and the quiet port\'s panel is not redrawn', async () => {
    const { page, errors, close } = await mount();
    try {
      const slots = Array.from({ length: 16 }, (_, i) => ({ slot: `usb 3-${i + 1}`, port: `/dev/ttyUSB${i}` }));
      await push(page, [{ type: 'run', state: 'started', mode: 'once', job: 'widget-rev-c', slots }, ...slots.map((s) => ({ type: 'step', ...s, step: 'flashing', attempt: 1, at: Date.now() }) as const)]);
      await expect.poll(() => page.getByRole('article').count()).toBe(16);
      const busy = slots.slice(0, 15);
      // 2 s: a batch every 50 ms (as main sends them) with one progress event per busy port; the quiet panel is watched for any change.
      const quietChanges = await page.evaluate(async (ports) => {
        const bench = window as unknown as FakeWindow;
        const quiet = document.querySelector('article[data-slot="usb 3-16"]')!;
        let changes = 0;
        // Its clock ticks once a second (its board is working); anything else would be a redraw the busy ports caused.
        const elapsed = quiet.querySelector('.slot-elapsed')!;
        const observer = new MutationObserver((records) => (changes += records.filter((record) => !elapsed.contains(record.target)).length));
        observer.observe(quiet, { subtree: true, childList: true, attributes: true, characterData: true });
        for (let batch = 1; batch <= 40; batch++) {
          bench.__push(ports.map((s) => ({ type: 'progress', ...s, done: batch * 25_000, total: 1_000_000, phase: 'write' })));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
        observer.disconnect();
        return changes;
      }, busy);
      for (const s of busy) await expect.poll(() => page.getByRole('article', { name: s.slot, exact: true }).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      expect(await page.getByRole('article', { name: 'usb 3-16', exact: true }).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
      expect(quietChanges).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
