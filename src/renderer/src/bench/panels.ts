import type { AppEvent, BenchState, Counters, SlotCounters, Step } from '../../../shared/api';

/**
 * The Bench view's state, as a pure reducer over main's event batches:
 * `applyEvents(state, events, now)`. A batch makes at most one new state; a
 * slot that no event of the batch touched keeps its object (so its memoised
 * panel does not redraw), and a slot touched many times in one batch is copied
 * once.
 */

export type PanelStatus = 'idle' | 'waiting' | 'working' | 'retrying' | 'passed' | 'failed' | 'stopped';

export interface PanelProgress {
  done: number;
  total: number;
  phase: 'write' | 'verify';
}

export interface PanelError {
  step: Step;
  code: string;
  message: string;
  hint: string;
  attempt: number;
  willRetry: boolean;
}

export interface SlotPanel {
  slot: string;
  port: string;
  status: PanelStatus;
  chip?: string;
  mac?: string;
  serial?: string;
  /** The step the board is at (or ended at); undefined before its first step and after it passed. */
  step?: Step;
  attempt: number;
  progress?: PanelProgress;
  /** When the board's first step began (ms since the epoch, main's clock): its elapsed time ticks from here. */
  startedAt?: number;
  /** How long the board took, once it ended. */
  durationMs?: number;
  /** The last failure of the current board (kept through a retry), or of the board that ended. */
  error?: PanelError;
  /** The board before the current one, shown while the slot waits for the next. */
  last?: { serial?: string; result: 'passed' | 'failed' | 'stopped' };
  counters: Counters;
}

export interface BenchPanels {
  running: boolean;
  mode?: 'once' | 'continuous';
  job?: string;
  /** Slots in bench order. */
  order: readonly string[];
  slots: Readonly<Record<string, SlotPanel>>;
  total: Counters;
  /** Why the last run ended early, when it did. */
  runError?: string;
  /** The run's final counters and duration, once it ended. */
  summary?: Counters & { ms: number };
}

export const zeroCounters = (): Counters => ({ pass: 0, fail: 0, stopped: 0, yield: 1 });

export const emptyPanels = (): BenchPanels => ({ running: false, order: [], slots: {}, total: zeroCounters() });

const yieldOf = (pass: number, fail: number) => (pass + fail === 0 ? 1 : pass / (pass + fail));

function counted(counters: Counters, end: 'pass' | 'fail' | 'stopped'): Counters {
  const next = { ...counters, [end]: counters[end] + 1 };
  return { ...next, yield: yieldOf(next.pass, next.fail) };
}

const sameCounters = (a: Counters, b: Counters) => a.pass === b.pass && a.fail === b.fail && a.stopped === b.stopped && a.yield === b.yield;
const plainCounters = ({ pass, fail, stopped, yield: y }: Counters): Counters => ({ pass, fail, stopped, yield: y });

const newPanel = (slot: string, port: string, status: PanelStatus): SlotPanel => ({ slot, port, status, attempt: 0, counters: zeroCounters() });

/** A board is under way on the panel (a new step continues it rather than starting another board). */
const underWay = (panel: SlotPanel) => panel.status === 'working' || panel.status === 'retrying';

/** The panel state for a fresh board on the slot: facts, progress and error cleared; counters and the last board kept. */
function freshBoard(panel: SlotPanel): SlotPanel {
  return { slot: panel.slot, port: panel.port, status: 'working', attempt: 0, counters: panel.counters, ...(panel.last ? { last: panel.last } : {}) };
}

