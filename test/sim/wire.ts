// One direction of a serial line: bytes leave at the line's rate, one after another, and arrive
// at the far end only once they have been clocked out (8N1: 10 bits per byte).
import type { SimClock } from './clock.js';

export const BITS_PER_BYTE = 10;

export class Wire {
  private freeAt = 0;
  private generation = 0;

  /** `bytesPerMs` is read at each send: a baud change applies to what is sent after it. */
  constructor(
    private readonly clock: SimClock,
    private readonly bytesPerMs: () => number,
    private readonly deliver: (bytes: Uint8Array) => void,
  ) {}

  /** Queues bytes on the line; returns the simulated time at which the last one arrives. */
  send(bytes: Uint8Array): number {
    if (bytes.length === 0) return Math.max(this.freeAt, this.clock.now());
    const generation = this.generation;
    const rate = this.bytesPerMs();
    const start = Math.max(this.freeAt, this.clock.now());
    const end = start + bytes.length / rate;
    this.freeAt = end;
    // Paced lines trickle in slices so a reader sees a long transfer arrive progressively,
    // as from a real UART; unpaced ones arrive in one piece.
    const sliceMs = this.clock.pace ? Math.max(2, 4 / this.clock.timeScale) : Infinity;
    const sliceBytes = Math.max(1, Math.floor(rate * sliceMs));
    for (let offset = 0; offset < bytes.length; offset += sliceBytes) {
      const slice = bytes.subarray(offset, Math.min(bytes.length, offset + sliceBytes));
      const arrival = start + (offset + slice.length) / rate;
      this.clock.at(arrival, () => {
        if (generation === this.generation) this.deliver(slice);
      });
    }
    return end;
  }

  /** When the last byte queued so far will have arrived. */
  idleAt(): number {
    return Math.max(this.freeAt, this.clock.now());
  }

  /** Drops everything still on the line (power loss, a reset, an unplug). */
  cut(): void {
    this.generation++;
    this.freeAt = this.clock.now();
  }
}

export const bytesPerMsAtBaud = (baud: number): number => baud / BITS_PER_BYTE / 1000;
