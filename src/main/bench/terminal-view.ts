import type { BenchEvent, Counters, Step } from './events.js';

interface Row {
  slot: string;
  port: string;
  chip: string;
  mac: string;
  serial: string;
  state: Step | 'waiting' | 'plugged' | 'done' | 'failed' | 'stopped' | 'empty';
  done: number;
  total: number;
  started: number;
  ended?: number;
  error: string;
  counters?: Counters;
}

const BAR = 20;

export const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)} %`;

/** "pass 12 fail 1 yield 92.3 %", with the stopped boards when there are any. */
export function formatCounters(counters: Counters): string {
  return `pass ${counters.pass} fail ${counters.fail}${counters.stopped ? ` stopped ${counters.stopped}` : ''} yield ${percent(counters.yield)}`;
}

/**
 * The headless line's live view: one line per slot (slot, chip, MAC, serial,
 * state, a progress bar, elapsed time, the slot's counters, the last error) and,
 * once boards have ended, the total counters. On a terminal it is redrawn in
 * place; elsewhere each change is printed as one line.
 */
export class TerminalView {
  private readonly rows = new Map<string, Row>();
  private total: Counters | undefined;
  private drawn = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly live: boolean,
    ports: readonly { path: string; slot: string }[] = [],
    /** The terminal's width: a live line that wrapped would break the redraw in place. */
    private readonly columns: () => number | undefined = () => undefined,
  ) {
    for (const port of ports) this.rows.set(port.slot, this.row(port.slot, port.path, 'waiting'));
    if (live) this.timer = setInterval(() => this.draw(), 200);
  }

  handle(event: BenchEvent): void {
    if (event.type === 'summary' || this.stopped) return;
    if (event.type === 'counters') {
      this.total = event.total;
      for (const counters of event.slots) {
        const row = this.rows.get(counters.slot);
        if (row) row.counters = counters;
      }
      const slot = event.slots.find((counters) => counters.slot === event.slot);
      if (!this.live) this.write(`${event.slot.padEnd(14)}  ${slot ? formatCounters(slot) : ''}  (total ${formatCounters(event.total)})\n`);
      return;
    }
    let row = this.rows.get(event.slot);
    if (!row) this.rows.set(event.slot, (row = this.row(event.slot, event.port, 'waiting')));
    row.port = event.port;
    if (event.type === 'progress') {
      if (event.phase === 'write') Object.assign(row, { done: event.done, total: event.total });
      return;
    }
    if (event.type === 'slot') {
      Object.assign(row, this.row(row.slot, event.port, event.state === 'plugged' ? 'plugged' : 'empty'), { counters: row.counters });
    } else {
      if (event.chip) row.chip = event.chip;
      if (event.mac) row.mac = event.mac;
      if (event.serial) row.serial = event.serial;
      if (event.type === 'step') {
        row.state = event.step;
        if (event.step === 'connecting') Object.assign(row, { done: 0, total: 0, error: event.attempt > 1 ? row.error : '' });
      } else if (event.type === 'board-done') {
        Object.assign(row, { state: 'done', ended: Date.now(), error: '' });
      } else {
        row.error = `${event.step}: ${event.message}${event.willRetry ? ' (trying again)' : ''}`;
        if (!event.willRetry) Object.assign(row, { state: event.code === 'stopped' ? 'stopped' : 'failed', ended: Date.now() });
      }
    }
    if (!this.live) this.write(`${this.line(row)}\n`);
  }

  /** Draws the last state and stops redrawing; nothing is written after it. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.draw();
  }

  private row(slot: string, port: string, state: Row['state']): Row {
    return { slot, port, chip: '', mac: '', serial: '', state, done: 0, total: 0, started: Date.now(), error: '' };
  }

  private line(row: Row): string {
    const fraction = row.state === 'done' ? 1 : row.total ? row.done / row.total : 0;
    const filled = Math.round(fraction * BAR);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
    const seconds = row.state === 'empty' ? '' : `${(((row.ended ?? Date.now()) - row.started) / 1000).toFixed(1).padStart(6)} s`;
    const counters = row.counters ? formatCounters(row.counters) : '';
    return [row.slot.padEnd(14), row.chip.padEnd(8), row.mac.padEnd(17), row.serial.padEnd(18), row.state.padEnd(11), bar, seconds.padStart(8), counters, row.error].join('  ').trimEnd();
  }

  private draw(): void {
    const width = this.columns();
    const lines = [...this.rows.values()].map((row) => this.line(row));
    if (this.total) lines.push(`${'total'.padEnd(14)}  ${formatCounters(this.total)}`);
    if (width) lines.forEach((line, i) => (lines[i] = line.slice(0, width - 1)));
    this.write(`${this.drawn ? `\x1b[${this.drawn}A` : ''}${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
    this.drawn = lines.length;
  }
}
