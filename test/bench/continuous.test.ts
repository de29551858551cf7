import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runBenchContinuous, type ContinuousOptions } from '../../src/main/bench/continuous.js';
import { runBenchOnce } from '../../src/main/bench/engine.js';
import type { BenchEvent } from '../../src/main/bench/events.js';
import { slotOf, type ListedPort } from '../../src/main/bench/usb-ids.js';
import { usbInterfaceOf, withUsbLocations } from '../../src/main/bench/usb-location.js';
import { SIM_FAULTS } from '../../src/main/cli/sim-faults.js';
import { verifyLedger, type Ledger } from '../../src/main/ledger/index.js';
import { decodeImage, findValue, readValues } from '../../src/shared/nvs/decode/index.js';
import { caOnDisk } from '../identity/cert-fixtures.js';
import { openLedger, scratch } from '../ledger/fixtures.js';
import { createSimBoard, plugIn, simBinding, unplugAll, type SimBoard } from '../sim/index.js';
import { benchJob, FCTRY, firmwareConsole } from './fixtures.js';

// A line left running by a failed test would take the next test's boards.
const lines: AbortController[] = [];
afterEach(() => {
  for (const stop of lines.splice(0)) stop.abort();
  unplugAll();
});

type Job = Awaited<ReturnType<typeof benchJob>>;

/** A continuous line on the simulated USB bus, polled fast; its events, and a way to wait for one. */
function startLine(job: Job, ledger: Ledger, options: Partial<ContinuousOptions> = {}) {
  const stop = new AbortController();
  lines.push(stop);
  const events: BenchEvent[] = [];
  const running = runBenchContinuous({
    job,
    ledger,
    listPorts: () => simBinding.list(),
    binding: simBinding,
    pollMs: 40,
    settleMs: 120,
    retries: 0,
    onEvent: (event) => events.push(event),
    signal: stop.signal,
    ...options,
  });
  const waitFor = async (what: string, found: (event: BenchEvent) => boolean, timeoutMs = 10_000): Promise<BenchEvent> => {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const event = events.find(found);
      if (event) return event;
      if (performance.now() > until) throw new Error(`no ${what} within ${timeoutMs} ms; events: ${events.map((e) => `${e.type}${'slot' in e ? ` ${e.slot}` : ''}`).join(', ')}`);
      await sleep(20);
    }
  };
  const finished = (board: SimBoard) => (event: BenchEvent) => (event.type === 'board-done' || (event.type === 'board-failed' && !event.willRetry)) && event.mac === board.macAddress;
  return { events, waitFor, finished, stop: async () => (stop.abort(), running) };
}

const c3 = () => createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole });
const index = (events: BenchEvent[], found: (event: BenchEvent) => boolean) => events.findIndex(found);