export function applyEvents(state: BenchPanels, events: readonly AppEvent[], now: number): BenchPanels {
  let next = state;
  /** Written only once copied (`slots !== state.slots`). */
  let slots = state.slots as Record<string, SlotPanel>;
  let order = state.order;
  /** Panels already copied in this batch: changed in place from then on. */
  const fresh = new Set<SlotPanel>();
  let ownState = false;
  const own = () => {
    if (!ownState) {
      next = { ...next };
      ownState = true;
    }
  };
  const put = (panel: SlotPanel) => {
    if (slots === state.slots) slots = { ...slots };
    if (!(panel.slot in slots)) order = [...order, panel.slot];
    slots[panel.slot] = panel;
    fresh.add(panel);
  };
  /** The slot's panel, ready to change: a copy the first time in this batch. */
  const edit = (slot: string, port: string): SlotPanel => {
    const current = slots[slot];
    if (current && fresh.has(current)) {
      current.port = port;
      return current;
    }
    const panel = current ? { ...current, port } : newPanel(slot, port, 'waiting');
    put(panel);
    return panel;
  };
  const replace = (panel: SlotPanel) => {
    const old = slots[panel.slot];
    if (old) fresh.delete(old);
    put(panel);
    return panel;
  };
  const end = (panel: SlotPanel, result: 'passed' | 'failed' | 'stopped') => {
    own();
    const kind = result === 'passed' ? 'pass' : result === 'failed' ? 'fail' : 'stopped';
    panel.counters = counted(panel.counters, kind);
    next.total = counted(next.total, kind);
    panel.last = { ...(panel.serial ? { serial: panel.serial } : {}), result };
  };

  for (const event of events) {
    switch (event.type) {
      case 'run': {
        own();
        if (event.state === 'started') {
          slots = {};
          order = [];
          fresh.clear();
          for (const { slot, port } of event.slots) put(newPanel(slot, port, 'waiting'));
          next.running = true;
          next.mode = event.mode;
          next.job = event.job;
          next.total = zeroCounters();
          delete next.runError;
          delete next.summary;
        } else {
          next.running = false;
          if (event.error) next.runError = event.error;
          for (const slot of order) {
            const panel = slots[slot]!;
            if (panel.status === 'waiting' || panel.status === 'working' || panel.status === 'retrying') {
              const idle = edit(slot, panel.port);
              idle.status = 'idle';
              delete idle.step;
              delete idle.progress;
            }
          }
        }
        break;
      }
      case 'slot': {
        if (event.state === 'plugged') {
          const current = slots[event.slot];
          replace(freshBoard(current ? { ...current, port: event.port } : newPanel(event.slot, event.port, 'working')));
        } else {
          const current = slots[event.slot];
          const base = current ? { ...current, port: event.port } : newPanel(event.slot, event.port, 'waiting');
          replace({ ...freshBoard(base), status: 'waiting' });
        }
        break;
      }
      case 'step': {
        let panel = slots[event.slot];
        if (!panel || !underWay(panel)) panel = replace(freshBoard(panel ? { ...panel, port: event.port } : newPanel(event.slot, event.port, 'working')));
        else panel = edit(event.slot, event.port);
        panel.status = 'working';
        panel.step = event.step;
        if (event.step === 'connecting' && event.attempt !== panel.attempt) delete panel.progress;
        panel.attempt = event.attempt;
        panel.startedAt ??= event.at;
        if (event.chip) panel.chip = event.chip;
        if (event.mac) panel.mac = event.mac;
        if (event.serial) panel.serial = event.serial;
        break;
      }
      case 'progress': {
        const current = slots[event.slot];
        const p = current?.progress;
        if (current && p && p.done === event.done && p.total === event.total && p.phase === event.phase && current.port === event.port) break;
        const panel = edit(event.slot, event.port);
        panel.progress = { done: event.done, total: event.total, phase: event.phase };
        if (!underWay(panel)) panel.status = 'working';
        break;
      }
      case 'board-done': {
        const panel = edit(event.slot, event.port);
        const again = panel.status === 'passed' && panel.serial === event.serial && panel.durationMs === event.ms;
        panel.status = 'passed';
        panel.mac = event.mac;
        panel.serial = event.serial;
        if (event.chip) panel.chip = event.chip;
        delete panel.step;
        delete panel.error;
        panel.durationMs = event.ms;
        if (!again) end(panel, 'passed');
        break;
      }
      case 'board-failed': {
        const panel = edit(event.slot, event.port);
        if (event.chip) panel.chip = event.chip;
        if (event.mac) panel.mac = event.mac;
        if (event.serial) panel.serial = event.serial;
        panel.step = event.step;
        const error: PanelError = { step: event.step, code: event.code, message: event.message, hint: event.hint, attempt: event.attempt, willRetry: event.willRetry };
        const again = !underWay(panel) && panel.error?.attempt === event.attempt && panel.error.message === event.message;
        panel.error = error;
        if (event.willRetry) {
          panel.status = 'retrying';
        } else {
          const result = event.code === 'stopped' ? 'stopped' : 'failed';
          panel.status = result;
          if (panel.startedAt !== undefined) panel.durationMs = Math.max(0, now - panel.startedAt);
          if (!again) end(panel, result);
        }
        break;
      }
      case 'counters': {
        own();
        next.total = plainCounters(event.total);
        setSlotCounters(event.slots);
        break;
      }
      case 'summary': {
        own();
        next.total = plainCounters(event);
        next.summary = { ...plainCounters(event), ms: event.ms };
        if (event.slots) setSlotCounters(event.slots);
        break;
      }
      default:
        break;
    }
  }

  function setSlotCounters(list: readonly SlotCounters[]) {
    for (const counters of list) {
      const current = slots[counters.slot];
      if (!current || sameCounters(current.counters, counters)) continue;
      edit(counters.slot, current.port).counters = plainCounters(counters);
    }
  }

  if (slots !== state.slots || order !== state.order) {
    own();
    next.slots = slots;
    next.order = order;
  }
  return next;
}

/** The panels a window opened mid-run (or after one) shows: the run's slots, then every event main kept. */
export function panelsFromState(bench: BenchState, now: number): BenchPanels {
  if (bench.slots.length === 0 && bench.events.length === 0) return { ...emptyPanels(), running: bench.running, ...(bench.mode ? { mode: bench.mode } : {}), ...(bench.job ? { job: bench.job } : {}) };
  const started = applyEvents(emptyPanels(), [{ type: 'run', state: 'started', mode: bench.mode ?? 'once', job: bench.job ?? '', slots: bench.slots }], now);
  const replayed = applyEvents(started, bench.events, now);
  if (bench.running) return replayed;
  return applyEvents(replayed, [{ type: 'run', state: 'ended' }], now);
}
