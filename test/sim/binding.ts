// Simulated boards as a serialport binding: `new SerialPortStream({ binding: simBinding, path })`
// opens a plugged-in board; DTR/RTS drive its reset circuit; unplugging it fails the port.
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo, PortStatus, SetOptions, UpdateOptions } from './binding-types.js';
import { ADAPTERS, type AdapterKind } from './adapters.js';
import type { SimBoard } from './board.js';
import { AutoResetCircuit, UsbJtagResetLogic, type ResetLogic } from './reset-circuit.js';

export interface SimPortOptions {
  /** Default `sim://<chip>-<n>`. */
  path?: string;
  /** The USB bridge the host sees. Default cp2102; usb-jtag is the chip's own USB-Serial/JTAG. */
  adapter?: AdapterKind;
  serialNumber?: string;
  locationId?: string;
}

export interface SimPort {
  readonly path: string;
  readonly board: SimBoard;
  readonly adapter: AdapterKind;
  readonly info: PortInfo;
  /** Pulls the cable: open ports fail, the path leaves list(). */
  unplug(): void;
}

interface Plugged extends SimPort {
  reset: ResetLogic;
  open: SimBindingPort | null;
}

const registry = new Map<string, Plugged>();
let portCount = 0;

/** Connects a board to the simulated USB bus and powers it up (it boots its app, or complains it has none). */
export function plugIn(board: SimBoard, options: SimPortOptions = {}): SimPort {
  const n = ++portCount;
  const adapter = options.adapter ?? 'cp2102';
  const path = options.path ?? `sim://${board.chip.name}-${n}`;
  if (registry.has(path)) throw new Error(`${path} is already plugged in`);
  board.setUsbLink(adapter === 'usb-jtag');
  const usb = ADAPTERS[adapter];
  // The USB-Serial/JTAG reports the chip's MAC as its serial number.
  const serialNumber = options.serialNumber ?? (adapter === 'usb-jtag' ? board.macAddress.toUpperCase() : `SIM${board.seed.toString(16).padStart(5, '0').toUpperCase()}`);
  const info: PortInfo = {
    path,
    manufacturer: usb.manufacturer,
    serialNumber,
    pnpId: `usb-${usb.manufacturer.replace(/\W+/g, '_')}_${serialNumber}-if00`,
    locationId: options.locationId ?? `1-${n}`,
    vendorId: usb.vendorId,
    productId: usb.productId,
  };
  const plugged: Plugged = {
    path,
    board,
    adapter,
    info,
    reset: adapter === 'usb-jtag' ? new UsbJtagResetLogic(board) : new AutoResetCircuit(board),
    open: null,
    unplug: () => board.unplug(),
  };
  registry.set(path, plugged);
  const stop = board.onUnplug(() => {
    stop();
    registry.delete(path);
    plugged.open?.disconnected();
  });
  plugged.reset.lines(false, false);
  board.powerOn();
  return plugged;
}

/** Every board currently plugged in. */
export const simPorts = (): SimPort[] => [...registry.values()];

/** Unplugs everything (test cleanup). */
export function unplugAll(): void {
  for (const port of [...registry.values()]) port.unplug();
}

interface PendingRead {
  buffer: Buffer;
  offset: number;
  length: number;
  resolve(result: { buffer: Buffer; bytesRead: number }): void;
  reject(error: Error): void;
}

const canceled = (message: string) => Object.assign(new Error(message), { canceled: true as const });

export class SimBindingPort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  private gone = false;
  private incoming: Buffer[] = [];
  private pending: PendingRead | null = null;
  private readonly stopListening: () => void;
  private dtr = true;
  private rts = true;

  constructor(
    private readonly port: Plugged,
    options: Required<OpenOptions>,
  ) {
    this.openOptions = options;
    this.stopListening = port.board.onData((bytes) => {
      this.incoming.push(Buffer.from(bytes));
      this.serve();
    });
    port.board.setHostBaud(options.baudRate);
    // Opening a tty raises DTR and RTS: on a UART bridge both asserted leaves EN and IO0 high; the
    // USB-Serial/JTAG ignores that state (no reset, download-mode flag untouched).
    port.reset.lines(true, true);
  }

  /** The board was unplugged under us: reads and writes fail as on a vanished device. */
  disconnected(): void {
    this.gone = true;
    this.stopListening();
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new Error(`${this.port.path}: device disconnected`));
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.stopListening();
    if (this.port.open === this) this.port.open = null;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(canceled('port closed'));
    // hupcl: closing drops DTR and RTS.
    if (!this.gone && this.openOptions.hupcl) this.port.reset.lines(false, false);
  }

  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) return Promise.reject(canceled('port is not open'));
    if (this.gone) return Promise.reject(new Error(`${this.port.path}: device disconnected`));
    if (this.pending) return Promise.reject(new Error('a read is already pending'));
    return new Promise((resolve, reject) => {
      this.pending = { buffer, offset, length, resolve, reject };
      this.serve();
    });
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw canceled('port is not open');
    if (this.gone) throw new Error(`${this.port.path}: device disconnected`);
    this.port.board.input(Uint8Array.from(buffer));
  }

  async update(options: UpdateOptions): Promise<void> {
    this.check();
    const max = ADAPTERS[this.port.adapter].maxBaud;
    if (!(options.baudRate > 0) || options.baudRate > max) throw new Error(`${this.port.adapter} cannot do ${options.baudRate} baud (max ${max})`);
    this.openOptions.baudRate = options.baudRate;
    this.port.board.setHostBaud(options.baudRate);
  }

  async set(options: SetOptions): Promise<void> {
    this.check();
    this.dtr = options.dtr ?? this.dtr;
    this.rts = options.rts ?? this.rts;
    this.port.reset.lines(this.dtr, this.rts);
  }

  async get(): Promise<PortStatus> {
    this.check();
    return { cts: false, dsr: false, dcd: false };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.check();
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    this.check();
    this.incoming = [];
  }

  async drain(): Promise<void> {
    this.check();
    await this.port.board.whenInputDrained();
  }

  private check(): void {
    if (!this.isOpen) throw new Error('Port is not open');
    if (this.gone) throw new Error(`${this.port.path}: device disconnected`);
  }

  private serve(): void {
    const pending = this.pending;
    if (!pending || this.incoming.length === 0) return;
    let copied = 0;
    while (copied < pending.length && this.incoming.length > 0) {
      const head = this.incoming[0]!;
      const n = Math.min(head.length, pending.length - copied);
      head.copy(pending.buffer, pending.offset + copied, 0, n);
      copied += n;
      if (n === head.length) this.incoming.shift();
      else this.incoming[0] = head.subarray(n);
    }
    this.pending = null;
    pending.resolve({ buffer: pending.buffer, bytesRead: copied });
  }
}

export const simBinding: BindingInterface<SimBindingPort, OpenOptions, PortInfo> = {
  async list() {
    return simPorts().map((p) => ({ ...p.info }));
  },
  async open(options) {
    const port = registry.get(options.path);
    if (!port) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
    const full: Required<OpenOptions> = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    };
    const max = ADAPTERS[port.adapter].maxBaud;
    if (!(full.baudRate > 0) || full.baudRate > max) throw new Error(`${port.adapter} cannot do ${full.baudRate} baud (max ${max})`);
    if (port.open && (full.lock || port.open.openOptions.lock)) throw new Error(`Error Resource temporarily unavailable Cannot lock port ${options.path}`);
    const opened = new SimBindingPort(port, full);
    port.open = opened;
    return opened;
  },
};
