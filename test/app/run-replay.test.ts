import { describe, expect, it } from 'vitest';
import { RunReplay } from '../../src/main/app/run-replay.js';
import type { AppEvent, Step } from '../../src/shared/api.js';

const port = (slot: string) => `/dev/tty-${slot}`;
const step = (slot: string, name: Step, attempt = 1, serial?: string): AppEvent => ({
  type: 'step',
  port: port(slot),
  slot,
  step: name,
  attempt,
  at: 0,
  ...(serial ? { serial } : {}),
});
const progress = (slot: string, done: number): AppEvent => ({ type: 'progress', port: port(slot), slot, done, total: 1000, phase: 'write' });
const boardDone = (slot: string, serial: string): AppEvent => ({ type: 'board-done', port: port(slot), slot, ms: 900, attempts: 1, reused: false, mac: '24:0a:c4:00:00:01', serial });
const failed = (slot: string, attempt: number, willRetry: boolean): AppEvent => ({
  type: 'board-failed',
  port: port(slot),
  slot,
  step: 'flashing',
  code: 'timeout',
  message: 'no answer',
  hint: 'check the cable',
  attempt,
  willRetry,
});
const plugged = (slot: string): AppEvent => ({ type: 'slot', slot, port: port(slot), state: 'plugged' });
const removed = (slot: string): AppEvent => ({ type: 'slot', slot, port: port(slot), state: 'removed' });
const counters = (slot: string, pass: number): AppEvent => ({
  type: 'counters',
  slot,
  slots: [{ slot, pass, fail: 0, stopped: 0, yield: 1 }],
  total: { pass, fail: 0, stopped: 0, yield: 1 },
});

/** One board's way through a slot, with `progressEvents` progress events while it flashes. */
function board(slot: string, serial: string, progressEvents = 10): AppEvent[] {
  return [
    step(slot, 'connecting'),
    step(slot, 'identifying'),
    step(slot, 'allocating'),
    step(slot, 'building', 1, serial),
    step(slot, 'flashing', 1, serial),
    ...Array.from({ length: progressEvents }, (_, n) => progress(slot, (n + 1) * 10)),
    step(slot, 'checking', 1, serial),
    step(slot, 'recording', 1, serial),
    boardDone(slot, serial),
  ];
}

/** The events with each run of progress events reduced to its last. */
const latestProgressOnly = (events: AppEvent[]): AppEvent[] => events.filter((event, n) => !(event.type === 'progress' && events[n + 1]?.type === 'progress'));

const replayOf = (events: AppEvent[]): RunReplay => {
  const replay = new RunReplay();
  for (const event of events) replay.add(event);
  return replay;
};

describe('RunReplay', () => {
  it("replays a slot's board with its progress reduced to the latest", () => {
    const replay = replayOf(board('A', 'SN-1', 500));
    expect(replay.events()).toEqual(latestProgressOnly(board('A', 'SN-1', 500)));
    expect(replay.events()).toEqual([
      step('A', 'connecting'),
      step('A', 'identifying'),
      step('A', 'allocating'),
      step('A', 'building', 1, 'SN-1'),
      step('A', 'flashing', 1, 'SN-1'),
      progress('A', 5000),
      step('A', 'checking', 1, 'SN-1'),
      step('A', 'recording', 1, 'SN-1'),
      boardDone('A', 'SN-1'),
    ]);
  });

  it('drops the previous board of a slot when a new board starts on it (once: connecting, attempt 1)', () => {
    const replay = replayOf([...board('A', 'SN-1'), ...board('B', 'SN-2'), ...board('A', 'SN-3').slice(0, 5)]);
    const events = replay.events();
    expect(events.filter((event) => 'slot' in event && event.slot === 'A')).toEqual(board('A', 'SN-3').slice(0, 5));
    expect(events.filter((event) => 'slot' in event && event.slot === 'B')).toEqual(latestProgressOnly(board('B', 'SN-2')));
    expect(JSON.stringify(events)).not.toContain('SN-1');
  });

  it('drops the previous board when the slot reports a board plugged in or taken away (continuous)', () => {
    const replay = replayOf([plugged('A'), ...board('A', 'SN-1'), counters('A', 1), removed('A')]);
    expect(replay.events()).toEqual([removed('A'), counters('A', 1)]);
    replay.add(plugged('A'));
    replay.add(step('A', 'connecting'));
    expect(replay.events()).toEqual([step('A', 'connecting'), counters('A', 1)]);
  });

  it("keeps a board's failed attempts when it retries: the window shows why", () => {
    const events = [step('A', 'connecting'), step('A', 'flashing'), progress('A', 10), failed('A', 1, true), step('A', 'connecting', 2), step('A', 'flashing', 2), progress('A', 20)];
    expect(replayOf(events).events()).toEqual(events);
  });

  it('stays bounded however long the line runs', () => {
    const replay = new RunReplay();
    const slots = ['A', 'B', 'C', 'D'];
    let most = 0;
    for (let n = 0; n < 2000; n++) {
      const slot = slots[n % slots.length]!;
      for (const event of [plugged(slot), ...board(slot, `SN-${n}`, 50), counters(slot, n + 1), removed(slot)]) {
        replay.add(event);
        most = Math.max(most, replay.events().length);
      }
    }
    // At most one board's events per slot (its steps, one progress, its end), and the counters.
    expect(most).toBeLessThanOrEqual(slots.length * 9 + 1);
    const events = replay.events();
    expect(events.filter((event) => event.type === 'counters')).toEqual([counters('D', 2000)]);
    expect(JSON.stringify(events)).not.toContain('"SN-0"');
  });

  it('keeps only the latest counters and summary, after the slots', () => {
    const summary: AppEvent = { type: 'summary', ms: 1234, pass: 2, fail: 0, stopped: 0, yield: 1 };
    const replay = replayOf([counters('A', 1), ...board('A', 'SN-1', 0), counters('A', 2), summary]);
    expect(replay.events().slice(-2)).toEqual([counters('A', 2), summary]);
    expect(replay.events().filter((event) => event.type === 'counters')).toHaveLength(1);
  });

  it('forgets everything on clear (a new run)', () => {
    const replay = replayOf([...board('A', 'SN-1'), counters('A', 1), { type: 'summary', ms: 1, pass: 1, fail: 0, stopped: 0, yield: 1 }]);
    replay.clear();
    expect(replay.events()).toEqual([]);
  });
});
