import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvent, AppInfo, BenchStart, calls, JobView } from '../../shared/api.js';
import { PASSPHRASE_ENV } from '../identity/passphrase.js';
import { JobProblemsError, loadJob, type LoadedJob } from '../job/load-job.js';
import { defaultPrintersPath, type SystemPrintBackend } from '../labels/index.js';
import { Ledger, LedgerError } from '../ledger/index.js';
import { CallRefusal, type Handlers } from '../shell/ipc-calls.js';
import { BenchSession } from './bench-session.js';
import { BenchSetupFile } from './bench-setup.js';
import { EventBatcher } from './event-batcher.js';
import { jobProblemsView, jobViewOf } from './job-view.js';
import { LabelCalls } from './label-calls.js';
import { LedgerCalls } from './ledger-calls.js';
import { OperatorLock } from './operator-lock.js';

export interface AppServiceOptions {
  /** The ledger the app records into (created the first time). */
  ledgerPath: string;
  /** Where the app keeps its own state: the operator lock. */
  stateDir: string;
  /** Where event batches go: the window (IPC), or a test's browser page. */
  send: (events: AppEvent[]) => void;
  /** Asks the operator for a job folder; undefined when cancelled. */
  chooseJobFolder: () => Promise<string | undefined>;
  /** Asks where an export goes; undefined when cancelled. */
  chooseExportFile: (suggested: string) => Promise<string | undefined>;
  about: { name: string; version: string };
  printersFile?: () => string;
  systemPrint?: SystemPrintBackend;
  env?: Readonly<Record<string, string | undefined>>;
  /** How often event batches go out (ms). */
  batchMs?: number;
}

export interface AppService {
  handlers: Handlers<typeof calls>;
  /** Stops a run, sends what is pending and closes the ledger. */
  close(): Promise<void>;
}

/** What an operator may not change: everything of a start but the passphrase. */
type BenchSettings = Pick<BenchStart, 'mode' | 'source' | 'retries' | 'printer'>;
const settingsOf = (request: BenchStart): BenchSettings => ({ mode: request.mode, source: request.source, retries: request.retries ?? 1, printer: request.printer });

/**
 * The engine behind the window: every call of src/shared/api.ts, with no
 * Electron in it, so the same service runs inside the app and in tests
 * (bridged to a browser page). Calls that change the job or the bench's
 * settings are refused while the bench is locked for operators.
 */
