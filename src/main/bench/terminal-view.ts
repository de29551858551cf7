import type { BenchEvent, Step } from './events.js';

interface Row {
  slot: string;
  port: string;
  chip: string;
  mac: string;
  serial: string;
  state: Step | 'waiting' | 'done' | 'failed';
  done: number;
  total: number;
  started: number;
  ended?: number;
  error: string;
}

const BAR = 20;

/**
 * The headless line's live view: one line per port (slot, chip, MAC, serial,
 * state, a progress bar, elapsed time, the last error). On a terminal it is
 * redrawn in place; elsewhere each change is printed as one line.
 */
export class TerminalView {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly live: boolean,
    ports: readonly { path: string; slot: string }[],
  ) {
    const now = Date.now();
    for (const port of ports) this.rows.set(port.path, { slot: port.slot, port: port.path, chip: '', mac: '', serial: '', state: 'waiting', done: 0, total: 0, started: now, error: '' });
    if (live) this.timer = setInterval(() => this.draw(), 200);
  }

  handle(event: BenchEvent): void {
    if (event.type === 'summary') return;
    const row = this.rows.get(event.port);
    if (!row) return;
    if (event.type === 'progress') {
      if (event.phase === 'write') Object.assign(row, { done: event.done, total: event.total });
      return;
    }
    if ('chip' in event && event.chip) row.chip = event.chip;
    if ('mac' in event && event.mac) row.mac = event.mac;
    if ('serial' in event && event.serial) row.serial = event.serial;
    if (event.type === 'step') {
      row.state = event.step;
      if (event.step === 'connecting') Object.assign(row, { done: 0, total: 0, error: event.attempt > 1 ? row.error : '' });
    } else if (event.type === 'board-done') {
      Object.assign(row, { state: 'done', ended: Date.now(), error: '' });
    } else {
      row.error = `${event.step}: ${event.message}${event.willRetry ? ' (trying again)' : ''}`;
      if (!event.willRetry) Object.assign(row, { state: 'failed', ended: Date.now() });
    }
    if (!this.live) this.write(`${this.line(row)}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.draw();
  }

  private line(row: Row): string {
    const fraction = row.state === 'done' ? 1 : row.total ? row.done / row.total : 0;
    const filled = Math.round(fraction * BAR);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
    const seconds = (((row.ended ?? Date.now()) - row.started) / 1000).toFixed(1);
    return [row.slot.padEnd(14), row.chip.padEnd(8), row.mac.padEnd(17), row.serial.padEnd(18), row.state.padEnd(11), bar, `${seconds.padStart(6)} s`, row.error].join('  ').trimEnd();
  }

  private draw(): void {
    const lines = [...this.rows.values()].map((row) => this.line(row));
    this.write(`${this.drawn ? `\x1b[${this.drawn}A` : ''}${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
    this.drawn = lines.length;
  }
}
