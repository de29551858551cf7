import { describe, expect, it } from 'vitest';
import type { AppEvent, BenchState } from '../../src/shared/api';
import { applyEvents, emptyPanels, panelsFromState, type BenchPanels } from '../../src/renderer/src/bench/panels';

const slots = ['usb 1-1', 'usb 1-2', 'usb 1-3', 'usb 1-4'].map((slot, i) => ({ slot, port: `/dev/ttyUSB${i}` }));
const started: AppEvent = { type: 'run', state: 'started', mode: 'once', job: 'widget', slots };
const step = (slot: number, name: Extract<AppEvent, { type: 'step' }>['step'], extra: Partial<Extract<AppEvent, { type: 'step' }>> = {}): AppEvent => ({
  type: 'step',
  slot: slots[slot]!.slot,
  port: slots[slot]!.port,
  step: name,
  attempt: 1,
  at: 1_000,
  ...extra,
});
const progress = (slot: number, done: number, total = 1000, phase: 'write' | 'verify' = 'write'): AppEvent => ({ type: 'progress', slot: slots[slot]!.slot, port: slots[slot]!.port, done, total, phase });
const done = (slot: number, serial: string): AppEvent => ({ type: 'board-done', slot: slots[slot]!.slot, port: slots[slot]!.port, mac: `24:0a:c4:00:00:0${slot}`, serial, ms: 4200, attempts: 1, reused: false });
const failed = (slot: number, willRetry: boolean, code = 'flash-write'): AppEvent => ({
  type: 'board-failed',
  slot: slots[slot]!.slot,
  port: slots[slot]!.port,
  step: 'flashing',
  code,
  message: 'the board stopped answering while flashing',
  hint: 'check the USB cable and the power supply',
  attempt: willRetry ? 1 : 2,
  willRetry,
});

const run = (...batches: AppEvent[][]): BenchPanels => batches.reduce((state, batch) => applyEvents(state, batch, 10_000), emptyPanels());
const panel = (state: BenchPanels, index: number) => state.slots[slots[index]!.slot]!;

