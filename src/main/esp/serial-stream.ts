type Callback = (error: Error | null | undefined) => void;

/** Modem line settings as serialport's set() takes them (every call sets all of them). */
export interface LineSettings {
  dtr?: boolean;
  rts?: boolean;
  brk?: boolean;
}

/**
 * What the loader needs of a serial port: the part of serialport's SerialPortStream it uses.
 * `SerialPort` (the real binding) and `new SerialPortStream({ binding, ... })` both fit.
 */
export interface SerialStream {
  readonly isOpen: boolean;
  write(data: Buffer, callback?: Callback): boolean;
  set(options: LineSettings, callback?: Callback): void;
  update(options: { baudRate: number }, callback?: Callback): void;
  flush(callback?: Callback): void;
  close(callback?: Callback): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (error?: Error | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'close', listener: (error?: Error | null) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A serialport binding (`BindingInterface` of @serialport/bindings-interface, whose type
 * declarations its package.json does not export): the part the loader relies on.
 */
export interface SerialBinding {
  list(): Promise<{ path: string; vendorId?: string | undefined; productId?: string | undefined }[]>;
  open(options: { path: string; baudRate: number }): Promise<unknown>;
}
