import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchJobFrom } from '../bench/from-loaded-job.js';
import { runBenchOnce, type BenchPort } from '../bench/engine.js';
import type { BenchEvent } from '../bench/events.js';
import { TerminalView } from '../bench/terminal-view.js';
import { bridgeOf, slotOf } from '../bench/usb-ids.js';
import { describeIdentityError, IdentityError } from '../identity/identity-error.js';
import type { Issuer } from '../identity/issue.js';
import { registerJobWithScheme } from '../identity/ledger-job.js';
import { resolvePassphrase, PASSPHRASE_ENV } from '../identity/passphrase.js';
import { JobProblemsError, loadJob } from '../job/load-job.js';
import { formatHelp, opt, parseArgs, type CommandSpec } from './args.js';
import { simulateBoards, serialEntry, type SimulatedLine } from './bench-simulate.js';
import type { Command } from './commands.js';
import { CliError, UsageError } from './errors.js';
import { processIo } from './io.js';
import { ledgerFailure, ledgerOption, ledgerPath, withLedger } from './ledger-options.js';

const MAX_SIMULATED = 64;

export const benchSpec: CommandSpec = {
  command: 'bench',
  description:
    'The headless line: provision one board on every port at once — connect, read its chip and MAC, bind its identity in the ledger, ' +
    "build its fctry image, flash and verify everything, check its console, record it as provisioned. The job is checked first, and a job with problems touches no board.",
  positionals: [],
  options: [
    { name: '--job', metavar: 'DIR', help: 'the job folder (job.json and the files it names)' },
    { name: '--ports', metavar: 'auto|P1,P2,...', help: 'the serial ports (default auto: every port of a known USB serial bridge or ESP USB)' },
    { name: '--simulate', metavar: 'N', help: `N simulated boards of the job's chip instead of ports (at most ${MAX_SIMULATED}): try the line without hardware` },
    { name: '--once', values: 0, help: 'one board per port, then stop (the default)' },
    ledgerOption,
    { name: '--retries', metavar: 'N', help: 'tries again after a failure that may pass, keeping the identity (default 1)' },
    { name: '--passphrase-file', metavar: 'FILE', help: `the CA passphrase, for a job that issues certificates (else $${PASSPHRASE_ENV})` },
    { name: '--json', values: 0, help: 'print every event as one JSON line instead of the live view' },
  ],
  epilog: 'Exit status: 0 when every board passed, 1 when one failed or the job has problems, 2 for a wrong command line.',
};

function positiveInt(text: string | undefined, name: string, fallback: number, max: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} ${text}: give a whole number from ${min} to ${max}`);
  return value;
}

async function discoverPorts(spec: string): Promise<BenchPort[]> {
  const { SerialPort } = await import('serialport');
  const listed = await SerialPort.list();
  if (spec !== 'auto') {
    return spec.split(',').map((path) => {
      const known = listed.find((port) => port.path === path.trim());
      return { path: path.trim(), slot: known ? slotOf(known) : path.trim() };
    });
  }
  const ports = listed.filter((port) => bridgeOf(port)).map((port) => ({ path: port.path, slot: slotOf(port) }));
  if (ports.length === 0) {
    throw new CliError(`no ESP serial port found (${listed.length} serial port(s) seen, none a known USB bridge)\nhint: plug the boards in, name the ports with --ports /dev/ttyUSB0,/dev/ttyUSB1, or try --simulate 4`);
  }
  return ports.sort((a, b) => a.slot.localeCompare(b.slot));
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
    const retries = positiveInt(opt.one(args, 'retries'), '--retries', 1, 10, 0);
    const json = opt.flag(args, 'json');
    const emit = (event: BenchEvent) => io.out(`${JSON.stringify(event)}\n`);

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

    return withLedger(ledgerPath(args, io), { create: true }, async (ledger) => {
      const ledgerJob = registerJobWithScheme(ledger, loaded.ledgerDefinition, loaded.serialScheme);
      const job = await benchJobFrom(loaded, ledgerJob, issuer);
      let simulated: SimulatedLine | undefined;
      let ports: BenchPort[];
      if (simulate !== undefined) {
        const templateFile = join(dir, loaded.settings.nvs.template);
        const serialAt = serialEntry(readFileSync(templateFile, 'utf8'), templateFile);
        simulated = await simulateBoards(positiveInt(simulate, '--simulate', 1, MAX_SIMULATED), {
          chip: loaded.chip,
          fctry: job.fctry,
          ...(job.check ? { checkPattern: job.check.pattern } : {}),
          ...(serialAt ? { serialAt } : {}),
        });
        ports = simulated.ports;
      } else {
        ports = await discoverPorts(portsSpec ?? 'auto');
      }
      const view = json ? undefined : new TerminalView((text) => io.err(text), io === processIo && process.stderr.isTTY === true, ports);
      if (!json) io.err(`bench: job "${job.name}" (${loaded.chip}, ${job.firmware.length} images + fctry at 0x${job.fctry.offset.toString(16)}) on ${ports.length} port(s); ledger ${ledger.file}\n`);
      try {
        const summary = await runBenchOnce({ job, ledger, ports, retries, onEvent: json ? emit : (event) => view!.handle(event) });
        view?.stop();
        if (!json) {
          io.out(`bench: ${summary.pass} passed, ${summary.fail} failed, yield ${(summary.yield * 100).toFixed(1)} %, ${(summary.ms / 1000).toFixed(1)} s\n`);
          for (const outcome of summary.outcomes) {
            if (outcome.failure) io.out(`  ${outcome.slot} (${outcome.port}): failed at ${outcome.failure.step}: ${outcome.failure.message}\n    hint: ${outcome.failure.hint}\n`);
          }
        }
        return summary.fail === 0 ? 0 : 1;
      } catch (error) {
        throw ledgerFailure(error);
      } finally {
        view?.stop();
        simulated?.close();
      }
    });
  },
};

export default command;
