// The simulated clock every board runs on. Virtual milliseconds; with `pace` the events are
// released against the wall clock (scaled by `timeScale`), without it they run back to back and
// the virtual clock jumps from one event to the next, so nothing waits but the model still counts.

export interface SimClockOptions {
  /** Release events against the wall clock. Off: as fast as possible (the model still counts). Default true. */
  pace?: boolean;
  /** Real milliseconds per simulated millisecond when pacing: 1 = real time, 0.05 = 20× faster. Default 1. */
  timeScale?: number;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export interface Cancellable {
  cancel(): void;
}

export class SimClock {
  readonly pace: boolean;
  readonly timeScale: number;
  private cursor = 0;
  private readonly realStart = performance.now();
  private readonly heap: Scheduled[] = [];
  private seq = 0;
  private armed: { kind: 'timeout'; handle: NodeJS.Timeout } | { kind: 'immediate'; handle: NodeJS.Immediate } | null = null;
  private armedFor = Infinity;

  constructor(options: SimClockOptions = {}) {
    this.pace = options.pace ?? true;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new RangeError(`timeScale must be > 0, got ${this.timeScale}`);
  }

  /**
   * Simulated milliseconds since the clock was created: the time of the last event, or of the last
   * `touch()`. Events run at their own time, so a late timer never stretches the model.
   */
  now(): number {
    return this.cursor;
  }

  /** Something outside the model happened now (a host wrote, toggled a line): when pacing, catch up with the wall clock. */
  touch(): number {
    if (this.pace) this.cursor = Math.max(this.cursor, this.wallVirtual());
    return this.cursor;
  }

  /** Runs `run` when the simulated clock reaches `at` (never before anything scheduled earlier). */
  at(at: number, run: () => void): Cancellable {
    const item: Scheduled = { at: Math.max(at, this.cursor), seq: this.seq++, run, cancelled: false };
    this.push(item);
    this.arm();
    return { cancel: () => void (item.cancelled = true) };
  }

  after(ms: number, run: () => void): Cancellable {
    return this.at(this.now() + ms, run);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  private wallVirtual(): number {
    return (performance.now() - this.realStart) / this.timeScale;
  }

  private arm(): void {
    const next = this.heap[0];
    if (!next) return;
    if (this.armed && this.armedFor <= next.at) return;
    this.disarm();
    this.armedFor = next.at;
    const delay = this.pace ? (next.at - this.wallVirtual()) * this.timeScale : 0;
    if (delay > 0) {
      const handle = setTimeout(() => this.fire(), delay);
      handle.unref();
      this.armed = { kind: 'timeout', handle };
    } else {
      // Due now: an immediate, not a timer (timers wait at least 1 ms). Referenced: an unreferenced
      // immediate only runs when something else wakes the event loop.
      this.armed = { kind: 'immediate', handle: setImmediate(() => this.fire()) };
    }
  }

  private disarm(): void {
    if (!this.armed) return;
    if (this.armed.kind === 'timeout') clearTimeout(this.armed.handle);
    else clearImmediate(this.armed.handle);
    this.armed = null;
    this.armedFor = Infinity;
  }

  // One event per macrotask: promise continuations of the previous event settle before the next runs.
  private fire(): void {
    this.armed = null;
    this.armedFor = Infinity;
    const next = this.heap[0];
    // Paced: due within half a real millisecond counts as due (timers are coarser than that).
    if (next && (!this.pace || (next.at - this.wallVirtual()) * this.timeScale <= 0.5)) {
      this.pop();
      if (!next.cancelled) {
        this.cursor = Math.max(this.cursor, next.at);
        next.run();
      }
    }
    this.arm();
  }

  private push(item: Scheduled): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Scheduled, b: Scheduled): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
