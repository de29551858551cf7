import type { Counters, SlotCounters } from './events.js';

export type BoardEnd = 'pass' | 'fail' | 'stopped';

const yieldOf = (pass: number, fail: number): number => (pass + fail ? pass / (pass + fail) : 1);

/** Pass, fail and stopped boards per slot (in the slots' natural order: usb 1-2 before usb 1-10) and in total. */
export class LineCounters {
  private readonly bySlot = new Map<string, Record<BoardEnd, number>>();

  add(slot: string, end: BoardEnd): void {
    let counts = this.bySlot.get(slot);
    if (!counts) this.bySlot.set(slot, (counts = { pass: 0, fail: 0, stopped: 0 }));
    counts[end]++;
  }

  slots(): SlotCounters[] {
    return [...this.bySlot]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([slot, { pass, fail, stopped }]) => ({ slot, pass, fail, stopped, yield: yieldOf(pass, fail) }));
  }

  total(): Counters {
    let pass = 0;
    let fail = 0;
    let stopped = 0;
    for (const counts of this.bySlot.values()) {
      pass += counts.pass;
      fail += counts.fail;
      stopped += counts.stopped;
    }
    return { pass, fail, stopped, yield: yieldOf(pass, fail) };
  }
}
