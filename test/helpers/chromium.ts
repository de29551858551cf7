import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, the browser every browser test and benchmark drives. */
export const CHROMIUM = '/usr/bin/chromium';

const missing = (): string => `Chromium is not installed at ${CHROMIUM}: install it (apt-get install chromium)`;

/**
 * Why the browser tests are skipped here, or undefined when they run. Under CI
 * (.ci/run installs Chromium) they always run, so a missing browser fails them
 * with the reason instead of skipping them quietly.
 */
export const CHROMIUM_SKIP: string | undefined = existsSync(CHROMIUM) || process.env.CI ? undefined : missing();

let browser: Promise<Browser> | undefined;
let extraArgs: readonly string[] = [];

/**
 * Chromium switches for the browser launched next (a benchmark's, such as
 * --disable-frame-rate-limit); close the open one first with closeChromium().
 */
export function useChromiumArgs(args: readonly string[]): void {
  if (browser) throw new Error('Chromium is already running: closeChromium() first');
  extraArgs = [...args];
}

/** The process's one Chromium, launched on first use; closeChromium() in afterAll. */
export function sharedChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) return Promise.reject(new Error(missing()));
  browser ??= chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', ...extraArgs] });
  browser.catch(() => (browser = undefined));
  return browser;
}

export async function closeChromium(): Promise<void> {
  const open = browser;
  browser = undefined;
  if (open) await (await open.catch(() => undefined))?.close();
}
