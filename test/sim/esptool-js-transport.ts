// What esptool-js's Transport needs from Web Serial (open, readable/writable web streams,
// setSignals, getInfo, close), on top of a Node serialport stream: the real binding on a pty path,
// or the in-process simBinding. It lets Espressif's own client check the simulator.
import type { SerialPortStream } from '@serialport/stream';

export interface WebSerialInfo {
  usbVendorId?: number;
  usbProductId?: number;
}

export interface WebSerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** Makes (not yet opened) a port at a baud rate: `new SerialPortStream({ binding, path, baudRate, autoOpen: false })`. */
export type PortFactory = (baudRate: number) => SerialPortStream;

export class NodeWebSerialPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private port: SerialPortStream | null = null;
  // Opening a tty asserts both lines; Web Serial leaves unspecified signals as they are.
  private dtr = true;
  private rts = true;

  constructor(
    private readonly makePort: PortFactory,
    private readonly info: WebSerialInfo = {},
  ) {}

  async open(options: { baudRate: number }): Promise<void> {
    const port = this.makePort(options.baudRate);
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    this.port = port;
    this.dtr = true;
    this.rts = true;
    let lost = false;
    this.readable = new ReadableStream<Uint8Array>({
      start(controller) {
        port.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
        port.on('close', (error: Error | null) => {
          lost = Boolean(error);
          try {
            // Web Serial: a vanished device errors the stream; a closed port ends it.
            if (error) controller.error(new DOMException('The device has been lost.', 'NetworkError'));
            else controller.close();
          } catch {
            // already closed or errored
          }
        });
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          // serialport would hold the write until the port reopens; Web Serial fails it.
          if (!port.isOpen) return reject(lost ? new DOMException('The device has been lost.', 'NetworkError') : new Error('port is closed'));
          port.write(Buffer.from(chunk), (error) => (error ? reject(error) : resolve()));
        }),
    });
  }

  async setSignals(signals: WebSerialSignals): Promise<void> {
    const port = this.requirePort();
    this.dtr = signals.dataTerminalReady ?? this.dtr;
    this.rts = signals.requestToSend ?? this.rts;
    await new Promise<void>((resolve, reject) =>
      port.set({ dtr: this.dtr, rts: this.rts, brk: signals.break ?? false }, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** esptool-js changes the baud rate in place when the port offers this. */
  async setBaudRate(baudRate: number): Promise<void> {
    const port = this.requirePort();
    await new Promise<void>((resolve, reject) => port.update({ baudRate }, (error) => (error ? reject(error) : resolve())));
  }

  /** False once the port is closed or its device has vanished. */
  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  getInfo(): WebSerialInfo {
    return this.info;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    this.readable = null;
    this.writable = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private requirePort(): SerialPortStream {
    if (!this.port) throw new Error('port is not open');
    return this.port;
  }
}
