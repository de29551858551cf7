import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardFailure } from '../../src/main/bench/board-failure.js';
import type { BenchEvent } from '../../src/main/bench/events.js';
import { PortLogs, slotFileName } from '../../src/main/bench/port-log.js';
import { verifyLedger } from '../../src/main/ledger/index.js';
import { runCli } from '../helpers/run-cli.js';
import { useExampleCopies, withPassphrase } from '../job/fixtures.js';
import { openLedger } from '../ledger/fixtures.js';
import { unplugAll } from '../sim/index.js';

const copyExample = useExampleCopies();
afterEach(() => unplugAll());

const parseEvents = (stdout: string): BenchEvent[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as BenchEvent);

/** Each slot's log as events, after checking every line is "ISO-time JSON" and holds no key or certificate. */
function readLogs(dir: string): Map<string, BenchEvent[]> {
  const logs = new Map<string, BenchEvent[]>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).not.toMatch(/PRIVATE KEY|CERTIFICATE|-----BEGIN/);
    const events = text.trimEnd().split('\n').map((line) => {
      const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\{.*\})$/.exec(line);
      expect(match, line).not.toBeNull();
      return JSON.parse(match![2]!) as BenchEvent;
    });
    logs.set(file, events);
  }
  return logs;
}

/** What each slot's log must hold: the slot's events in order, but the progress ticks. */
function expectLogsHoldEvents(logDir: string, events: BenchEvent[]): void {
  const expected = new Map<string, BenchEvent[]>();
  for (const event of events) {
    if (event.type === 'progress' || event.type === 'summary') continue;
    const file = slotFileName(event.slot);
    expected.set(file, [...(expected.get(file) ?? []), event]);
  }
  expect(readLogs(logDir)).toEqual(expected);
}

