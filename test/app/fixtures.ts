import { join, resolve } from 'node:path';
import { createAppService, type AppService, type AppServiceOptions } from '../../src/main/app/app-service.js';
import { dispatch } from '../../src/main/shell/ipc-calls.js';
import { calls, type AppEvent, type CallError, type CallName, type CallOutcome, type CallRequest, type CallResponse } from '../../src/shared/api.js';
import { scratchFolders } from '../helpers/scratch.js';

/** The example job and its CA passphrase. */
export const EXAMPLE_JOB = resolve('resources/examples/widget-job');
export const EXAMPLE_PASSPHRASE = 'widget-example-passphrase';

/** A fresh folder, removed when the file's tests are done (services set up in beforeAll keep theirs). */
export const scratch = scratchFolders('app', 'file');

/** Every event the service sent, flattened, with a way to wait for one. */
export class SentEvents {
  readonly batches: AppEvent[][] = [];
  private waiters: { match: (event: AppEvent) => boolean; from: number; done: (event: AppEvent) => void }[] = [];

  get all(): AppEvent[] {
    return this.batches.flat();
  }

  receive(batch: AppEvent[]): void {
    this.batches.push(batch);
    const all = this.all;
    this.waiters = this.waiters.filter((waiter) => {
      const found = all.slice(waiter.from).find(waiter.match);
      if (found) waiter.done(found);
      return !found;
    });
  }

  /** The first event from `from` (an index in `all`) on that matches, as soon as it has been sent. */
  waitFor(match: (event: AppEvent) => boolean, { from = 0, timeoutMs = 20_000, what = 'an event' }: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<AppEvent> {
    const found = this.all.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ${what} within ${timeoutMs} ms; sent: ${this.all.map((e) => e.type).join(' ')}`)), timeoutMs);
      this.waiters.push({
        match,
        from,
        done: (event) => {
          clearTimeout(timer);
          done(event);
        },
      });
    });
  }

  /** The end of the run that started at or after `from`. */
  runEnded(from = 0): Promise<Extract<AppEvent, { type: 'run'; state: 'ended' }>> {
    return this.waitFor((event) => event.type === 'run' && event.state === 'ended', { from, what: 'end of the run' }) as Promise<Extract<AppEvent, { type: 'run'; state: 'ended' }>>;
  }
}

export interface TestApp {
  service: AppService;
  dir: string;
  ledgerPath: string;
  stateDir: string;
  events: SentEvents;
  /** How many times each handler ran. */
  runs: Map<string, number>;
  /** Files the export dialog was asked about. */
  exportAsked: string[];
  /** What the next export dialog answers: a path, or undefined (cancelled). */
  exportAnswer: (suggested: string) => string | undefined;
  jobFolderAnswer: () => string | undefined;
  /** A call as the window makes it: through dispatch, with the contract's validation. */
  call(name: string, payload: unknown): Promise<CallOutcome>;
  /** A call that must succeed: its value. */
  ok<C extends CallName>(name: C, request: CallRequest<C>): Promise<CallResponse<C>>;
  /** A call that must fail: its error. */
  refused(name: string, payload: unknown): Promise<CallError>;
  close(): Promise<void>;
}

/** The app's service over a fresh ledger and state folder, called as the window calls it. */
export function startApp(options: Partial<AppServiceOptions> & { dir?: string } = {}): TestApp {
  const dir = options.dir ?? scratch();
  const events = new SentEvents();
  const runs = new Map<string, number>();
  const app: TestApp = {
    dir,
    ledgerPath: options.ledgerPath ?? join(dir, 'ledger.sqlite'),
    stateDir: options.stateDir ?? dir,
    events,
    runs,
    exportAsked: [],
    exportAnswer: (suggested) => join(dir, suggested),
    jobFolderAnswer: () => undefined,
    service: undefined as unknown as AppService,
    call: async (name, payload) => dispatch({ calls, handlers, accept: () => true, log: () => undefined }, name, {}, payload),
    ok: async (name, request) => {
      const outcome = await app.call(name, request);
      if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code}: ${outcome.error.message}`);
      return outcome.value as CallResponse<typeof name>;
    },
    refused: async (name, payload) => {
      const outcome = await app.call(name, payload);
      if (outcome.ok) throw new Error(`${name} was expected to fail, and answered ${JSON.stringify(outcome.value).slice(0, 300)}`);
      return outcome.error;
    },
    close: () => app.service.close(),
  };
  app.service = createAppService({
    send: (batch) => events.receive(batch),
    chooseJobFolder: async () => app.jobFolderAnswer(),
    chooseExportFile: async (suggested) => {
      app.exportAsked.push(suggested);
      return app.exportAnswer(suggested);
    },
    about: { name: 'factory-bench', version: '0.0.0-test' },
    batchMs: 10,
    printersFile: () => join(dir, 'printers.json'),
    ...options,
    ledgerPath: app.ledgerPath,
    stateDir: app.stateDir,
  });
  // The real handlers, counted: a refused payload must not reach them.
  const handlers = Object.fromEntries(
    Object.entries(app.service.handlers).map(([name, handler]) => [
      name,
      (request: unknown) => {
        runs.set(name, (runs.get(name) ?? 0) + 1);
        return (handler as (request: unknown) => unknown)(request);
      },
    ]),
  ) as AppService['handlers'];
  return app;
}

/** A bench start of `count` simulated boards of the example job. */
export const simulated = (count: number, extra: Partial<CallRequest<'bench.start'>> = {}): CallRequest<'bench.start'> => ({
  mode: 'once',
  source: { kind: 'simulate', count },
  passphrase: EXAMPLE_PASSPHRASE,
  ...extra,
});

export const isType =
  <T extends AppEvent['type']>(type: T) =>
  (event: AppEvent): event is Extract<AppEvent, { type: T }> =>
    event.type === type;
