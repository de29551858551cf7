import type { AppEvent } from '../../shared/api.js';

/**
 * Gathers events and hands them on as one batch every `intervalMs`: a window
 * repaints once per batch, not once per event. Within a batch only the
 * latest progress of each port is kept (a bar shows where it is, not where it
 * was), and nothing else is dropped or reordered.
 */
export class EventBatcher {
  private pending: AppEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (events: AppEvent[]) => void,
    private readonly intervalMs = 50,
  ) {}

  push(event: AppEvent): void {
    if (event.type === 'progress') {
      const earlier = this.pending.findLastIndex((e) => e.type === 'progress' && e.port === event.port);
      // Only a progress event with nothing of its port after it may be replaced.
      if (earlier >= 0 && !this.pending.slice(earlier + 1).some((e) => 'port' in e && e.port === event.port)) {
        this.pending[earlier] = event;
        return this.schedule();
      }
    }
    this.pending.push(event);
    this.schedule();
  }

  /** Sends what is pending now (at the end of a run, before closing). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.send(batch);
  }

  close(): void {
    this.flush();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }
}