describe('factory-bench bench: per-port logs and the continuous line', () => {
  it('--log-dir: one file per slot, a timed line per event, no key or certificate although every board got both', async () => {
    const dir = copyExample();
    const result = await runCli(['bench', '--job', dir, '--simulate', '2', '--json', '--log-dir', 'logs', '--ledger', 'ledger.sqlite', '--passphrase-file', withPassphrase(dir)], dir);
    expect(result.code, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(events.filter((event) => event.type === 'board-done')).toHaveLength(2);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['sim_1.log', 'sim_2.log']);
    expectLogsHoldEvents(join(dir, 'logs'), events);
    // The boards did get keys and certificates: they are in their images, not in the logs.
    const ledger = openLedger(join(dir, 'ledger.sqlite'));
    for (const event of events) if (event.type === 'board-done') expect(ledger.queries.findByMac(event.mac)!.certFingerprint).toMatch(/^[0-9a-f]{64}$/);
    ledger.close();
  });

  it('a PEM block in a failure message never reaches a log', () => {
    const dir = join(copyExample(), 'logs');
    const logs = new PortLogs(dir);
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    const failure = BoardFailure.from(new Error(`value too long for its entry: ${key}`), 'building', {});
    logs.handle({ type: 'board-failed', port: 'COM3', slot: 'COM3', step: failure.step, code: failure.code, message: failure.message, hint: failure.hint, attempt: 1, willRetry: false });
    logs.handle({ type: 'board-failed', port: 'COM3', slot: 'COM3', step: 'building', code: 'internal', message: `another ${key}`, hint: '', attempt: 1, willRetry: false });
    logs.close();
    const [first, second] = readLogs(dir).get('COM3_.log')!;
    expect(first).toMatchObject({ message: 'value too long for its entry: [private key removed]' });
    expect(second).toMatchObject({ message: 'another [private key removed]' });
  });

  it('--continuous --simulate: swaps in fresh boards until SIGINT, then prints the counters; each slot has its log', async () => {
    const dir = copyExample();
    const logDir = join(dir, 'logs');
    const running = runCli(['bench', '--job', dir, '--simulate', '2', '--continuous', '--json', '--log-dir', 'logs', '--ledger', 'ledger.sqlite', '--passphrase-file', withPassphrase(dir)], dir);
    let signalled: boolean;
    try {
      // The logs are written as the run goes: wait there for a third board, one the simulated operator plugged in.
      const until = performance.now() + 15_000;
      const boardsDone = () => (existsSync(logDir) ? readdirSync(logDir).map((file) => readFileSync(join(logDir, file), 'utf8').split('"type":"board-done"').length - 1) : []).reduce((a, b) => a + b, 0);
      while (boardsDone() < 3 && performance.now() < until) await sleep(50);
      expect(boardsDone()).toBeGreaterThanOrEqual(3);
    } finally {
      signalled = process.emit('SIGINT', 'SIGINT');
    }
    expect(signalled, 'the bench listens for SIGINT').toBe(true);
    const result = await running;
    expect(process.listenerCount('SIGINT'), 'the bench lets go of SIGINT').toBe(0);

    const events = parseEvents(result.stdout);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', slots: [{ slot: 'usb 1-1' }, { slot: 'usb 1-2' }] });
    if (summary.type !== 'summary') throw new Error('no summary');
    expect(result.code, result.stderr).toBe(summary.fail === 0 && summary.stopped === 0 ? 0 : 1);
    const done = events.filter((event) => event.type === 'board-done');
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(summary.pass).toBe(done.length);
    expect(new Set(done.map((event) => event.mac)).size).toBe(done.length);
    expect(new Set(done.map((event) => event.serial)).size).toBe(done.length);
    // The operator took a finished board away and plugged a fresh one into the same slot.
    const swapped = events.filter((event) => event.type === 'slot' && event.slot === done[0]!.slot).map((event) => (event as { state: string }).state);
    expect(swapped.slice(0, 3)).toEqual(['plugged', 'removed', 'plugged']);
    expect(events.filter((event) => event.type === 'counters').at(-1)).toMatchObject({ total: { pass: summary.pass, fail: summary.fail, stopped: summary.stopped } });
    expectLogsHoldEvents(logDir, events);
    expect(verifyLedger(join(dir, 'ledger.sqlite')).ok).toBe(true);
  });

  it('without --json: the view prints each change and the counters, the summary gives them per slot', async () => {
    const dir = copyExample();
    const logDir = join(dir, 'logs');
    const running = runCli(['bench', '--job', dir, '--simulate', '2', '--continuous', '--log-dir', 'logs', '--ledger', 'ledger.sqlite', '--passphrase-file', withPassphrase(dir)], dir);
    try {
      const until = performance.now() + 10_000;
      const ended = () => (existsSync(logDir) ? readdirSync(logDir).filter((file) => readFileSync(join(logDir, file), 'utf8').includes('"type":"counters"')).length : 0);
      while (ended() < 2 && performance.now() < until) await sleep(50);
    } finally {
      process.emit('SIGTERM', 'SIGTERM');
    }
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/continuous on 2 simulated slot\(s\)/);
    expect(result.stderr).toMatch(/^usb 1-1 +esp32c3 +24:0a:c4(:[0-9a-f]{2}){3} +WDG-\d{4}-\d{5} +done +\[#{20}\] +[\d.]+ s$/m);
    expect(result.stderr).toMatch(/^usb 1-1 +pass 1 fail 0 yield 100\.0 % {2}\(total pass [12] fail 0 yield 100\.0 %\)$/m);
    expect(result.stderr).toMatch(/\(total pass 2 fail 0 yield 100\.0 %\)\n/);
    expect(result.stderr).toMatch(/SIGTERM: no new boards/);
    expect(result.stdout.replace(/after [\d.]+ s/, 'after N s')).toBe(
      ['bench: stopped after N s: total pass 2 fail 0 yield 100.0 %', '  usb 1-1: pass 1 fail 0 yield 100.0 %', '  usb 1-2: pass 1 fail 0 yield 100.0 %', ''].join('\n'),
    );
  });

  it('refuses --once with --continuous', async () => {
    const dir = copyExample();
    const result = await runCli(['bench', '--job', dir, '--simulate', '1', '--once', '--continuous'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--once or --continuous, not both/);
  });
});
