import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { createAppService, type AppService } from '../../src/main/app/app-service.js';
import { APP_HOST, APP_SCHEME, appResponseHeaders, resolveAppFile } from '../../src/main/shell/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell/csp.js';
import { dispatch } from '../../src/main/shell/ipc-calls.js';
import { isTrustedSender } from '../../src/main/shell/ipc-sender.js';
import { calls, type AppEvent } from '../../src/shared/api.js';
import { closeChromium as closeSharedChromium, sharedChromium } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/vectors.js';
import type { PageWindow } from './page-window.js';

/**
 * The whole app without Electron: the renderer as electron-vite builds it,
 * served over HTTP with the app's Content-Security-Policy, in Debian's
 * Chromium, with window.bench bridged to the real engine (createAppService)
 * through the same dispatch as Electron's IPC (sender check, zod on the
 * request and the answer, errors as { code, message }).
 *
 *   if (CHROMIUM_MISSING) { ...skip with the reason... }
 *   const app = await openAppInChromium({ printersFile: () => file });
 *   await app.page.getByRole('button', { name: 'Start' }).click();
 *   await app.close();
 *   afterAll(closeChromium);
 */

export { CHROMIUM_SKIP, useChromiumArgs } from '../helpers/chromium.js';

const RENDERER_OUT = join(repoRoot, 'out/renderer');
/** What the renderer bundle is made of: when any of it is newer than the built index.html, build again. */
const RENDERER_SOURCES = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether out/renderer/index.html is missing or older than a source of the renderer. */
export function rendererIsStale(): boolean {
  const built = statSync(join(RENDERER_OUT, 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return RENDERER_SOURCES.some((source) => newestMtime(join(repoRoot, source)) > built.mtimeMs);
}

let snapshot: Promise<string> | undefined;

/**
 * Builds the renderer (once per process, and only when stale) and copies
 * out/renderer to a folder of this process's own (removed by closeChromium):
 * other tests may run electron-vite build at the same time, and a build
 * empties out/ first. FB_E2E_RENDERER=<folder> serves that folder instead,
 * without building.
 */
export function builtRenderer(): Promise<string> {
  // A renderer built elsewhere (a packaged build, a stable copy while the sources are being edited): served as it is.
  const given = process.env.FB_E2E_RENDERER;
  if (given) return Promise.resolve(resolve(repoRoot, given));
  snapshot ??= (async () => {
    // Another test building at the same moment can leave out/ half written: build (if stale) and copy again, up to three times.
    for (let attempt = 1; ; attempt++) {
      const copy = mkdtempSync(join(tmpdir(), 'fb-e2e-renderer-'));
      try {
        if (rendererIsStale()) {
          await promisify(execFile)(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], { cwd: repoRoot, maxBuffer: 16 << 20 });
        }
        cpSync(RENDERER_OUT, copy, { recursive: true });
        if (!existsSync(join(copy, 'index.html')) || !readdirSync(join(copy, 'assets')).some((file) => file.endsWith('.js'))) throw new Error(`electron-vite build left no renderer in ${RENDERER_OUT}`);
        return copy;
      } catch (error) {
        rmSync(copy, { recursive: true, force: true });
        if (attempt >= 3) throw error;
      }
    }
  })();
  snapshot.catch(() => (snapshot = undefined));
  return snapshot;
}

export interface StaticServer {
  url: string;
  /** Every path asked for, with its status, in order. */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Serves `root` on 127.0.0.1 (a free port) the way the app: protocol serves it
 * in Electron: the same headers (the CSP, the content type, nosniff), GET and
 * HEAD only, and nothing outside `root`.
 */
export async function serveFolder(root: string, policy = CONTENT_SECURITY_POLICY): Promise<StaticServer> {
  const requests: StaticServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: string | Buffer, headers: Record<string, string>) => {
      requests.push({ path: request.url ?? '', status });
      response.writeHead(status, { ...headers, 'Content-Security-Policy': policy, 'Cache-Control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => answer(404, 'not found', { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed', { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
    const file = fileOf(root, request.url ?? '/');
    if (!file) return notFound();
    readFile(file).then(
      (body) => answer(200, body, appResponseHeaders(file)),
      () => notFound(),
    );
    return undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file under root a request path names, by the app: protocol's own rule (src/main/shell/app-protocol.ts); undefined for anything outside root. */
export function fileOf(root: string, requestPath: string): string | undefined {
  // The raw path, as the browser sent it, on the app's scheme and host: resolveAppFile decodes it and keeps it inside root.
  if (!requestPath.startsWith('/')) return undefined;
  const file = resolveAppFile(`${APP_SCHEME}://${APP_HOST}${requestPath}`, root);
  return file && statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
}

/** The Chromium this process launched: a child of ours whose command line names chromium and is not one of its helpers (--type=…). */
function browserPid(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (parent !== process.pid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('chromium') && !command.includes('--type=')) return Number(entry);
    } catch {
      // The process ended while being read.
    }
  }
  return undefined;
}

/** Closes the shared browser and removes this process's copy of the renderer; call it in afterAll. */
export async function closeChromium(): Promise<void> {
  const copy = snapshot;
  snapshot = undefined;
  await closeSharedChromium();
  const folder = await copy?.catch(() => undefined);
  if (folder) rmSync(folder, { recursive: true, force: true });
}

export interface OpenAppOptions {
  /** The ledger to record into (a temporary one when not given). */
  ledgerPath?: string;
  /** The app's state folder: the operator lock (a temporary one when not given). */
  stateDir?: string;
  /** What the folder dialog answers (undefined: the operator cancels). */
  chooseJobFolder?: () => string | undefined;
  /** What the save dialog answers for an export (undefined: cancelled; by default a file in the temporary folder). */
  chooseExportFile?: (suggested: string) => string | undefined;
  printersFile?: () => string;
  viewport?: { width: number; height: number };
  /** How often the engine sends event batches (ms). */
  batchMs?: number;
}

export interface OpenApp {
  page: Page;
  context: BrowserContext;
  service: AppService;
  /** The page's address (the served out/renderer). */
  url: string;
  server: StaticServer;
  /** Every batch the engine sent, in order, whether the page was there to get it or not. */
  batches: AppEvent[][];
  /** What the engine logged about refused and failed calls. */
  log: { message: string; fields: Record<string, unknown> }[];
  /** Uncaught exceptions, console errors and CSP violations the page reported, in order. */
  errors: string[];
  /** Resolves once every batch sent so far has been handed to the page (or dropped because no page was there). */
  delivered(): Promise<void>;
  /** Hands the page a batch of events as if the engine had sent it (after what is on its way); resolves once the page has it. */
  push(events: AppEvent[]): Promise<void>;
  /** The browser's process id (Linux only, from /proc; undefined elsewhere or when not found): to measure what the page costs. */
  readonly browserPid: number | undefined;
  close(): Promise<void>;
}

/** The name of the in-page function the events are handed to: a symbol, so the app cannot stumble on it. */
const DELIVER = 'factory-bench.e2e.deliver';
const INVOKE = '__benchInvoke';

/**
 * What the preload does (src/preload/index.ts), for a page without Electron:
 * window.bench with call (a failure rejects with the plain { code, message })
 * and subscribe (listeners get the batches, nothing else). Runs in every new
 * document before the page's own scripts; the binding is taken out of sight.
 */
function preloadInBrowser(names: { invoke: string; deliver: string }): void {
  const w = globalThis as unknown as PageWindow;
  const invoke = w[names.invoke] as (name: string, payload: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>;
  try {
    delete w[names.invoke];
  } catch {
    // Not configurable: it stays visible, which changes nothing for the contract.
  }
  const listeners = new Set<(events: unknown[]) => void>();
  const call = async (name: string, request: unknown): Promise<unknown> => {
    const outcome = await invoke(name, request);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
  const subscribe = (listener: (events: unknown[]) => void): (() => void) => {
    // A fresh function per subscription, as ipcRenderer.on with its own forwarder: the same listener twice gets each batch twice.
    const forward = (events: unknown[]): void => listener(events);
    listeners.add(forward);
    return () => void listeners.delete(forward);
  };
  Object.defineProperty(w, Symbol.for(names.deliver), {
    value: (events: unknown[]) => {
      for (const listener of [...listeners]) {
        try {
          listener(events);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
    },
  });
  // contextBridge hands the page a frozen copy; so does this.
  Object.defineProperty(w, 'bench', { value: Object.freeze({ call, subscribe }), enumerable: true });
}

let tempDirs = 0;

/** Opens the built renderer in Chromium, bridged to a real engine; see the top of this file. */
export async function openAppInChromium(options: OpenAppOptions = {}): Promise<OpenApp> {
  const [root, shared] = await Promise.all([builtRenderer(), sharedChromium()]);
  const temp = mkdtempSync(join(tmpdir(), `fb-e2e-${++tempDirs}-`));
  const server = await serveFolder(root);
  const context = await shared.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    // Chromium asks for /favicon.ico on its own (Electron does not); the app has none.
    if (where.endsWith('/favicon.ico')) return;
    errors.push(where && !message.text().includes(where) ? `${message.text()} (${where})` : message.text());
  });

  const batches: AppEvent[][] = [];
  let delivery: Promise<void> = Promise.resolve();
  let closed = false;
  const send = (events: AppEvent[]): void => {
    batches.push(events);
    if (closed) return;
    // One evaluate after the other: batches reach the page in the order they were sent.
    delivery = delivery.then(() =>
      page
        .evaluate(([name, batch]) => ((globalThis as unknown as PageWindow)[Symbol.for(name)] as ((events: unknown) => void) | undefined)?.(batch), [DELIVER, events] as const)
        // No page to take it (loading, navigating, closed): dropped, as webContents.send drops it; the renderer asks bench.state.
        .catch(() => undefined),
    );
  };

  const log: OpenApp['log'] = [];
  // Electron's userData folder, which the app keeps its state in, is there before the window opens.
  const stateDir = options.stateDir ?? join(temp, 'state');
  mkdirSync(stateDir, { recursive: true });
  const service = createAppService({
    ledgerPath: options.ledgerPath ?? join(temp, 'ledger.sqlite'),
    stateDir,
    send,
    chooseJobFolder: async () => options.chooseJobFolder?.(),
    chooseExportFile: async (suggested) => (options.chooseExportFile ? options.chooseExportFile(suggested) : join(temp, suggested)),
    about: { name: 'Factory Bench', version: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version },
    printersFile: options.printersFile ?? (() => join(temp, 'printers.json')),
    env: {},
    ...(options.batchMs !== undefined ? { batchMs: options.batchMs } : {}),
  });

  // As in Electron (src/main/index.ts): only our page's main frame, showing our own address, may call.
  const accept = (frame: Frame): boolean => isTrustedSender({ url: frame.isDetached() ? undefined : frame.url(), isMainFrame: frame === page.mainFrame() }, server.url);
  const callOptions = { calls, handlers: service.handlers, accept, log: (message: string, fields: Record<string, unknown>) => void log.push({ message, fields }) };
  await page.exposeBinding(INVOKE, (source, name: unknown, payload: unknown) => dispatch(callOptions, typeof name === 'string' ? name : String(name), source.frame, payload));
  await page.addInitScript(preloadInBrowser, { invoke: INVOKE, deliver: DELIVER });
  await page.goto(server.url);

  return {
    page,
    context,
    service,
    url: server.url,
    server,
    batches,
    log,
    errors,
    push: (events) => {
      send(events);
      return delivery;
    },
    get browserPid() {
      return browserPid();
    },
    delivered: async () => {
      let seen: Promise<void> | undefined;
      while (seen !== delivery) {
        seen = delivery;
        await seen;
      }
    },
    async close() {
      await service.close();
      closed = true;
      await delivery;
      await context.close();
      await server.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