describe('the bench panels reducer', () => {
  it('makes one waiting panel per slot when a run starts, in bench order', () => {
    const state = run([started]);
    expect(state.running).toBe(true);
    expect(state.mode).toBe('once');
    expect(state.job).toBe('widget');
    expect(state.order).toEqual(slots.map((s) => s.slot));
    expect(state.order.map((slot) => state.slots[slot]!.status)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(panel(state, 2).port).toBe('/dev/ttyUSB2');
    expect(state.total).toEqual({ pass: 0, fail: 0, stopped: 0, yield: 1 });
  });

  it('changes only the slot a step, progress, pass or failure is about; the other slots keep their objects', () => {
    const before = run([started]);
    const after = applyEvents(before, [step(1, 'connecting'), step(1, 'identifying', { chip: 'esp32c3', mac: '24:0a:c4:12:34:56' }), step(1, 'flashing', { serial: 'WDG-1' }), progress(1, 250)], 10_000);
    expect(after).not.toBe(before);
    for (const i of [0, 2, 3]) expect(panel(after, i)).toBe(panel(before, i));
    expect(panel(after, 1)).toMatchObject({ status: 'working', step: 'flashing', chip: 'esp32c3', mac: '24:0a:c4:12:34:56', serial: 'WDG-1', attempt: 1, startedAt: 1_000, progress: { done: 250, total: 1000, phase: 'write' } });
    expect(panel(before, 1).status).toBe('waiting');

    const verified = applyEvents(after, [progress(1, 1000, 1000, 'verify')], 10_000);
    expect(panel(verified, 1).progress).toEqual({ done: 1000, total: 1000, phase: 'verify' });
    expect(panel(verified, 0)).toBe(panel(after, 0));

    const passed = applyEvents(verified, [done(1, 'WDG-1')], 10_000);
    expect(panel(passed, 1)).toMatchObject({ status: 'passed', serial: 'WDG-1', durationMs: 4200, counters: { pass: 1, fail: 0 } });
    expect(panel(passed, 1).step).toBeUndefined();
    expect(panel(passed, 3)).toBe(panel(verified, 3));
  });

  it('keeps a failure that will be retried on the board, and ends the board on the last one', () => {
    const retrying = run([started, step(0, 'connecting'), step(0, 'flashing'), progress(0, 400)], [failed(0, true)]);
    expect(panel(retrying, 0)).toMatchObject({ status: 'retrying', error: { message: 'the board stopped answering while flashing', hint: 'check the USB cable and the power supply', willRetry: true } });
    expect(retrying.total.fail).toBe(0);

    const again = applyEvents(retrying, [step(0, 'connecting', { attempt: 2, at: 5_000 })], 10_000);
    expect(panel(again, 0)).toMatchObject({ status: 'working', attempt: 2, startedAt: 1_000, error: { willRetry: true } });
    expect(panel(again, 0).progress).toBeUndefined();

    const ended = applyEvents(again, [failed(0, false)], 10_000);
    expect(panel(ended, 0)).toMatchObject({ status: 'failed', durationMs: 9_000, counters: { pass: 0, fail: 1, stopped: 0, yield: 0 }, error: { willRetry: false } });
    expect(ended.total).toEqual({ pass: 0, fail: 1, stopped: 0, yield: 0 });
  });

  it('counts boards itself in once mode: pass, fail, stopped and the yield', () => {
    const state = run([started, step(0, 'connecting'), step(1, 'connecting'), step(2, 'connecting'), step(3, 'connecting')], [done(0, 'A'), done(1, 'B'), done(2, 'C'), failed(3, false)]);
    expect(state.total).toEqual({ pass: 3, fail: 1, stopped: 0, yield: 0.75 });
    const stopped = run([started, step(0, 'flashing')], [failed(0, false, 'stopped')]);
    expect(panel(stopped, 0).status).toBe('stopped');
    expect(stopped.total).toEqual({ pass: 0, fail: 0, stopped: 1, yield: 1 });
  });

  it("takes the engine's counters and summary as they come, and leaves a slot whose counters did not change alone", () => {
    const before = run([started, step(0, 'connecting')], [done(0, 'A')]);
    const counters: AppEvent = {
      type: 'counters',
      slot: 'usb 1-1',
      slots: [
        { slot: 'usb 1-1', pass: 1, fail: 0, stopped: 0, yield: 1 },
        { slot: 'usb 1-2', pass: 0, fail: 0, stopped: 0, yield: 1 },
        { slot: 'usb 1-3', pass: 5, fail: 1, stopped: 0, yield: 5 / 6 },
      ],
      total: { pass: 6, fail: 1, stopped: 0, yield: 6 / 7 },
    };
    const after = applyEvents(before, [counters], 10_000);
    expect(after.total).toEqual({ pass: 6, fail: 1, stopped: 0, yield: 6 / 7 });
    expect(panel(after, 0)).toBe(panel(before, 0));
    expect(panel(after, 1)).toBe(panel(before, 1));
    expect(panel(after, 2).counters).toEqual({ pass: 5, fail: 1, stopped: 0, yield: 5 / 6 });
    const summary = applyEvents(after, [{ type: 'summary', pass: 7, fail: 1, stopped: 2, yield: 7 / 8, ms: 60_000 }, { type: 'run', state: 'ended' }], 10_000);
    expect(summary.total).toEqual({ pass: 7, fail: 1, stopped: 2, yield: 7 / 8 });
    expect(summary.summary?.ms).toBe(60_000);
    expect(summary.running).toBe(false);
  });

  it('returns the same state for a batch that says nothing to the bench', () => {
    const state = run([started]);
    expect(applyEvents(state, [{ type: 'operator', locked: true }, { type: 'ledger', devices: 3 }], 10_000)).toBe(state);
    expect(applyEvents(state, [], 10_000)).toBe(state);
  });

  it('follows continuous mode: a plugged board, a new slot, and a board taken out', () => {
    const state = run([{ ...started, mode: 'continuous', slots: [] }], [{ type: 'slot', slot: 'usb 2-1', port: '/dev/ttyACM0', state: 'plugged' }]);
    expect(state.order).toEqual(['usb 2-1']);
    expect(state.slots['usb 2-1']).toMatchObject({ status: 'working', port: '/dev/ttyACM0' });
    const passed = applyEvents(state, [{ type: 'step', slot: 'usb 2-1', port: '/dev/ttyACM0', step: 'connecting', attempt: 1, at: 2_000 }, { type: 'board-done', slot: 'usb 2-1', port: '/dev/ttyACM0', mac: 'aa', serial: 'S-1', ms: 3000, attempts: 1, reused: false }], 10_000);
    const removed = applyEvents(passed, [{ type: 'slot', slot: 'usb 2-1', port: '/dev/ttyACM0', state: 'removed' }], 10_000);
    expect(removed.slots['usb 2-1']).toMatchObject({ status: 'waiting', last: { serial: 'S-1', result: 'passed' }, counters: { pass: 1 } });
    expect(removed.slots['usb 2-1']!.serial).toBeUndefined();
    const next = applyEvents(removed, [{ type: 'slot', slot: 'usb 2-1', port: '/dev/ttyACM1', state: 'plugged' }, { type: 'step', slot: 'usb 2-1', port: '/dev/ttyACM1', step: 'connecting', attempt: 1, at: 9_000 }], 10_000);
    expect(next.slots['usb 2-1']).toMatchObject({ status: 'working', step: 'connecting', port: '/dev/ttyACM1', startedAt: 9_000 });
  });

  it('rebuilds the panels of a run from bench.state, counting each board once', () => {
    const bench: BenchState = { running: true, mode: 'once', job: 'widget', slots, events: [step(0, 'connecting'), done(0, 'A'), step(1, 'flashing'), progress(1, 500)] };
    const state = panelsFromState(bench, 10_000);
    expect(state.running).toBe(true);
    expect(panel(state, 0).status).toBe('passed');
    expect(panel(state, 1)).toMatchObject({ status: 'working', progress: { done: 500 } });
    expect(state.total.pass).toBe(1);
    // The same board-done again (an event both replayed and delivered) is not counted twice.
    expect(applyEvents(state, [done(0, 'A')], 10_000).total.pass).toBe(1);
    const ended = panelsFromState({ ...bench, running: false }, 10_000);
    expect(panel(ended, 1).status).toBe('idle');
  });
});
