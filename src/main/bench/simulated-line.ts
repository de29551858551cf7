import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNvsCsv } from '../../shared/nvs/csv.js';
import { decodeImage, findValue, readValues } from '../../shared/nvs/decode/index.js';
import type { BenchPort } from './engine.js';
import type { BenchEvent } from './events.js';
import { slotOf, type ListedPort } from './usb-ids.js';
import type { ChipName, SerialBinding } from '../esp/index.js';
import type { LoadedJob } from '../job/load-job.js';
import type { BenchJob } from './bench-job.js';

export interface SimulatedLine {
  ports: BenchPort[];
  /** The boards plugged in first, to look into after the run (tests); a demo's fresh boards are not kept. */
  boards: { path: string; mac: string; readFlash(offset: number, length: number): Uint8Array }[];
  /** What is plugged in now, as serialport's list() would say. */
  listPorts(): Promise<ListedPort[]>;
  binding: SerialBinding;
  /** For the continuous demo: sees each board end and has the operator swap it for a fresh one. */
  onEvent(event: BenchEvent): void;
  close(): void;
}

/** The continuous demo's operator: takes a finished board away after `removeMs`, plugs a fresh one `plugMs` later. */
export interface SimulatedOperator {
  removeMs: number;
  plugMs: number;
}

/** The simulated operator of the continuous demo: takes a finished board away, then plugs the next one in. */
export const DEMO_OPERATOR: SimulatedOperator = { removeMs: 1500, plugMs: 1000 };

/** Where the template puts the serial: the namespace and key of the row whose value is {{serial}}. */
export function serialEntry(templateText: string, file: string): { namespace: string; key: string } | undefined {
  let namespace = '';
  for (const row of parseNvsCsv(templateText, file)) {
    if (row.type === 'namespace') namespace = row.key;
    else if (row.value?.trim() === '{{serial}}') return { namespace, key: row.key };
  }
  return undefined;
}

/**
 * N simulated boards of the job's chip, plugged in through the in-process
 * serialport binding, each in its own USB socket. Their firmware behaves like the
 * job's: after boot it reads its fctry partition and prints the check line with
 * the serial it finds there, so the check step sees what a real board would print.
 * With an `operator`, each board that ends is swapped for a fresh one (a new MAC)
 * in the same socket, so a continuous line keeps running.
 */
export async function simulateBoards(
  count: number,
  job: { chip: ChipName; fctry: { offset: number; size: number }; checkPattern?: string; serialAt?: { namespace: string; key: string } },
  operator?: SimulatedOperator,
): Promise<SimulatedLine> {
  const sim = await import('../../../test/sim/index.js');
  const firmwareConsole = (ctx: { mac: string; readFlash(offset: number, length: number): Uint8Array }): string[] => {
    const lines = ['I (305) app_main: starting'];
    if (!job.checkPattern || !job.serialAt) return lines;
    const value = findValue(readValues(decodeImage(ctx.readFlash(job.fctry.offset, job.fctry.size))), job.serialAt.namespace, job.serialAt.key);
    if (value?.type !== 'string') return [...lines, 'E (312) fctry: no serial in the factory partition'];
    return [...lines, job.checkPattern.replaceAll('{{serial}}', value.value).replaceAll('{{mac}}', ctx.mac)];
  };
  let made = 0;
  const plug = (socket: number) => sim.plugIn(sim.createSimBoard({ chip: job.chip, consoleLines: firmwareConsole, seed: 0x5100 + made++ }), { locationId: `1-${socket + 1}` });
  const sockets = Array.from({ length: count }, (_, socket) => plug(socket));
  const boards = sockets.map(({ path, board }) => ({ path, mac: board.macAddress, readFlash: (offset: number, length: number) => board.readFlash(offset, length) }));
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) work();
    }, ms);
    timers.add(timer);
  };
  return {
    ports: sockets.map((port, i) => ({ path: port.path, slot: `sim ${i + 1}`, binding: sim.simBinding })),
    boards,
    listPorts: () => sim.simBinding.list(),
    binding: sim.simBinding,
    onEvent: (event) => {
      if (!operator || event.type !== 'counters') return;
      const socket = sockets.findIndex((port) => slotOf(port.info) === event.slot);
      if (socket < 0) return;
      later(operator.removeMs, () => {
        sockets[socket]!.unplug();
        later(operator.plugMs, () => (sockets[socket] = plug(socket)));
      });
    },
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const port of sockets) port.unplug();
    },
  };
}

/** Simulated boards that behave like the job's: its chip, and firmware that prints the job's check line with the serial in its fctry image. */
export async function simulateForJob(count: number, loaded: LoadedJob, job: BenchJob, operator?: SimulatedOperator): Promise<SimulatedLine> {
  const templateFile = join(loaded.dir, loaded.settings.nvs.template);
  const serialAt = serialEntry(readFileSync(templateFile, 'utf8'), templateFile);
  return simulateBoards(count, { chip: loaded.chip, fctry: job.fctry, ...(job.check ? { checkPattern: job.check.pattern } : {}), ...(serialAt ? { serialAt } : {}) }, operator);
}
