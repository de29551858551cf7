import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dayAfter, toDeviceFilter, emptyFilterForm } from '../../src/renderer/src/ledger/filter';
import { summariseData } from '../../src/renderer/src/ledger/format';
import { ScrollFetch } from '../../src/renderer/src/ledger/scroll-fetch';

describe('fetching while scrolling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a fast scroll fetches once, where it stops', () => {
    const fetch = vi.fn();
    const scroll = new ScrollFetch({ fetch, worthFetching: () => false, settleMs: 60, intervalMs: 100 });
    for (let step = 0; step < 100; step++) {
      scroll.scrolled();
      vi.advanceTimersByTime(16);
    }
    expect(fetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60);
    expect(fetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a slow scroll fetches at most every interval as it goes', () => {
    const fetch = vi.fn();
    const scroll = new ScrollFetch({ fetch, worthFetching: () => true, settleMs: 60, intervalMs: 100 });
    for (let step = 0; step < 62; step++) {
      scroll.scrolled();
      vi.advanceTimersByTime(16);
    }
    // ~1 s of scrolling: about ten fetches on the way.
    expect(fetch.mock.calls.length).toBeGreaterThanOrEqual(8);
    expect(fetch.mock.calls.length).toBeLessThanOrEqual(10);
    vi.advanceTimersByTime(60);
    const afterStop = fetch.mock.calls.length;
    vi.advanceTimersByTime(1000);
    expect(fetch.mock.calls.length).toBe(afterStop);
  });

  it('cancel forgets what was pending', () => {
    const fetch = vi.fn();
    const scroll = new ScrollFetch({ fetch, worthFetching: () => true });
    scroll.scrolled();
    scroll.cancel();
    vi.advanceTimersByTime(1000);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the ledger filter', () => {
  it('leaves empty fields out and makes the last day inclusive', () => {
    expect(toDeviceFilter(emptyFilterForm)).toEqual({});
    expect(toDeviceFilter({ ...emptyFilterForm, status: 'voided', job: ' line-2 ', serialPrefix: ' FB-00 ', since: '2026-11-01', until: '2026-11-30' })).toEqual({
      job: 'line-2',
      status: 'voided',
      since: '2026-11-01',
      until: '2026-12-01',
      serialPrefix: 'FB-00',
    });
  });

  it('the day after, across months and years', () => {
    expect(dayAfter('2026-02-28')).toBe('2026-03-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('yesterday')).toBe('yesterday');
  });
});

describe('an event in one line', () => {
  it('writes each key and value, and cuts what is long', () => {
    expect(summariseData({ port: '/dev/ttyUSB0', attempt: 2, ok: true, error: null })).toBe('port: /dev/ttyUSB0, attempt: 2, ok: true, error: —');
    expect(summariseData({ list: [1, 2] })).toBe('list: [1,2]');
    const long = summariseData({ a: 'x'.repeat(500), b: 'y'.repeat(500), c: 'z'.repeat(500), d: 'w'.repeat(500) });
    expect(long.length).toBe(160);
    expect(long.endsWith('…')).toBe(true);
  });
});
