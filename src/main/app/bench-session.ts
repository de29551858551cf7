import type { AppEvent, BenchStart, BenchState } from '../../shared/api.js';
import type { BenchJob } from '../bench/bench-job.js';
import { runBenchContinuous } from '../bench/continuous.js';
import { discoverPorts, listSerialPorts } from '../bench/discover-ports.js';
import { runBenchOnce, type BenchPort } from '../bench/engine.js';
import type { BenchEvent } from '../bench/events.js';
import { benchJobFrom } from '../bench/from-loaded-job.js';
import { DEMO_OPERATOR, simulateForJob, type SimulatedLine } from '../bench/simulated-line.js';
import type { Issuer } from '../identity/issue.js';
import { registerJobWithScheme } from '../identity/ledger-job.js';
import { PASSPHRASE_ENV } from '../identity/passphrase.js';
import type { LoadedJob } from '../job/load-job.js';
import { choosePrinter, jobTemplatePath, loadLabelTemplate, loadPrintersFile } from '../labels/index.js';
import type { Ledger } from '../ledger/index.js';
import { RunReplay } from './run-replay.js';

/** A run that cannot start, said as it is (no board was touched). */
export class BenchStartError extends Error {
  override readonly name = 'BenchStartError';
}

export interface BenchSessionOptions {
  ledger: Ledger;
  emit: (event: AppEvent) => void;
  /** The printers file, for a run that prints labels. */
  printersFile: () => string;
  env?: Readonly<Record<string, string | undefined>>;
}

interface Run {
  mode: 'once' | 'continuous';
  job: string;
  slots: { slot: string; port: string }[];
  controller: AbortController;
  done: Promise<void>;
}

/** The app's line: at most one run at a time, started and stopped from the window, watched through events. */
export class BenchSession {
  private run: Run | undefined;
  /** A start under way (the CA opening, the job being prepared). */
  private starting: Promise<BenchState> | undefined;
  private startingController: AbortController | undefined;
  private countTimer: NodeJS.Timeout | undefined;
  private last: Omit<Run, 'controller' | 'done'> | undefined;
  private readonly replay = new RunReplay();
  private readonly issuers = new WeakMap<LoadedJob, Issuer>();

  constructor(private readonly options: BenchSessionOptions) {}

  state(): BenchState {
    const run = this.run ?? this.last;
    return { running: this.run !== undefined, ...(run ? { mode: run.mode, job: run.job, slots: run.slots } : { slots: [] }), events: this.replay.events() };
  }

  /** Starts a run; `stopped` (a Stop that came while the caller was still getting ready) cancels it before any board is touched. */
  async start(loaded: LoadedJob, request: BenchStart, stopped?: AbortSignal): Promise<BenchState> {
    if (this.run) throw new BenchStartError('the bench is already running: stop it first');
    // Opening the CA and preparing the job take a while: a second Start meanwhile must not start a second run on the same ports.
    if (this.starting) throw new BenchStartError('the bench is already starting');
    const controller = new AbortController();
    if (stopped?.aborted) controller.abort();
    else stopped?.addEventListener('abort', () => controller.abort(), { once: true });
    const starting = this.begin(loaded, request, controller);
    this.starting = starting;
    this.startingController = controller;
    try {
      return await starting;
    } finally {
      this.starting = undefined;
      this.startingController = undefined;
    }
  }

