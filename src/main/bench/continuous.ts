import { setTimeout as sleep } from 'node:timers/promises';
import type { SerialBinding } from '../esp/index.js';
import type { Ledger } from '../ledger/index.js';
import type { BenchJob } from './bench-job.js';
import { endOf, provisionWithRetries, type BoardContext } from './board-attempts.js';
import { LineCounters } from './counters.js';
import type { BenchEvent, BenchListener, Counters, SlotCounters } from './events.js';
import { bridgeOf, slotOf, type ListedPort } from './usb-ids.js';

const ESPRESSIF_VID = '303a';

export interface ContinuousOptions {
  job: BenchJob;
  ledger: Ledger;
  /** The serial ports there are now (serialport's list(), or a simulated bus's). */
  listPorts: () => Promise<ListedPort[]>;
  binding?: SerialBinding;
  /** 'auto' (default): every port of a known USB serial bridge or ESP USB; else these device paths, each slot pinned once seen. */
  slots?: 'auto' | readonly string[];
  /** How often the ports are listed (default 500 ms). */
  pollMs?: number;
  /**
   * How long a finished board's port must stay away to count as removed (default 1000 ms); a port
   * that comes back sooner is the same board. A different USB serial number is a new board at once.
   * The chip's own USB (its serial number is the MAC) drops off the bus and comes back whenever the
   * chip resets, for as long as a boot loop lasts: with the same serial number it is always the same
   * board, which that slot takes again only after another board (or on another slot).
   */
  settleMs?: number;
  retries?: number;
  onEvent?: BenchListener;
  /** Stops taking new boards and stops the running ones at their next step; the run then returns its summary. */
  signal: AbortSignal;
}

export interface ContinuousSummary extends Counters {
  ms: number;
  slots: SlotCounters[];
}

interface Slot {
  name: string;
  /** empty: waiting for a board; busy: provisioning one; finished: waiting for it to be taken away. */
  phase: 'empty' | 'busy' | 'finished';
  port: string;
  usbSerial: string | undefined;
  /** The board came on the chip's own USB, whose serial number is its MAC. */
  espUsb: boolean;
  goneSince: number | undefined;
}

/**
 * The line as it runs all day: a board that appears on a slot is provisioned; once it has
 * passed or failed, its slot waits for it to be removed before it takes the next one. Slots are
 * named by USB location (`slotOf`), so device paths that change between boards never swap two
 * slots. Each slot runs on its own: no board waits for another.
 */
export async function runBenchContinuous(options: ContinuousOptions): Promise<ContinuousSummary> {
  const started = performance.now();
  const { signal } = options;
  const pollMs = options.pollMs ?? 500;
  const settleMs = options.settleMs ?? 1000;
  const emit = (event: BenchEvent) => options.onEvent?.(event);
  const context: BoardContext = { job: options.job, ledger: options.ledger, retries: options.retries ?? 1, emit, signal, issuedKeys: new Map() };
  const counters = new LineCounters();
  const slots = new Map<string, Slot>();
  const running = new Set<Promise<void>>();
  const watched = portFilter(options.slots ?? 'auto');

  const start = (slot: Slot, port: ListedPort) => {
    slot.phase = 'busy';
    slot.port = port.path;
    slot.usbSerial = port.serialNumber;
    slot.espUsb = port.vendorId?.toLowerCase() === ESPRESSIF_VID && !!port.serialNumber;
    slot.goneSince = undefined;
    emit({ type: 'slot', slot: slot.name, port: port.path, state: 'plugged' });
    const board = provisionWithRetries(context, { path: port.path, slot: slot.name, ...(options.binding ? { binding: options.binding } : {}) }).then((outcome) => {
      counters.add(slot.name, endOf(outcome));
      slot.phase = 'finished';
      emit({ type: 'counters', slot: slot.name, slots: counters.slots(), total: counters.total() });
    });
    running.add(board);
    const forget = () => running.delete(board);
    board.then(forget, forget);
  };
  const removed = (slot: Slot) => {
    slot.phase = 'empty';
    emit({ type: 'slot', slot: slot.name, port: slot.port, state: 'removed' });
  };

  while (!signal.aborted) {
    const listed = await options.listPorts().catch((): ListedPort[] => []);
    if (signal.aborted) break;
    const present = new Map<string, ListedPort>();
    for (const port of listed) if (watched(port)) present.set(slotOf(port), port);
    const now = performance.now();
    for (const slot of slots.values()) {
      if (slot.phase !== 'finished') continue;
      const port = present.get(slot.name);
      if (!port) {
        slot.goneSince ??= now;
        if (now - slot.goneSince >= settleMs && !slot.espUsb) removed(slot);
      } else if (port.serialNumber && slot.usbSerial && port.serialNumber !== slot.usbSerial) {
        removed(slot);
      } else {
        slot.goneSince = undefined;
      }
    }
    for (const [name, port] of present) {
      let slot = slots.get(name);
      if (!slot) slots.set(name, (slot = { name, phase: 'empty', port: port.path, usbSerial: undefined, espUsb: false, goneSince: undefined }));
      if (slot.phase === 'empty') start(slot, port);
    }
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
  await Promise.all(running);
  const summary = { ...counters.total(), ms: performance.now() - started, slots: counters.slots() };
  emit({ type: 'summary', ...summary });
  return summary;
}

/** Which listed ports the line takes boards from. Explicit paths pin their slot: the slot stays watched when its path changes. */
function portFilter(slots: 'auto' | readonly string[]): (port: ListedPort) => boolean {
  if (slots === 'auto') return (port) => bridgeOf(port) !== undefined;
  const paths = new Set(slots);
  const pinned = new Set<string>();
  return (port) => {
    if (paths.has(port.path)) pinned.add(slotOf(port));
    return pinned.has(slotOf(port));
  };
}
