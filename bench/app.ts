import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppEvent } from '../src/shared/api.js';
import type { PageWindow } from '../test/e2e/page-window.js';
import { CHROMIUM_SKIP, closeChromium, openAppInChromium, useChromiumArgs, type OpenApp } from '../test/e2e/chromium-bridge.js';
import { populatedLedger } from './fixtures/populated-ledger.js';
import { formatMiB, median, type BenchContext } from './lib.js';

const EXAMPLE_JOB = 'resources/examples/widget-job';
const PASSPHRASE = 'widget-example-passphrase';
const PORTS = 16;

/**
 * The window in Debian's Chromium, on the built renderer bridged to the real
 * engine (test/e2e/chromium-bridge.ts):
 * - paint: how soon the bench view with 16 ports is on screen after a load;
 * - frames: 16 ports sending progress 20 times a second, and how long frames take;
 * - scroll: the ledger scrolled from the first to the millionth row, and the page's memory.
 * BENCH_APP_PARTS=paint,frames,scroll selects; BENCH_LEDGER_CACHE reuses the 1 M ledger (see bench/ledger.ts).
 */
export default async function appBenchmarks(ctx: BenchContext): Promise<void> {
  if (CHROMIUM_SKIP) {
    ctx.note(`skipped: ${CHROMIUM_SKIP}`);
    return;
  }
  const parts = new Set((process.env['BENCH_APP_PARTS'] ?? 'paint,frames,scroll').split(','));
  try {
    if (parts.has('paint')) await benchView(ctx, new Set(['paint']));
    if (parts.has('frames')) {
      // Frames as fast as the page can make them, not at the display's 60 Hz: a frame's interval is then what it cost.
      await closeChromium();
      useChromiumArgs(['--disable-frame-rate-limit', '--disable-gpu-vsync']);
      await benchView(ctx, new Set(['frames']));
      await closeChromium();
      useChromiumArgs([]);
    }
    if (parts.has('scroll')) await ledgerScroll(ctx);
  } finally {
    await closeChromium();
  }
}

