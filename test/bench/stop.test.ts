import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBenchOnce, type BenchPort } from '../../src/main/bench/engine.js';
import type { BenchEvent, Step } from '../../src/main/bench/events.js';
import { verifyLedger } from '../../src/main/ledger/index.js';
import { caOnDisk } from '../identity/cert-fixtures.js';
import { expectFlashHolds, regionsFor } from '../flasher/fixtures.js';
import { openLedger, scratch } from '../ledger/fixtures.js';
import { createSimBoard, plugIn, simBinding, unplugAll, type SimBoard } from '../sim/index.js';
import { benchJob, firmwareConsole } from './fixtures.js';

afterEach(() => unplugAll());

const FIRMWARE = regionsFor('esp32c3', { seed: 42 });

function holdsFirmware(board: SimBoard): boolean {
  return FIRMWARE.every((region) => Buffer.from(board.readFlash(region.offset, region.data.length)).equals(Buffer.from(region.data)));
}

describe('stopping the bench', () => {
  it('stops a board mid-flash at once; its identity stays pending and the next run gives it the same serial and passes', async () => {
    const folder = scratch();
    const { ca } = await caOnDisk(folder);
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3', ca });
    const board = createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole });
    const port: BenchPort = { path: plugIn(board).path, slot: 'slot 1', binding: simBinding };

    const stop = new AbortController();
    const events: BenchEvent[] = [];
    let stoppedAt = 0;
    const summary = await runBenchOnce({
      job,
      ledger,
      ports: [port],
      retries: 2,
      signal: stop.signal,
      onEvent: (event) => {
        events.push(event);
        // The operator presses Ctrl-C while the first image is being written.
        if (event.type === 'progress' && event.phase === 'write' && event.done > 0 && !stop.signal.aborted) {
          stoppedAt = performance.now();
          stop.abort();
        }
      },
    });
    expect(performance.now() - stoppedAt, 'the flash stops at once, not at its end').toBeLessThan(1000);
    expect(summary).toMatchObject({ pass: 0, fail: 0, stopped: 1 });
    expect(summary.outcomes[0]!.failure).toMatchObject({ step: 'flashing', code: 'stopped' });
    expect(events.filter((event) => event.type === 'board-failed')).toMatchObject([{ step: 'flashing', code: 'stopped', willRetry: false, mac: board.macAddress }]);
    expect(events.at(-1)).toMatchObject({ type: 'summary', pass: 0, fail: 0, stopped: 1 });
    expect(holdsFirmware(board), 'the flash was left unfinished').toBe(false);

    const pending = ledger.queries.findByMac(board.macAddress)!;
    expect(pending).toMatchObject({ status: 'pending', lastStep: 'flashing:failed' });
    const failed = ledger.queries.detail(board.macAddress)!.events.filter((event) => event.data['outcome'] === 'failed');
    expect(failed).toMatchObject([{ data: { step: 'flashing', outcome: 'failed', code: 'stopped' } }]);

    const again = await runBenchOnce({ job, ledger, ports: [port] });
    expect(again).toMatchObject({ pass: 1, fail: 0, stopped: 0 });
    expect(again.outcomes[0]!.result).toMatchObject({ serial: pending.serial, reused: true });
    expectFlashHolds((offset, length) => board.readFlash(offset, length), FIRMWARE);
    const detail = ledger.queries.detail(board.macAddress)!;
    expect(detail.identities).toMatchObject([{ serial: pending.serial, status: 'provisioned' }]);
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });

  it('stops a board at its next step wherever it is: nothing half recorded, the same serial on the next run', async () => {
    const folder = scratch();
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3' });
    // Where the operator stops each board (the step whose event is seen, or a time into the run), and what the board then records.
    const cases: { at: Step | number; step: Step; message: RegExp; ledger: string | undefined }[] = [
      { at: 'connecting', step: 'connecting', message: /before connecting/, ledger: undefined },
      // Resetting into the bootloader and syncing: the port is closed under the loader.
      { at: 100, step: 'connecting', message: /during connecting/, ledger: undefined },
      { at: 'allocating', step: 'building', message: /before building/, ledger: 'building:failed' },
      { at: 'checking', step: 'checking', message: /during checking/, ledger: 'checking:failed' },
    ];
    const boards = cases.map(() => createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole }));
    const ports = boards.map((board, i): BenchPort => ({ path: plugIn(board).path, slot: `slot ${i + 1}`, binding: simBinding }));
    const runs = await Promise.all(
      cases.map((stopAt, i) => {
        const stop = new AbortController();
        if (typeof stopAt.at === 'number') setTimeout(() => stop.abort(), stopAt.at);
        const onEvent = (event: BenchEvent) => {
          if (event.type === 'step' && event.step === stopAt.at) stop.abort();
        };
        return runBenchOnce({ job, ledger, ports: [ports[i]!], signal: stop.signal, onEvent });
      }),
    );
    for (const [i, stopAt] of cases.entries()) {
      expect(runs[i]!.outcomes[0]!.failure, String(stopAt.at)).toMatchObject({ step: stopAt.step, code: 'stopped', message: expect.stringMatching(stopAt.message) });
      expect(ledger.queries.findByMac(boards[i]!.macAddress)?.lastStep, String(stopAt.at)).toBe(stopAt.ledger);
    }
    const serials = boards.map((board) => ledger.queries.findByMac(board.macAddress)?.serial);

    const again = await runBenchOnce({ job, ledger, ports });
    expect(again).toMatchObject({ pass: 4, fail: 0, stopped: 0 });
    for (const [i, board] of boards.entries()) {
      const row = ledger.queries.findByMac(board.macAddress)!;
      expect(row.status).toBe('provisioned');
      if (serials[i]) expect(row.serial).toBe(serials[i]);
      expect(ledger.queries.detail(board.macAddress)!.identities).toHaveLength(1);
    }
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });
});
