import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBatcher } from '../../src/main/app/event-batcher.js';
import type { AppEvent } from '../../src/shared/api.js';

const progress = (port: string, done: number, phase: 'write' | 'verify' = 'write'): AppEvent => ({ type: 'progress', port, slot: `slot ${port}`, done, total: 100, phase });
const step = (port: string, name: 'connecting' | 'flashing' | 'checking'): AppEvent => ({ type: 'step', port, slot: `slot ${port}`, step: name, attempt: 1, at: 0 });
const done = (port: string): AppEvent => ({ type: 'board-done', port, slot: `slot ${port}`, ms: 1, attempts: 1, reused: false, mac: '24:0a:c4:00:00:01', serial: 'SN-1' });

describe('EventBatcher', () => {
  let batches: AppEvent[][];
  let batcher: EventBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    batches = [];
    batcher = new EventBatcher((events) => batches.push(events), 50);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends what came in an interval as one batch, in order, once the interval is over', () => {
    const events = [step('A', 'connecting'), step('B', 'connecting'), { type: 'ledger', devices: 3 } as AppEvent, step('A', 'flashing')];
    for (const event of events) batcher.push(event);
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([events]);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
  });

  it('starts a new batch after each one, and sends nothing when nothing came', () => {
    batcher.push(step('A', 'connecting'));
    vi.advanceTimersByTime(50);
    vi.advanceTimersByTime(500);
    batcher.push(step('A', 'flashing'));
    batcher.push(step('B', 'flashing'));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[step('A', 'connecting')], [step('A', 'flashing'), step('B', 'flashing')]]);
  });

  it("keeps only a port's latest progress when nothing else of that port came after it", () => {
    batcher.push(step('A', 'flashing'));
    for (let n = 1; n <= 100; n++) batcher.push(progress('A', n));
    batcher.push(progress('A', 100, 'verify'));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[step('A', 'flashing'), progress('A', 100, 'verify')]]);
  });

  it('coalesces each port on its own, in the place of its first progress', () => {
    batcher.push(progress('A', 1));
    batcher.push(progress('B', 1));
    batcher.push(step('C', 'checking'));
    batcher.push(progress('A', 2));
    batcher.push(progress('B', 2));
    batcher.push(progress('A', 3));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[progress('A', 3), progress('B', 2), step('C', 'checking')]]);
  });

  it('never merges a progress across another event of its port: the step between stays between', () => {
    batcher.push(progress('A', 10));
    batcher.push(step('A', 'checking'));
    batcher.push(progress('A', 20));
    batcher.push(progress('A', 30));
    batcher.push(done('A'));
    batcher.push(progress('A', 40));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[progress('A', 10), step('A', 'checking'), progress('A', 30), done('A'), progress('A', 40)]]);
  });

  it('drops nothing but superseded progress, however many events come', () => {
    const events: AppEvent[] = [];
    for (let n = 0; n < 2000; n++) events.push(step(`P${n % 7}`, n % 2 ? 'flashing' : 'checking'));
    for (const event of events) batcher.push(event);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([events]);
  });

  it('does not coalesce progress across batches', () => {
    batcher.push(progress('A', 1));
    vi.advanceTimersByTime(50);
    batcher.push(progress('A', 2));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[progress('A', 1)], [progress('A', 2)]]);
  });

  it('sends what is pending at once on close, and nothing more later', () => {
    batcher.push(step('A', 'connecting'));
    batcher.push(progress('A', 5));
    batcher.close();
    expect(batches).toEqual([[step('A', 'connecting'), progress('A', 5)]]);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
  });

  it('sends nothing on close when nothing is pending', () => {
    batcher.push(step('A', 'connecting'));
    vi.advanceTimersByTime(50);
    batcher.close();
    expect(batches).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush sends now, and the next event starts a new interval', () => {
    batcher.push(step('A', 'connecting'));
    vi.advanceTimersByTime(30);
    batcher.flush();
    batcher.push(step('A', 'flashing'));
    vi.advanceTimersByTime(30);
    expect(batches).toEqual([[step('A', 'connecting')]]);
    vi.advanceTimersByTime(20);
    expect(batches).toEqual([[step('A', 'connecting')], [step('A', 'flashing')]]);
  });
});