/** A run of 16 simulated boards, then the window loaded again and again on the bench view it leaves (16 panels). */
async function benchView(ctx: BenchContext, parts: Set<string>): Promise<void> {
  const app = await openAppInChromium({ chooseJobFolder: () => join(ctx.root, EXAMPLE_JOB) });
  try {
    await app.page.evaluate((folder) => (globalThis as unknown as PageWindow).bench.call('job.open', { folder }), join(ctx.root, EXAMPLE_JOB));
    const ended = waitForRunEnd(app);
    const started = performance.now();
    await app.page.evaluate(([count, passphrase]) => (globalThis as unknown as PageWindow).bench.call('bench.start', { mode: 'once', source: { kind: 'simulate', count }, passphrase }), [PORTS, PASSPHRASE] as const);
    await ended;
    if (parts.has('paint')) ctx.report(`a run of ${PORTS} simulated boards through the window (the real engine)`, `${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (parts.has('paint')) await firstPaint(ctx, app.page);
    if (parts.has('frames')) await progressFrames(ctx, app);
  } finally {
    await app.close();
  }
}

function waitForRunEnd(app: OpenApp): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (app.batches.flat().some((event) => event.type === 'run' && event.state === 'ended')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
}

async function firstPaint(ctx: BenchContext, page: Page): Promise<void> {
  const contentful: number[] = [];
  const panels: number[] = [];
  for (let i = 0; i < 7; i++) {
    await page.reload();
    // Polled on animation frames: the time is that of the first frame that has all 16 panels.
    await page.waitForFunction((count) => [...(globalThis as unknown as PageWindow).document.querySelectorAll('article[data-slot]')].length >= count, PORTS, { polling: 'raf' });
    const now = await page.evaluate(() => performance.now());
    // The paint entry is reported a little after the frame it times.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
    // The first load warms the browser's caches as an operator's first start would not be measured twice; keep the rest.
    if (i === 0) continue;
    contentful.push(fcp);
    panels.push(now);
  }
  ctx.report('first contentful paint after a load (median of 6)', `${median(contentful).toFixed(0)} ms`);
  ctx.report(`bench view with ${PORTS} port panels on screen after a load (median; worst)`, `${median(panels).toFixed(0)} ms; ${Math.max(...panels).toFixed(0)} ms`);
}

/** 16 ports each sending progress 20 times a second for 10 s, as the engine's batches (every 50 ms) bring them. */
async function progressFrames(ctx: BenchContext, app: OpenApp): Promise<void> {
  const { page } = app;
  const slots = Array.from({ length: PORTS }, (_, i) => ({ slot: `sim ${i + 1}`, port: `sim://esp32c3-${i + 1}` }));
  await app.push([
    { type: 'run', state: 'started', mode: 'once', job: 'widget', slots },
    ...slots.map((s, i) => ({ type: 'step' as const, ...s, step: 'flashing' as const, attempt: 1, at: Date.now(), chip: 'esp32c3', mac: `24:0a:c4:00:00:${i.toString(16).padStart(2, '0')}`, serial: `WDG-4848-${String(i + 1).padStart(5, '0')}` })),
  ]);
  await page.evaluate(() => {
    const w = globalThis as unknown as { __frames: number[]; requestAnimationFrame(callback: (now: number) => void): number };
    w.__frames = [];
    let last = performance.now();
    const tick = (now: number): void => {
      w.__frames.push(now - last);
      last = now;
      w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });
  const seconds = 10;
  const total = 1_500_000;
  const started = performance.now();
  for (let tick = 1; tick <= seconds * 20; tick++) {
    const done = Math.min(total, Math.round((tick / (seconds * 20)) * total));
    const batch: AppEvent[] = slots.map((s) => ({ type: 'progress', ...s, done, total, phase: 'write' }));
    await app.push(batch);
    const wait = started + tick * 50 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const wall = performance.now() - started;
  const frames = (await page.evaluate(() => (globalThis as unknown as { __frames: number[] }).__frames)).slice(5);
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  const late = frames.filter((ms) => ms > 16).length;
  const shown = await page.locator('article[data-slot] [role="progressbar"]').first().getAttribute('aria-valuenow');
  ctx.report(`frame times, no frame-rate limit, while ${PORTS} ports send progress 20×/s: p50; p95; p99; max`, `${at(0.5).toFixed(1)} ms; ${at(0.95).toFixed(1)} ms; ${at(0.99).toFixed(1)} ms; ${Math.max(...frames).toFixed(1)} ms`);
  ctx.report('frames over 16 ms', `${late} of ${frames.length.toLocaleString('en-US')} in ${(wall / 1000).toFixed(0)} s (${((late / frames.length) * 100).toFixed(2)} %)`);
  ctx.note(`the first panel's bar ended at ${shown ?? '?'} %`);
}

interface ProcessMemory {
  /** Resident, shared library pages included. */
  rss: number;
  /** Private to the process (Private_Clean + Private_Dirty): what it alone costs, as Chromium's task manager counts a tab. */
  own: number;
}

/** The renderer processes' memory (Linux /proc), summed. */
function rendererRss(browserPid: number | undefined): ProcessMemory {
  const memory = { rss: 0, own: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      if (browserPid !== undefined && !descendsFrom(ppid, browserPid)) continue;
      memory.rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      const rollup = readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8');
      memory.own += (Number(/Private_Clean:\s+(\d+) kB/.exec(rollup)?.[1] ?? 0) + Number(/Private_Dirty:\s+(\d+) kB/.exec(rollup)?.[1] ?? 0)) * 1024;
    } catch {
      // The process ended while being read.
    }
  }
  return memory;
}

const larger = (a: ProcessMemory, b: ProcessMemory): ProcessMemory => ({ rss: Math.max(a.rss, b.rss), own: Math.max(a.own, b.own) });

function descendsFrom(pid: number, ancestor: number): boolean {
  for (let depth = 0; pid > 1 && depth < 8; depth++) {
    if (pid === ancestor) return true;
    try {
      pid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    } catch {
      return false;
    }
  }
  return false;
}

/** The Ledger view on a million devices: scrolled from the first row to the last in 100 jumps, then End. */
async function ledgerScroll(ctx: BenchContext): Promise<void> {
  const devices = Number(process.env['BENCH_LEDGER_DEVICES'] ?? 1_000_000);
  const file = join(ctx.tmp, 'ledger.sqlite');
  populatedLedger(ctx, file, devices);
  const app = await openAppInChromium({ ledgerPath: file });
  try {
    const { page } = app;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const browserPid = app.browserPid;
    // Counted where the window's calls arrive: how many rows the engine handed the page.
    let served = 0;
    const handlers = app.service.handlers as Record<string, unknown>;
    const rows = app.service.handlers['ledger.rows'];
    handlers['ledger.rows'] = async (request: Parameters<typeof rows>[0]) => {
      const answer = await rows(request);
      served += answer.rows.length;
      return answer;
    };
    await page.getByRole('tab', { name: /Ledger/ }).or(page.getByRole('button', { name: /^Ledger/ })).first().click();
    const grid = page.getByRole('grid').first();
    await grid.locator('[role="row"][aria-rowindex="2"]:not([aria-busy])').waitFor();
    const rowsShown: number[] = [];
    let peakHeap = await heap();
    const atTop = rendererRss(browserPid);
    const trail: number[] = [Math.round(atTop.own / 2 ** 20)];
    let peakRss = atTop;
    const steps = 100;
    for (let step = 1; step <= steps; step++) {
      const t0 = performance.now();
      await grid.evaluate((element, fraction) => (element.scrollTop = fraction * (element.scrollHeight - element.clientHeight)), step / steps);
      // The rows in view are real (no placeholder left) once their page has come.
      await page.waitForFunction(noPlaceholders, undefined, { polling: 'raf' });
      rowsShown.push(performance.now() - t0);
      if (step % 10 === 0) {
        peakHeap = Math.max(peakHeap, await heap());
        const now = rendererRss(browserPid);
        peakRss = larger(peakRss, now);
        trail.push(Math.round(now.own / 2 ** 20));
      }
    }
    await grid.focus();
    await page.keyboard.press('End');
    await page.waitForFunction(noPlaceholders, undefined, { polling: 'raf' });
    const lastIndex = await grid.getAttribute('aria-rowcount');
    peakHeap = Math.max(peakHeap, await heap());
    peakRss = larger(peakRss, rendererRss(browserPid));
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const afterGc = rendererRss(browserPid);
    const heapAfterGc = await heap();
    const nodes = await page.evaluate(() => [...(globalThis as unknown as PageWindow).document.querySelectorAll('*')].length);
    rowsShown.sort((a, b) => a - b);
    ctx.report(`ledger of ${devices.toLocaleString('en-US')} devices: a jump's rows on screen (p50; p95; max)`, `${rowsShown[49]!.toFixed(0)} ms; ${rowsShown[94]!.toFixed(0)} ms; ${rowsShown[99]!.toFixed(0)} ms`);
    ctx.report("the page's JS heap, the most seen while scrolling to the last row", formatMiB(peakHeap));
    ctx.report("the renderer's own memory (private pages): at the first row; the most seen", `${formatMiB(atTop.own)}; ${formatMiB(peakRss.own)}`);
    ctx.report("the renderer's resident memory, shared libraries included: at the first row; the most seen", `${formatMiB(atTop.rss)}; ${formatMiB(peakRss.rss)}`);
    ctx.report("the renderer's own memory; its JS heap: at the last row after a garbage collection", `${formatMiB(afterGc.own)}; ${formatMiB(heapAfterGc)}`);
    ctx.note(`the renderer's own memory every 10 jumps (MiB): ${trail.join(', ')}`);
    ctx.note(`the grid says ${Number(lastIndex) - 1} rows; ${served.toLocaleString('en-US')} rows were fetched on the way; ${nodes} DOM elements at the end`);
  } finally {
    await app.close();
  }
}

/** In the page: every ledger row in view holds its device (no placeholder waits for its page). */
function noPlaceholders(): boolean {
  return [...(globalThis as unknown as PageWindow).document.querySelectorAll('[role="grid"] [role="row"][aria-busy="true"]')].length === 0;
}
