/**
 * When the ledger fetches rows while the operator scrolls: once the scroll
 * stops (no scroll for `settleMs`), and while it goes on, at most every
 * `intervalMs` — but only if it is slow enough that what is fetched will still
 * be on screen (`worthFetching`). Dragging the scroll bar from the first row to
 * the millionth fetches the rows where it stops, not every page on the way.
 */
export interface ScrollFetchOptions {
  /** Fetches what the viewport shows now. */
  fetch: () => void;
  /** Asked every interval while scrolling: whether the scroll is slow enough to fetch now. */
  worthFetching: () => boolean;
  settleMs?: number;
  intervalMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class ScrollFetch {
  private settle: unknown;
  private interval: unknown;
  private readonly settleMs: number;
  private readonly intervalMs: number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: ScrollFetchOptions) {
    this.settleMs = options.settleMs ?? 60;
    this.intervalMs = options.intervalMs ?? 100;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** The view scrolled. */
  scrolled(): void {
    if (this.settle !== undefined) this.clearTimer(this.settle);
    this.settle = this.setTimer(() => {
      this.settle = undefined;
      this.stopInterval();
      this.options.fetch();
    }, this.settleMs);
    this.interval ??= this.setTimer(() => this.tick(), this.intervalMs);
  }

  /** Forgets pending timers (unmount). */
  cancel(): void {
    if (this.settle !== undefined) this.clearTimer(this.settle);
    this.settle = undefined;
    this.stopInterval();
  }

  private tick(): void {
    this.interval = undefined;
    if (this.settle === undefined) return;
    if (this.options.worthFetching()) this.options.fetch();
    this.interval = this.setTimer(() => this.tick(), this.intervalMs);
  }

  private stopInterval(): void {
    if (this.interval !== undefined) this.clearTimer(this.interval);
    this.interval = undefined;
  }
}