export function createAppService(options: AppServiceOptions): AppService {
  const batcher = new EventBatcher(options.send, options.batchMs);
  const emit = (event: AppEvent): void => {
    // Every event of a run but progress comes after the bench wrote to the ledger: the list's totals are stale.
    if (event.type !== 'progress') ledgerCalls?.changed();
    batcher.push(event);
  };
  const printersFile = options.printersFile ?? (() => defaultPrintersPath());
  mkdirSync(options.stateDir, { recursive: true });
  const lock = new OperatorLock(join(options.stateDir, 'operator-lock.json'));
  const setup = new BenchSetupFile(join(options.stateDir, 'bench-setup.json'));

  let ledger: Ledger | undefined;
  const openLedger = (): Ledger => (ledger ??= Ledger.open(options.ledgerPath, { create: true }));
  let session: BenchSession | undefined;
  const bench = (): BenchSession => (session ??= new BenchSession({ ledger: openLedger(), emit, printersFile, ...(options.env ? { env: options.env } : {}) }));
  let ledgerCalls: LedgerCalls | undefined;
  const ledgerApi = (): LedgerCalls => (ledgerCalls ??= new LedgerCalls(openLedger(), options.chooseExportFile));
  let job: { view: JobView; loaded?: LoadedJob } | undefined;
  const labels = new LabelCalls({
    get ledger() {
      return openLedger();
    },
    printersFile,
    job: () => job?.loaded,
    ...(options.systemPrint ? { systemPrint: options.systemPrint } : {}),
  });

  /** Starts not yet running: a Stop cancels them. */
  const pendingStarts = new Set<AbortController>();

  const unlocked = (what: string): void => {
    if (lock.locked) throw new CallRefusal('locked', `${what} is locked in operator mode: an engineer unlocks it with the passphrase`);
  };

  const openJob = async (folder: string): Promise<JobView> => {
    setup.update({ jobFolder: folder });
    try {
      const loaded = await loadJob(folder);
      const view = jobViewOf(loaded);
      // The app's environment may hold the CA passphrase (as for the command line): then the window asks for none.
      job = { view: { ...view, needsPassphrase: view.needsPassphrase && !options.env?.[PASSPHRASE_ENV] }, loaded };
    } catch (error) {
      if (!(error instanceof JobProblemsError)) throw error;
      job = { view: jobProblemsView(error.dir, error.problems) };
    }
    emit({ type: 'job', job: job.view });
    return job.view;
  };
  // The engineer's job comes back with the app, so that a locked bench is ready for operators after a restart.
  const savedFolder = setup.get().jobFolder;
  const restoring: Promise<unknown> = savedFolder ? openJob(savedFolder).catch(() => undefined) : Promise.resolve();

  const ledgerSummary = (): AppInfo['ledger'] => {
    try {
      const opened = openLedger();
      return { file: options.ledgerPath, schema: opened.queries.schemaVersion(), devices: opened.queries.count() };
    } catch (error) {
      if (error instanceof LedgerError) return { file: options.ledgerPath, error: `${error.message} (${error.hint})` };
      throw error;
    }
  };

  const handlers: Handlers<typeof calls> = {
    'app.info': () => ({ ...options.about, node: process.versions.node, ledger: ledgerSummary() }),

    'job.choose': async () => {
      unlocked('opening a job');
      const folder = await options.chooseJobFolder();
      return folder === undefined ? null : openJob(folder);
    },
    'job.open': ({ folder }) => {
      unlocked('opening a job');
      return openJob(folder);
    },
    'job.current': async () => {
      await restoring;
      return job?.view ?? null;
    },

    'bench.state': () => (session ? session.state() : { running: false, slots: [], events: [] }),
    'bench.start': (request) => {
      // A Stop from now on cancels this start, even before the session has it.
      const stopped = new AbortController();
      pendingStarts.add(stopped);
      return (async () => {
        await restoring;
        if (!job) throw new CallRefusal('failed', 'open a job first');
        if (!job.loaded) throw new CallRefusal('failed', `the job in ${job.view.folder} has ${job.view.problems.length} problem(s): fix them and open it again`);
        const settings = settingsOf(request);
        const engineer = !lock.locked;
        const engineers = setup.get().settings;
        if (!engineer && !engineers) unlocked('starting before an engineer has started the bench once');
        if (!engineer && JSON.stringify(settings) !== JSON.stringify(settingsOf(engineers!))) unlocked("changing the bench's settings");
        const state = await bench().start(job.loaded, request, stopped.signal);
        if (job.view.needsPassphrase) {
          // The CA is open now, for as long as the app runs: the next start asks for no passphrase.
          job = { ...job, view: { ...job.view, needsPassphrase: false } };
          emit({ type: 'job', job: job.view });
        }
        // Only settings that started: an engineer's start that was refused leaves what operators may run as it was.
        if (engineer) setup.update({ settings });
        return state;
      })().finally(() => pendingStarts.delete(stopped));
    },
    'bench.stop': () => {
      const cancelled = pendingStarts.size > 0;
      for (const start of pendingStarts) start.abort();
      return { stopping: (session?.stop() ?? false) || cancelled };
    },

    'operator.state': () => lock.state(),
    'operator.lock': ({ passphrase }) => lock.lock(passphrase).then((state) => (emit({ type: 'operator', locked: state.locked }), state)),
    'operator.unlock': ({ passphrase }) => lock.unlock(passphrase).then((state) => (emit({ type: 'operator', locked: state.locked }), state)),

    'ledger.rows': (request) => ledgerApi().rows(request),
    'ledger.find': (request) => ledgerApi().find(request),
    'ledger.detail': (request) => ledgerApi().detail(request),
    'ledger.jobs': () => ledgerApi().jobs(),
    'ledger.export': (request) => ledgerApi().export(request),

    'labels.printers': () => labels.printers(),
    'labels.preview': (request) => labels.preview(request),
    'labels.print': (request) => labels.print(request),
  };

  return {
    handlers,
    async close() {
      await session?.close();
      batcher.close();
      ledger?.close();
      ledger = undefined;
    },
  };
}
