import { resolve } from 'node:path';
import type { BenchJob } from '../bench/bench-job.js';
import { runBenchContinuous } from '../bench/continuous.js';
import { benchJobFrom } from '../bench/from-loaded-job.js';
import { runBenchOnce, type BenchPort } from '../bench/engine.js';
import type { BenchListener } from '../bench/events.js';
import { PortLogs } from '../bench/port-log.js';
import { formatCounters, percent, TerminalView } from '../bench/terminal-view.js';
import type { ListedPort } from '../bench/usb-ids.js';
import { discoverPorts, listSerialPorts, NoPortsError } from '../bench/discover-ports.js';
import type { Ledger } from '../ledger/index.js';
import { describeIdentityError, IdentityError } from '../identity/identity-error.js';
import type { Issuer } from '../identity/issue.js';
import { registerJobWithScheme } from '../identity/ledger-job.js';
import { resolvePassphrase, PASSPHRASE_ENV } from '../identity/passphrase.js';
import { JobProblemsError, loadJob, type LoadedJob } from '../job/load-job.js';
import { choosePrinter, defaultPrintersPath, jobTemplatePath, loadLabelTemplate, loadPrintersFile } from '../labels/index.js';
import { labelFailure } from './label-options.js';
import { formatHelp, opt, parseArgs, type CommandSpec, type ParsedArgs } from './args.js';
import { DEMO_OPERATOR, simulateForJob, type SimulatedLine } from '../bench/simulated-line.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { ledgerFailure, ledgerOption, ledgerPath, withLedger } from './ledger-options.js';

const MAX_SIMULATED = 64;

export const benchSpec: CommandSpec = {
  command: 'bench',
  description:
    'The headless line: provision one board on every port at once — connect, read its chip and MAC, bind its identity in the ledger, ' +
    "build its fctry image, flash and verify everything, check its console, record it as provisioned. The job is checked first, and a job with problems touches no board. " +
    'With --continuous the line keeps going: each slot takes a board as it is plugged in, and the next once it has been taken away.',
  positionals: [],
  options: [
    { name: '--job', metavar: 'DIR', help: 'the job folder (job.json and the files it names)' },
    { name: '--ports', metavar: 'auto|P1,P2,...', help: 'the serial ports (default auto: every port of a known USB serial bridge or ESP USB)' },
    { name: '--simulate', metavar: 'N', help: `N simulated boards of the job's chip instead of ports (at most ${MAX_SIMULATED}): try the line without hardware` },
    { name: '--once', values: 0, help: 'one board per port, then stop (the default)' },
    {
      name: '--continuous',
      values: 0,
      help: 'keep the line running: provision each board as it is plugged in, wait for it to be taken away, take the next on that slot, until Ctrl-C',
    },
    ledgerOption,
    { name: '--retries', metavar: 'N', help: 'tries again after a failure that may pass, keeping the identity (default 1)' },
    { name: '--printer', metavar: 'NAME', help: "print each board's label on this printer (from the printers file) once it is recorded" },
    { name: '--printers', metavar: 'FILE', help: "the printers file (default: $FACTORY_BENCH_PRINTERS, else printers.json in the app's data folder)" },
    { name: '--passphrase-file', metavar: 'FILE', help: `the CA passphrase, for a job that issues certificates (else $${PASSPHRASE_ENV})` },
    { name: '--json', values: 0, help: 'print every event as one JSON line instead of the live view' },
    { name: '--log-dir', metavar: 'DIR', help: "one log file per slot in DIR, a line per event with its time, appended as the run goes (never a key or a certificate)" },
  ],
  epilog:
    'Ctrl-C (SIGINT) or SIGTERM stops the bench: no new board is taken, the running ones stop at their next step (a flash at once; ' +
    'their identity stays pending and the next run gives it back) and the summary is printed; a second one quits at once.\n' +
    'With --simulate N --continuous, a simulated operator swaps each finished board for a fresh one (a new MAC) a moment later.\n' +
    'Exit status: 0 when every board passed, 1 when one failed or was stopped or the job has problems, 2 for a wrong command line.',
};