  private async begin(loaded: LoadedJob, request: BenchStart, controller: AbortController): Promise<BenchState> {
    const { ledger } = this.options;
    const issuer = await this.openIssuer(loaded, request.passphrase);
    const label = this.labelSettings(loaded, request.printer);
    const ledgerJob = registerJobWithScheme(ledger, loaded.ledgerDefinition, loaded.serialScheme);
    const job: BenchJob = { ...(await benchJobFrom(loaded, ledgerJob, issuer)), ...(label ? { label } : {}) };
    const simulated = request.source.kind === 'simulate' ? await simulateForJob(request.source.count, loaded, job, request.mode === 'continuous' ? DEMO_OPERATOR : undefined) : undefined;
    let ports: BenchPort[] = [];
    try {
      if (request.mode === 'once') ports = simulated?.ports ?? (await discoverPorts(request.source.kind === 'ports' ? request.source.ports : 'auto'));
    } catch (error) {
      simulated?.close();
      throw error;
    }
    if (controller.signal.aborted) {
      simulated?.close();
      throw new BenchStartError('stopped before it started: no board was touched');
    }
    const slots = ports.map((port) => ({ slot: port.slot, port: port.path }));
    this.replay.clear();
    const started: AppEvent = { type: 'run', state: 'started', mode: request.mode, job: job.name, slots };
    this.options.emit(started);
    const onEvent = (event: BenchEvent): void => {
      this.replay.add(event);
      simulated?.onEvent(event);
      this.options.emit(event);
      if (event.type === 'board-done') this.countDevicesSoon();
    };
    const retries = request.retries ?? 1;
    const work =
      request.mode === 'once'
        ? runBenchOnce({ job, ledger, ports, retries, onEvent, signal: controller.signal })
        : runBenchContinuous({
            job,
            ledger,
            retries,
            onEvent,
            signal: controller.signal,
            ...(simulated ? { listPorts: simulated.listPorts, binding: simulated.binding, slots: 'auto' as const } : continuousPorts(request)),
          });
    const run: Run = { mode: request.mode, job: job.name, slots, controller, done: Promise.resolve() };
    run.done = work.then(
      () => this.ended(run, simulated),
      (error: unknown) => this.ended(run, simulated, error instanceof Error ? error.message : String(error)),
    );
    this.run = run;
    return this.state();
  }

  /** Stops every board at its next step; false when nothing runs. */
  stop(): boolean {
    // Stop while starting (the CA opening, the job being prepared): the run does not begin.
    if (this.startingController) {
      this.startingController.abort();
      return true;
    }
    if (!this.run) return false;
    this.run.controller.abort();
    return true;
  }

  /** Stops the run and waits for it to end (the app is quitting). */
  async close(): Promise<void> {
    // A run that is starting now would otherwise begin on a closed ledger.
    await this.starting?.catch(() => undefined);
    const run = this.run;
    if (!run) return;
    run.controller.abort();
    await run.done;
  }

  /**
   * Tells the window how many devices the ledger holds, at most once a second:
   * counting a large ledger is not free, and boards end in bursts.
   */
  private countDevicesSoon(): void {
    this.countTimer ??= setTimeout(() => {
      this.countTimer = undefined;
      this.countDevices();
    }, 1000);
  }

  private countDevices(): void {
    this.options.emit({ type: 'ledger', devices: this.options.ledger.queries.count() });
  }

  private ended(run: Run, simulated: SimulatedLine | undefined, error?: string): void {
    simulated?.close();
    // The last count goes out with the end of the run, not a second later (the app may be closing the ledger).
    if (this.countTimer) {
      clearTimeout(this.countTimer);
      this.countTimer = undefined;
      this.countDevices();
    }
    this.last = { mode: run.mode, job: run.job, slots: run.slots };
    this.run = undefined;
    this.options.emit(error === undefined ? { type: 'run', state: 'ended' } : { type: 'run', state: 'ended', error });
  }

  private async openIssuer(loaded: LoadedJob, given: string | undefined): Promise<Issuer | undefined> {
    const certificates = loaded.certificates;
    if (certificates.mode !== 'issue') return undefined;
    if (certificates.issuer) return certificates.issuer;
    const passphrase = given || this.options.env?.[PASSPHRASE_ENV];
    // The CA stays open for the job once opened: the operator does not type the passphrase for every run.
    const opened = this.issuers.get(loaded);
    if (!passphrase && opened) return opened;
    if (!passphrase) throw new BenchStartError(`the job issues certificates: give its CA passphrase to start (or set ${PASSPHRASE_ENV} for the app)`);
    // A wrong passphrase is an IdentityError with its hint: the window gets both (shell/ipc-calls.ts).
    const { issuer } = await certificates.open(passphrase);
    this.issuers.set(loaded, issuer);
    return issuer;
  }

  private labelSettings(loaded: LoadedJob, printerName: string | undefined): BenchJob['label'] {
    if (printerName === undefined) return undefined;
    const file = this.options.printersFile();
    const printer = choosePrinter(loadPrintersFile(file), printerName, file);
    const constants = loaded.settings.constants ?? {};
    return { template: loadLabelTemplate(jobTemplatePath(loaded.dir, loaded.settings.labels), { constants }), printer, constants };
  }
}

function continuousPorts(request: BenchStart): { listPorts: typeof listSerialPorts; slots: 'auto' | readonly string[] } {
  return { listPorts: listSerialPorts, slots: request.source.kind === 'ports' ? request.source.ports : 'auto' };
}
