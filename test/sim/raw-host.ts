// A bare-bones host for the simulator's own tests: writes request frames straight into a board and
// collects what comes back, frame by frame, plus whatever text it prints between frames.
import type { SimBoard } from './board.js';
import { le32, Op, u32 } from './protocol.js';
import { slipEncode } from './slip.js';

export interface Response {
  op: number;
  value: number;
  /** Everything after the 8-byte header: payload, then status bytes. */
  body: Uint8Array;
}

export class RawHost {
  /** Every complete frame received, in order. */
  readonly frames: Uint8Array[] = [];
  private text: number[] = [];
  private current: number[] | null = null;
  private escaping = false;
  private readonly waiters = new Set<() => void>();

  constructor(readonly board: SimBoard) {
    board.onData((bytes) => this.receive(bytes));
  }

  /** Bytes received outside frames (boot banners, console lines), as text. */
  get console(): string {
    return Buffer.from(this.text).toString('latin1');
  }

  send(op: number, data: Uint8Array = new Uint8Array(0), checksum = 0): void {
    const frame = new Uint8Array(8 + data.length);
    const view = new DataView(frame.buffer);
    frame[1] = op;
    view.setUint16(2, data.length, true);
    view.setUint32(4, checksum, true);
    frame.set(data, 8);
    this.board.input(slipEncode(frame));
  }

  sendRaw(bytes: Uint8Array): void {
    this.board.input(bytes);
  }

  /** Sends a request and returns the first response carrying its opcode. */
  async command(op: number, data?: Uint8Array, checksum?: number): Promise<Response> {
    const from = this.frames.length;
    this.send(op, data, checksum);
    const frame = await this.waitFor((f) => f[0] === 1 && f[1] === op, from);
    return parse(frame);
  }

  /** The first frame from index `from` on that satisfies `match`. */
  async waitFor(match: (frame: Uint8Array) => boolean, from = 0): Promise<Uint8Array> {
    const deadline = performance.now() + HANG_GUARD_MS;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (performance.now() > deadline) throw new Error(`no matching frame (board ${this.board.mode} at ${this.board.simTimeMs.toFixed(1)} simulated ms)`);
      await this.next();
    }
  }

  /** Waits until the console text contains `needle` at or after character `from`. */
  async waitForText(needle: string, from = 0): Promise<void> {
    const deadline = performance.now() + HANG_GUARD_MS;
    while (this.console.indexOf(needle, from) < 0) {
      if (performance.now() > deadline) throw new Error(`"${needle}" never printed; got ${JSON.stringify(this.console)}`);
      await this.next();
    }
  }

  /** Lets `ms` of simulated time pass. */
  idle(ms: number): Promise<void> {
    this.board.clock.touch();
    return this.board.clock.sleep(ms);
  }

  async sync(): Promise<Response[]> {
    const from = this.frames.length;
    this.send(Op.SYNC, SYNC_DATA);
    await this.waitFor(() => this.frames.slice(from).filter((f) => f[1] === Op.SYNC).length >= 8, from);
    return this.frames.slice(from).filter((f) => f[1] === Op.SYNC).map(parse);
  }

  async readReg(addr: number): Promise<number> {
    return (await this.command(Op.READ_REG, le32(addr))).value;
  }

  // Wakes on the next bytes, or after a few real milliseconds to check the guard. It never runs on
  // the board's clock: a host polling there would drag simulated time along.
  private next(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, 5);
      this.waiters.add(done);
    });
  }

  // Every frame the simulator sends has its own pair of delimiters, so outside a pair is console text.
  private receive(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.current === null) {
        if (b === 0xc0) this.current = [];
        else this.text.push(b);
      } else if (b === 0xc0) {
        // An empty pair is a stray delimiter: take it as the start of the next frame.
        if (this.current.length > 0) {
          this.frames.push(Uint8Array.from(this.current));
          this.current = null;
        }
        this.escaping = false;
      } else if (this.escaping) {
        this.current.push(b === 0xdc ? 0xc0 : b === 0xdd ? 0xdb : b);
        this.escaping = false;
      } else if (b === 0xdb) {
        this.escaping = true;
      } else {
        this.current.push(b);
      }
    }
    [...this.waiters].forEach((w) => w());
  }
}

/** Only a guard against a hung test: how long a wait may take in real time. */
const HANG_GUARD_MS = 10_000;

export const SYNC_DATA = Uint8Array.of(0x07, 0x07, 0x12, 0x20, ...new Array<number>(32).fill(0x55));

export function parse(frame: Uint8Array): Response {
  return { op: frame[1]!, value: u32(frame, 4), body: frame.subarray(8) };
}

/** Status bytes of a response whose payload is `payloadLength` long (esptool's way, spec §2). */
export const status = (r: Response, payloadLength = 0): [number, number] => [r.body[payloadLength]!, r.body[payloadLength + 1]!];