function positiveInt(text: string | undefined, name: string, fallback: number, max: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} ${text}: give a whole number from ${min} to ${max}`);
  return value;
}

async function portsOf(spec: string): Promise<BenchPort[]> {
  try {
    return await discoverPorts(spec === 'auto' ? 'auto' : spec.split(','));
  } catch (error) {
    if (error instanceof NoPortsError) throw new CliError(`${error.message}\nhint: ${error.hint.replace('simulated boards', '--simulate 4')}`);
    throw error;
  }
}

/**
 * SIGINT and SIGTERM stop the bench gracefully the first time (the signal aborts) and end the
 * process the second time: every ledger write is one transaction, so nothing is left half done.
 */
function stopOnSignals(onStop: (name: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(name === 'SIGINT' ? 130 : 143);
    controller.abort();
    onStop(name);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

interface LineRun {
  job: BenchJob;
  ledger: Ledger;
  retries: number;
  onEvent: BenchListener;
  signal: AbortSignal;
  /** Text for the operator (not with --json). */
  say?: (text: string) => void;
}

async function runOnce(run: LineRun, ports: BenchPort[]): Promise<number> {
  const summary = await runBenchOnce({ job: run.job, ledger: run.ledger, ports, retries: run.retries, onEvent: run.onEvent, signal: run.signal });
  if (run.say) {
    const stopped = summary.stopped ? `, ${summary.stopped} stopped` : '';
    run.say(`bench: ${summary.pass} passed, ${summary.fail} failed${stopped}, yield ${percent(summary.yield)}, ${(summary.ms / 1000).toFixed(1)} s\n`);
    for (const outcome of summary.outcomes) {
      const failure = outcome.failure;
      if (!failure) continue;
      const what = failure.code === 'stopped' ? failure.message : `failed at ${failure.step}: ${failure.message}`;
      run.say(`  ${outcome.slot} (${outcome.port}): ${what}\n    hint: ${failure.hint}\n`);
    }
  }
  return summary.fail === 0 && summary.stopped === 0 ? 0 : 1;
}

async function runContinuous(run: LineRun, watch: { listPorts: () => Promise<ListedPort[]>; slots: 'auto' | string[]; binding?: SimulatedLine['binding'] }): Promise<number> {
  const summary = await runBenchContinuous({ job: run.job, ledger: run.ledger, retries: run.retries, onEvent: run.onEvent, signal: run.signal, ...watch });
  if (run.say) {
    run.say(`bench: stopped after ${(summary.ms / 1000).toFixed(1)} s: total ${formatCounters(summary)}\n`);
    for (const slot of summary.slots) run.say(`  ${slot.slot}: ${formatCounters(slot)}\n`);
    if (summary.stopped) run.say('  stopped boards keep their pending identity: run them again to finish them with the same serial\n');
  }
  return summary.fail === 0 && summary.stopped === 0 ? 0 : 1;
}

/** The job's label template and the chosen printer, when --printer is given; problems as one message before any board is touched. */
function labelSettings(args: ParsedArgs, io: CliIo, loaded: LoadedJob): BenchJob['label'] {
  const name = opt.one(args, 'printer');
  if (name === undefined) return undefined;
  try {
    const printersFile = opt.one(args, 'printers');
    const source = printersFile ? resolve(io.cwd, printersFile) : defaultPrintersPath();
    const printer = choosePrinter(loadPrintersFile(source), name, source);
    return { template: loadLabelTemplate(jobTemplatePath(loaded.dir, loaded.settings.labels), { constants: loaded.settings.constants ?? {} }), printer, constants: loaded.settings.constants ?? {} };
  } catch (error) {
    const failure = labelFailure(error);
    if (failure instanceof CliError) throw new CliError(`${failure.message}\n(no board was touched)`);
    throw failure;
  }
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(benchSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(benchSpec));
      return 0;
    }
    const jobDir = opt.one(args, 'job');
    if (!jobDir) throw new UsageError('--job DIR is required: the folder with job.json');
    const simulate = opt.one(args, 'simulate');
    const portsSpec = opt.one(args, 'ports');
    if (simulate !== undefined && portsSpec !== undefined) throw new UsageError('give --ports or --simulate, not both');
    const continuous = opt.flag(args, 'continuous');
    if (continuous && opt.flag(args, 'once')) throw new UsageError('give --once or --continuous, not both');
    const retries = positiveInt(opt.one(args, 'retries'), '--retries', 1, 10, 0);
    const count = simulate === undefined ? undefined : positiveInt(simulate, '--simulate', 1, MAX_SIMULATED);
    const json = opt.flag(args, 'json');
    const logDirOption = opt.one(args, 'log-dir');
    const logDir = logDirOption === undefined ? undefined : resolve(io.cwd, logDirOption);

    const dir = resolve(io.cwd, jobDir);
    let loaded;
    try {
      loaded = await loadJob(dir);
    } catch (error) {
      if (error instanceof JobProblemsError) throw new CliError(`${error.message}\nNo board was touched.`);
      throw error;
    }
    let issuer: Issuer | undefined;
    if (loaded.certificates.mode === 'issue') {
      try {
        const passphraseFile = opt.one(args, 'passphrase-file');
        const passphrase = await resolvePassphrase({ ...(passphraseFile ? { passphraseFile } : {}), env: process.env, cwd: io.cwd });
        issuer = (await loaded.certificates.open(passphrase)).issuer;
      } catch (error) {
        if (error instanceof IdentityError) throw new CliError(`${describeIdentityError(error)}\n(no board was touched)`);
        throw error;
      }
    }

    const label = labelSettings(args, io, loaded);
    if (!label && loaded.settings.labels && !json) io.err('bench: the job has labels, but no --printer was given: print them later with factory-bench label print\n');
    for (const notice of loaded.notices) if (!json) io.err(`bench: note: ${notice}\n`);
    const logs = logDir === undefined ? undefined : openLogs(logDir, io);
    return withLedger(ledgerPath(args, io), { create: true }, async (ledger) => {
      const ledgerJob = registerJobWithScheme(ledger, loaded.ledgerDefinition, loaded.serialScheme);
      const job = { ...(await benchJobFrom(loaded, ledgerJob, issuer)), ...(label ? { label } : {}) };
      const simulated = count === undefined ? undefined : await simulateForJob(count, loaded, job, continuous ? DEMO_OPERATOR : undefined);
      const ports = continuous ? [] : (simulated?.ports ?? (await portsOf(portsSpec ?? 'auto')));
      const live = io === processIo && process.stderr.isTTY === true;
      const view = json ? undefined : new TerminalView((text) => io.err(text), live, ports, () => process.stderr.columns);
      const listeners: BenchListener[] = [json ? (event) => io.out(`${JSON.stringify(event)}\n`) : (event) => view!.handle(event)];
      if (logs) listeners.push((event) => logs.handle(event));
      if (simulated) listeners.push((event) => simulated.onEvent(event));
      const stop = stopOnSignals((name) => {
        if (!json) io.err(`\nbench: ${name}: no new boards; the running ones stop at their next step (${name} again quits at once)\n`);
      });
      const say = (text: string) => {
        view?.stop();
        io.out(text);
      };
      const run: LineRun = { job, ledger, retries, signal: stop.signal, onEvent: (event) => listeners.forEach((listener) => listener(event)), ...(json ? {} : { say }) };
      if (!json) io.err(`bench: job "${job.name}" (${loaded.chip}, ${job.firmware.length} images + fctry at 0x${job.fctry.offset.toString(16)}) ${where(continuous, ports, simulated, portsSpec)}; ledger ${ledger.file}${logDir ? `; logs in ${logDir}` : ''}\n`);
      try {
        if (!continuous) return await runOnce(run, ports);
        if (simulated) return await runContinuous(run, { listPorts: simulated.listPorts, slots: 'auto', binding: simulated.binding });
        const slots = portsSpec === undefined || portsSpec === 'auto' ? 'auto' : portsSpec.split(',').map((path) => path.trim());
        return await runContinuous(run, { listPorts: listSerialPorts, slots });
      } catch (error) {
        throw ledgerFailure(error);
      } finally {
        stop.dispose();
        view?.stop();
        logs?.close();
        simulated?.close();
      }
    });
  },
};

function openLogs(dir: string, io: CliIo): PortLogs {
  try {
    return new PortLogs(dir, (slot, error) => io.err(`bench: cannot write the log of ${slot} in ${dir}: ${error.message}\n`));
  } catch (error) {
    throw new CliError(`cannot keep the logs in ${dir}: ${(error as Error).message}\n(no board was touched)`);
  }
}

/** Where the boards are, for the opening line. */
function where(continuous: boolean, ports: readonly BenchPort[], simulated: SimulatedLine | undefined, portsSpec: string | undefined): string {
  if (!continuous) return `on ${ports.length} port(s)`;
  const watched = simulated ? `${simulated.ports.length} simulated slot(s)` : portsSpec && portsSpec !== 'auto' ? portsSpec : 'every ESP serial port';
  return `continuous on ${watched}: plug boards in, take them away when done; Ctrl-C stops`;
}

export default command;