describe('the continuous line', () => {
  it('takes boards as they are plugged in on three slots, waits for each to be taken away, keeps slots by USB socket, and counts pass, fail and yield', async () => {
    const folder = scratch();
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3' });
    const line = startLine(job, ledger);

    const a = c3();
    const portA = plugIn(a, { locationId: '1-1', path: 'sim://tty0' });
    await line.waitFor('A flashing', (event) => event.type === 'step' && event.step === 'flashing' && event.mac === a.macAddress);
    // Two more boards while A is flashing: B on socket 2, and an ESP32-S3 on socket 3, the wrong chip for the job.
    const b = c3();
    const portB = plugIn(b, { locationId: '1-2', path: 'sim://tty1' });
    const s3 = createSimBoard({ chip: 'esp32s3', consoleLines: firmwareConsole });
    plugIn(s3, { locationId: '1-3' });
    await line.waitFor('A done', line.finished(a));
    await line.waitFor('B done', line.finished(b));
    // The wrong chip is refused before its MAC is read.
    await line.waitFor('S3 refused', (event) => event.type === 'board-failed' && event.slot === 'usb 1-3');
    expect(index(line.events, (event) => event.type === 'step' && event.slot === 'usb 1-2'), 'B starts before A ends').toBeLessThan(index(line.events, line.finished(a)));

    // Finished boards that stay plugged in are not taken again.
    await sleep(300);
    const connects = (slot: string) => line.events.filter((event) => event.type === 'step' && event.step === 'connecting' && event.slot === slot).length;
    expect([connects('usb 1-1'), connects('usb 1-2'), connects('usb 1-3')]).toEqual([1, 1, 1]);

    // A and B are taken away; the next board on socket 1 gets the device name B had: it is still socket 1's board.
    portA.unplug();
    portB.unplug();
    await line.waitFor('socket 1 empty', (event) => event.type === 'slot' && event.slot === 'usb 1-1' && event.state === 'removed');
    await line.waitFor('socket 2 empty', (event) => event.type === 'slot' && event.slot === 'usb 1-2' && event.state === 'removed');
    const a2 = c3();
    plugIn(a2, { locationId: '1-1', path: 'sim://tty1' });
    expect(await line.waitFor('A2 done', line.finished(a2))).toMatchObject({ type: 'board-done', slot: 'usb 1-1', port: 'sim://tty1' });
    const summary = await line.stop();

    expect(summary).toMatchObject({ pass: 3, fail: 1, stopped: 0, yield: 0.75 });
    expect(summary.slots).toEqual([
      { slot: 'usb 1-1', pass: 2, fail: 0, stopped: 0, yield: 1 },
      { slot: 'usb 1-2', pass: 1, fail: 0, stopped: 0, yield: 1 },
      { slot: 'usb 1-3', pass: 0, fail: 1, stopped: 0, yield: 0 },
    ]);
    const counters = line.events.filter((event) => event.type === 'counters');
    expect(counters).toHaveLength(4);
    expect(counters.at(-1)).toMatchObject({ slot: 'usb 1-1', total: { pass: 3, fail: 1, yield: 0.75 } });
    expect(line.events.at(-1)).toMatchObject({ type: 'summary', pass: 3, fail: 1, yield: 0.75 });
    const socket1 = line.events.filter((event) => event.type === 'slot' && event.slot === 'usb 1-1');
    expect(socket1).toMatchObject([{ state: 'plugged', port: 'sim://tty0' }, { state: 'removed' }, { state: 'plugged', port: 'sim://tty1' }]);

    const serials = [a, b, a2].map((board) => ledger.queries.findByMac(board.macAddress));
    expect(serials.map((row) => row?.status)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    expect(new Set(serials.map((row) => row!.serial)).size).toBe(3);
    expect(ledger.queries.findByMac(s3.macAddress)).toBeUndefined();
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });

  it('knows a board by its MAC on any slot: a failed board re-plugged elsewhere gets its serial and certificate back', async () => {
    const folder = scratch();
    const { ca } = await caOnDisk(folder);
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3', ca });
    const line = startLine(job, ledger);

    // Its flash fails once: the line does not retry (retries 0), the operator moves it to another socket.
    const board = createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole, faults: SIM_FAULTS['flash-write-error'].specs });
    const first = plugIn(board, { locationId: '1-1' });
    const failed = await line.waitFor('the failure', line.finished(board));
    expect(failed).toMatchObject({ type: 'board-failed', slot: 'usb 1-1', step: 'flashing' });
    const pending = ledger.queries.findByMac(board.macAddress)!;
    expect(pending).toMatchObject({ status: 'pending', lastStep: 'flashing:failed' });
    first.unplug();
    plugIn(board, { locationId: '1-2' });
    const done = await line.waitFor('the pass', (event) => event.type === 'board-done' && event.mac === board.macAddress);
    const summary = await line.stop();

    expect(done).toMatchObject({ type: 'board-done', slot: 'usb 1-2', serial: pending.serial, reused: true });
    const row = ledger.queries.findByMac(board.macAddress)!;
    expect(row).toMatchObject({ status: 'provisioned', serial: pending.serial, certFingerprint: pending.certFingerprint });
    expect(ledger.queries.detail(board.macAddress)!.identities).toHaveLength(1);
    const values = readValues(decodeImage(board.readFlash(FCTRY.offset, FCTRY.size)));
    const cert = findValue(values, 'fctry', 'cert');
    expect(cert?.type).toBe('string');
    expect(new X509Certificate(cert!.value as string).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(pending.certFingerprint);
    expect(summary).toMatchObject({ pass: 1, fail: 1, yield: 0.5 });
    expect(summary.slots).toEqual([
      { slot: 'usb 1-1', pass: 0, fail: 1, stopped: 0, yield: 0 },
      { slot: 'usb 1-2', pass: 1, fail: 0, stopped: 0, yield: 1 },
    ]);
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });

  it('stops when the signal aborts: no new board, the running one stopped mid-flash and counted as stopped, its serial kept', async () => {
    const folder = scratch();
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3' });
    const line = startLine(job, ledger);
    const a = c3();
    plugIn(a, { locationId: '1-1' });
    await line.waitFor('A done', line.finished(a));
    const b = c3();
    const portB = plugIn(b, { locationId: '1-2' });
    await line.waitFor('B writing', (event) => event.type === 'progress' && event.slot === 'usb 1-2' && event.done > 0);
    const stopping = performance.now();
    const summary = await line.stop();
    expect(performance.now() - stopping).toBeLessThan(1500);

    // A board plugged in after the stop is not taken.
    plugIn(c3(), { locationId: '1-3' });
    await sleep(150);
    expect(line.events.some((event) => event.type === 'slot' && event.slot === 'usb 1-3')).toBe(false);
    expect(summary).toMatchObject({ pass: 1, fail: 0, stopped: 1, yield: 1 });
    expect(summary.slots).toEqual([
      { slot: 'usb 1-1', pass: 1, fail: 0, stopped: 0, yield: 1 },
      { slot: 'usb 1-2', pass: 0, fail: 0, stopped: 1, yield: 1 },
    ]);
    expect(line.events.find(line.finished(b))).toMatchObject({ type: 'board-failed', step: 'flashing', code: 'stopped' });
    const pending = ledger.queries.findByMac(b.macAddress)!;
    expect(pending).toMatchObject({ status: 'pending', lastStep: 'flashing:failed' });

    const again = await runBenchOnce({ job, ledger, ports: [{ path: portB.path, slot: 'usb 1-2', binding: simBinding }] });
    expect(again.outcomes[0]!.result).toMatchObject({ serial: pending.serial, reused: true });
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });

  it('does not take a finished board again when its port drops off for a moment, but takes a different board at once', async () => {
    const folder = scratch();
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3', check: false });
    const line = startLine(job, ledger, { settleMs: 1000 });
    const a = c3();
    const first = plugIn(a, { locationId: '1-1' });
    await line.waitFor('A done', line.finished(a));
    // Gone for a few polls, back with the same USB serial number: the same board re-enumerating.
    first.unplug();
    await sleep(200);
    const back = plugIn(a, { locationId: '1-1' });
    await sleep(300);
    expect(line.events.filter((event) => event.type === 'slot' && event.slot === 'usb 1-1')).toMatchObject([{ state: 'plugged' }]);
    // Swapped quicker than the settle time, but another board (another USB serial number): taken at once.
    back.unplug();
    const b = c3();
    const portB = plugIn(b, { locationId: '1-1' });
    await line.waitFor('B taken before the settle time', (event) => event.type === 'slot' && event.state === 'plugged' && event.port === portB.path, 600);
    await line.waitFor('B done', line.finished(b));
    const summary = await line.stop();
    expect(summary).toMatchObject({ pass: 2, fail: 0, slots: [{ slot: 'usb 1-1', pass: 2 }] });
    expect(line.events.filter((event) => event.type === 'slot').map((event) => (event as { state: string }).state)).toEqual(['plugged', 'removed', 'plugged']);
    ledger.close();
  });

  it('names a Linux tty by its USB socket and interface, so that renumbered device names keep their slot', () => {
    const ttyUsb = '/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.2/1-1.2:1.0/ttyUSB0';
    const ttyAcm = '/sys/devices/pci0000:00/0000:00:14.0/usb3/3-4/3-4:1.0';
    expect([usbInterfaceOf(ttyUsb), usbInterfaceOf(ttyAcm), usbInterfaceOf('/sys/devices/platform/serial8250/tty/ttyS0')]).toEqual(['1-1.2:1.0', '3-4:1.0', undefined]);
    // A dual bridge: two interfaces of one USB device, two slots.
    expect(slotOf({ path: '/dev/ttyUSB1', locationId: usbInterfaceOf('/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.2/1-1.2:1.1/ttyUSB1') })).toBe('usb 1-1.2:1.1');
    expect(withUsbLocations([{ path: '/dev/ttyUSB0', locationId: '1-3' }], 'linux')).toEqual([{ path: '/dev/ttyUSB0', locationId: '1-3' }]);
  });

  it("never takes a board on the chip's own USB again on the same slot (it drops off at every reset), but a board behind a bridge once it was away", async () => {
    const folder = scratch();
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3', check: false });
    // Ports as the system lists them, with no board behind them: each attempt fails at once (the port cannot be opened).
    let listed: ListedPort[] = [];
    const espUsb = (serialNumber: string): ListedPort => ({ path: '/dev/ttyACM0', vendorId: '303a', productId: '1001', serialNumber, locationId: '1-1' });
    const bridge = (serialNumber: string): ListedPort => ({ path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60', serialNumber, locationId: '1-2' });
    const line = startLine(job, ledger, { listPorts: async () => listed, settleMs: 100 });
    const attempts = (slot: string) => line.events.filter((event) => event.type === 'slot' && event.state === 'plugged' && event.slot === slot).length;
    const cycle = async (...ports: ListedPort[]) => {
      listed = [];
      await sleep(300);
      listed = ports;
      await sleep(300);
    };
    listed = [espUsb('24:0A:C4:00:00:01'), bridge('0001')];
    await line.waitFor('both ended', () => line.events.filter((event) => event.type === 'counters').length === 2);
    await cycle(espUsb('24:0A:C4:00:00:01'), bridge('0001'));
    expect([attempts('usb 1-1'), attempts('usb 1-2')]).toEqual([1, 2]);
    await cycle(espUsb('24:0A:C4:00:00:02'));
    expect(attempts('usb 1-1')).toBe(2);
    const summary = await line.stop();
    expect(summary).toMatchObject({ pass: 0, fail: 4 });
    expect(line.events.filter((event) => event.type === 'board-failed').map((event) => (event as { code: string }).code)).toEqual(['port-open-failed', 'port-open-failed', 'port-open-failed', 'port-open-failed']);
    ledger.close();
  });
});
