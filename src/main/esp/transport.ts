import { espError, type EspError, type EspStep } from './errors.js';
import type { SerialStream } from './serial-stream.js';
import { SlipDecoder, slipEncode } from './slip.js';

const MAX_QUEUED_FRAMES = 1024;
const BOOT_LOG_KEEP = 2048;

/** Which step the owner is in, so that a failure deep down names it. */
export interface StepContext {
  step: EspStep;
}

interface Waiter {
  resolve(frame: Uint8Array | undefined): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * SLIP frames over one serial stream: writes with a deadline, reads with a deadline,
 * the modem lines and the baud rate. One per port; it keeps no state outside itself.
 */
export class Transport {
  private readonly decoder: SlipDecoder;
  private readonly frames: Uint8Array[] = [];
  private waiter: Waiter | undefined;
  private gone: EspError | undefined;
  private noise = '';
  private closing = false;
  private readonly onData = (chunk: Buffer): void => this.decoder.push(chunk);
  private readonly onClose = (error?: Error | null): void => this.lost(error ?? undefined);
  private readonly onError = (error: Error): void => this.lost(error);

  constructor(
    private readonly stream: SerialStream,
    readonly port: string,
    readonly context: StepContext,
    private readonly writeTimeoutMs = 10_000,
  ) {
    this.decoder = new SlipDecoder({
      frame: (frame) => this.deliver(frame),
      noise: (bytes) => {
        this.noise = (this.noise + Buffer.from(bytes).toString('latin1')).slice(-BOOT_LOG_KEEP);
      },
    });
    stream.on('data', this.onData);
    stream.on('close', this.onClose);
    stream.on('error', this.onError);
  }

  /** Text the board printed outside frames since the last discardInput(). */
  bootLog(): string {
    return this.noise;
  }

  async send(packet: Uint8Array): Promise<void> {
    await this.writeRaw(slipEncode(packet));
  }

  async writeRaw(bytes: Uint8Array): Promise<void> {
    this.throwIfGone();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.portGone(`writing to ${this.port} did not finish within ${this.writeTimeoutMs / 1000} s`)), this.writeTimeoutMs);
      this.stream.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        clearTimeout(timer);
        if (error) reject(this.gone ?? this.portGone(`writing to ${this.port} failed: ${error.message}`, error));
        else resolve();
      });
    });
  }

  /** The next frame, or undefined when none came within timeoutMs. */
  nextFrame(timeoutMs: number): Promise<Uint8Array | undefined> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    if (this.gone) return Promise.reject(this.gone);
    if (this.waiter) return Promise.reject(new Error('Transport.nextFrame: a read is already waiting'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, Math.max(0, timeoutMs));
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Forgets everything received so far, in the OS buffers and here. */
  async discardInput(): Promise<void> {
    this.throwIfGone();
    await new Promise<void>((resolve) => this.stream.flush(() => resolve()));
    this.decoder.reset();
    this.frames.length = 0;
    this.noise = '';
  }

  /**
   * Sets DTR and RTS together. Returns false when the port has no modem lines (a
   * pseudo-terminal answers "Inappropriate ioctl"): that is not an error, the board may
   * already be in download mode or be reset another way.
   */
  async setLines(dtr: boolean, rts: boolean): Promise<boolean> {
    this.throwIfGone();
    const error = await new Promise<Error | null | undefined>((resolve) => this.stream.set({ dtr, rts }, resolve));
    if (!error) return true;
    this.throwIfGone();
    if (!this.stream.isOpen) throw this.portGone(`${this.port} closed while setting DTR/RTS`, error);
    return false;
  }

  async setBaudRate(baudRate: number): Promise<void> {
    this.throwIfGone();
    const error = await new Promise<Error | null | undefined>((resolve) => this.stream.update({ baudRate }, resolve));
    if (error) throw espError('protocol', this.context.step, this.port, `${this.port} cannot switch to ${baudRate} baud: ${error.message}`, {}, error);
  }

  /** Stops listening and closes the stream. */
  async close(): Promise<void> {
    this.closing = true;
    this.detach();
    if (!this.stream.isOpen) return;
    await new Promise<void>((resolve) => this.stream.close(() => resolve()));
  }

  /** Stops listening but leaves the stream open (for a caller that owns it). A read in progress fails. */
  detach(): void {
    this.stream.off('data', this.onData);
    this.stream.off('close', this.onClose);
    this.stream.off('error', this.onError);
    this.gone ??= this.portGone(`the connection to ${this.port} was closed`);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(this.gone);
    }
  }

  private deliver(frame: Uint8Array): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
      return;
    }
    if (this.frames.length >= MAX_QUEUED_FRAMES) this.frames.shift();
    this.frames.push(frame);
  }

  private lost(cause: Error | undefined): void {
    if (this.gone || this.closing) return;
    const reason = cause ? `: ${cause.message}` : '';
    this.gone = this.portGone(`${this.port} went away${reason}`, cause);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(this.gone);
    }
  }

  private throwIfGone(): void {
    if (this.gone) throw this.gone;
  }

  private portGone(message: string, cause?: unknown): EspError {
    return espError('port-gone', this.context.step, this.port, message, {}, cause);
  }
}
