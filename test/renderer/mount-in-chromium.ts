import { basename, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { META_CONTENT_SECURITY_POLICY } from '../../src/main/shell/csp';
import { sharedChromium } from '../helpers/chromium';

/**
 * The component-test harness: bundles a fixture entry (a .tsx that renders a
 * component into #root with its own fake window.bench, see fixtures/fake-bridge.ts)
 * with esbuild, CSS included, and opens it in Debian's Chromium under the same
 * Content-Security-Policy as the app's index.html.
 *
 *   if (CHROMIUM_MISSING) { ...skip with the reason... }
 *   const mounted = await mountInChromium('test/renderer/fixtures/bench-view.tsx');
 *   await mounted.page.getByRole('button', { name: 'Start' }).click();
 *   await mounted.close();
 *   afterAll(closeChromium);
 */

export { CHROMIUM_SKIP, closeChromium } from '../helpers/chromium';

/** The fake origin the bundles are served on (never reaches the network: page.route answers it). */
export const ORIGIN = 'http://components.test';

/** The app's own policy, as index.html's meta tag carries it: a component that needs inline style or script fails here too. */
const CSP = META_CONTENT_SECURITY_POLICY;

export interface MountedPage {
  page: Page;
  /** Messages the page logged as errors, uncaught exceptions and CSP violations, in order. */
  errors: string[];
  close(): Promise<void>;
}

export interface MountOptions {
  viewport?: { width: number; height: number };
  /** A JSON value the fixture finds as `window.__init` before any of its code runs (e.g. the fake bridge's answers). */
  init?: unknown;
}

interface Bundle {
  js: string;
  css: string;
}

const bundles = new Map<string, Promise<Bundle>>();

async function bundle(entry: string): Promise<Bundle> {
  const absolute = resolve(entry);
  const result = await build({
    entryPoints: { app: absolute },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome130',
    jsx: 'automatic',
    loader: { '.css': 'css', '.svg': 'text' },
    define: { 'process.env.NODE_ENV': '"development"' },
    sourcemap: 'inline',
    // The project's node_modules, wherever the fixture lies.
    nodePaths: [resolve(import.meta.dirname, '../../node_modules')],
    outdir: '/virtual',
    write: false,
    logLevel: 'silent',
  });
  let js = '';
  let css = '';
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.js')) js = file.text;
    else if (file.path.endsWith('.css')) css = file.text;
  }
  if (!js) throw new Error(`esbuild produced no script for ${basename(entry)}`);
  return { js, css };
}

const page = (bundleName: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${CSP}" />
    <title>${bundleName}</title>
    <link rel="stylesheet" href="/app.css" />
  </head>
  <body>
    <div id="root"></div>
    <script src="/init.js"></script>
    <script type="module" src="/app.js"></script>
  </body>
</html>`;

/** Bundles `entry` (a .tsx that renders a component into #root, with its own fake window.bench) with esbuild and opens it in Debian's Chromium. */
export async function mountInChromium(entry: string, options: MountOptions = {}): Promise<MountedPage> {
  let pending = bundles.get(entry);
  if (!pending) {
    pending = bundle(entry);
    bundles.set(entry, pending);
    pending.catch(() => bundles.delete(entry));
  }
  const [built, shared] = await Promise.all([pending, sharedChromium()]);
  const context = await shared.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const errors: string[] = [];
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html', body: page(basename(entry)) },
    '/app.js': { type: 'text/javascript', body: built.js },
    '/app.css': { type: 'text/css', body: built.css },
    '/init.js': { type: 'text/javascript', body: `window.__init = ${JSON.stringify(options.init ?? null)};` },
  };
  await context.route(`${ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file ? route.fulfill({ status: 200, contentType: file.type, body: file.body }) : route.fulfill({ status: 404, body: 'not found' });
  });
  const tab = await context.newPage();
  tab.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await tab.goto(`${ORIGIN}/`);
  await tab.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 10_000 }).catch(() => {
    throw new Error(`${basename(entry)} rendered nothing into #root: ${errors.join('; ') || 'no error reported'}`);
  });
  return {
    page: tab,
    errors,
    close: () => context.close(),
  };
}
