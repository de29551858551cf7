// A plain serialport client for tests: opens a path on a binding, records what arrives.
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from './binding-types.js';
import { slipEncode } from './slip.js';

const HANG_GUARD_MS = 10_000;

export class SerialClient {
  private readonly chunks: Buffer[] = [];
  closed = false;
  closeError: Error | null = null;

  private constructor(readonly port: SerialPortStream) {
    port.on('data', (d: Buffer) => this.chunks.push(d));
    port.on('close', (error: Error | null) => {
      this.closed = true;
      this.closeError = error ?? null;
    });
    port.on('error', () => {});
  }

  static async open(binding: BindingInterface, path: string, baudRate = 115200): Promise<SerialClient> {
    const port = new SerialPortStream({ binding, path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return new SerialClient(port);
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return this.bytes.toString('latin1');
  }

  /** Sets both control lines at once (true = asserted). */
  lines(dtr: boolean, rts: boolean): Promise<void> {
    return new Promise((resolve, reject) => this.port.set({ dtr, rts }, (e) => (e ? reject(e) : resolve())));
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.port.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve())));
  }

  /** Sends a request frame. */
  request(op: number, data: Uint8Array = new Uint8Array(0)): Promise<void> {
    const frame = new Uint8Array(8 + data.length);
    frame[1] = op;
    new DataView(frame.buffer).setUint16(2, data.length, true);
    frame.set(data, 8);
    return this.write(slipEncode(frame));
  }

  setBaud(baudRate: number): Promise<void> {
    return new Promise((resolve, reject) => this.port.update({ baudRate }, (e) => (e ? reject(e) : resolve())));
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.close(() => resolve()));
  }

  async waitFor(check: () => boolean, what: string): Promise<void> {
    const deadline = performance.now() + HANG_GUARD_MS;
    while (!check()) {
      if (performance.now() > deadline) throw new Error(`never happened: ${what}; received ${JSON.stringify(this.text)}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  waitForText(needle: string, from = 0): Promise<void> {
    return this.waitFor(() => this.text.indexOf(needle, from) >= 0, `"${needle}" printed`);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
