import type { AppEvent } from '../../shared/api.js';

/**
 * What a window that opens during a run needs to draw it: per slot, the events
 * of the board on it now (earlier boards are in the counters and the ledger),
 * and the latest counters and summary. Bounded however long the line runs.
 */
export class RunReplay {
  private bySlot = new Map<string, AppEvent[]>();
  private counters: AppEvent | undefined;
  private summary: AppEvent | undefined;

  add(event: AppEvent): void {
    if (event.type === 'counters') this.counters = event;
    else if (event.type === 'summary') this.summary = event;
    else if ('slot' in event) {
      const isNewBoard = (event.type === 'step' && event.step === 'connecting' && event.attempt === 1) || event.type === 'slot';
      const kept = isNewBoard ? [] : (this.bySlot.get(event.slot) ?? []);
      const last = kept.at(-1);
      if (event.type === 'progress' && last?.type === 'progress') kept[kept.length - 1] = event;
      else kept.push(event);
      this.bySlot.set(event.slot, kept);
    }
  }

  events(): AppEvent[] {
    return [...[...this.bySlot.values()].flat(), ...(this.counters ? [this.counters] : []), ...(this.summary ? [this.summary] : [])];
  }

  clear(): void {
    this.bySlot.clear();
    this.counters = undefined;
    this.summary = undefined;
  }
}
