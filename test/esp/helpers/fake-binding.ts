import { FakeBoard, type BoardOptions } from './fake-board.js';

interface PortEntry {
  board: FakeBoard;
  vendorId?: string;
  productId?: string;
  /** set() fails as on a pseudo-terminal. */
  noModemLines?: boolean;
  open?: FakePort;
}

/** An in-process serialport binding whose ports are FakeBoards. One per test: no shared state. */
export class FakeBinding {
  private readonly ports = new Map<string, PortEntry>();
  readonly setCalls: { path: string; dtr?: boolean; rts?: boolean }[] = [];

  addBoard(path: string, options: BoardOptions, extra: Omit<PortEntry, 'board' | 'open'> = {}): FakeBoard {
    const entry: PortEntry = { ...extra, board: undefined as unknown as FakeBoard };
    entry.board = new FakeBoard(options, (bytes) => entry.open?.deliver(bytes));
    this.ports.set(path, entry);
    return entry.board;
  }

  async list(): Promise<{ path: string; vendorId?: string; productId?: string; manufacturer: undefined; serialNumber: undefined; pnpId: undefined; locationId: undefined }[]> {
    return [...this.ports].map(([path, e]) => ({ path, vendorId: e.vendorId, productId: e.productId, manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined }));
  }

  async open(options: { path: string; baudRate: number }): Promise<FakePort> {
    const entry = this.ports.get(options.path);
    if (!entry) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
    if (entry.open?.isOpen) throw new Error(`Error Resource temporarily unavailable Cannot lock port`);
    entry.board.hostBaud = options.baudRate;
    entry.open = new FakePort(entry, options, (call) => this.setCalls.push({ path: options.path, ...call }));
    return entry.open;
  }

  /** Pulls the cable: the open port's pending read fails as a disconnect. */
  unplug(path: string): void {
    this.ports.get(path)?.open?.unplug();
  }
}

class FakePort {
  isOpen = true;
  private unplugged = false;
  readonly openOptions: Record<string, unknown>;
  private readonly queue: Buffer[] = [];
  private pending: { resolve: (n: number) => void; reject: (e: Error) => void; buffer: Buffer; offset: number; length: number } | undefined;

  constructor(
    private readonly entry: PortEntry,
    options: { path: string; baudRate: number },
    private readonly onSet: (call: { dtr?: boolean; rts?: boolean }) => void,
  ) {
    this.openOptions = { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options };
  }

  deliver(bytes: Buffer): void {
    if (!this.isOpen || this.unplugged) return;
    this.queue.push(Buffer.from(bytes));
    this.satisfy();
  }

  private satisfy(): void {
    const p = this.pending;
    if (!p || this.queue.length === 0) return;
    this.pending = undefined;
    const head = this.queue[0]!;
    const n = Math.min(head.length, p.length);
    head.copy(p.buffer, p.offset, 0, n);
    if (n === head.length) this.queue.shift();
    else this.queue[0] = head.subarray(n);
    p.resolve(n);
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) throw Object.assign(new Error('Port is not open'), { canceled: true });
    if (this.unplugged) throw new Error('Error: Input/output error, cannot read');
    const bytesRead = await new Promise<number>((resolve, reject) => {
      this.pending = { resolve, reject, buffer, offset, length };
      this.satisfy();
    });
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
    if (this.unplugged) throw new Error('Error: Input/output error, cannot write');
    const copy = Buffer.from(buffer);
    setImmediate(() => this.entry.board.receive(copy));
  }

  async update(options: { baudRate: number }): Promise<void> {
    this.entry.board.hostBaud = options.baudRate;
  }

  async set(options: { dtr?: boolean; rts?: boolean }): Promise<void> {
    if (this.entry.noModemLines) throw new Error('Error: Inappropriate ioctl for device, cannot set');
    this.onSet({ dtr: options.dtr, rts: options.rts });
    this.entry.board.setLines(options.dtr ?? true, options.rts ?? true);
  }

  async get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }> {
    return { cts: false, dsr: false, dcd: false };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: Number(this.entry.board.hostBaud) };
  }

  async flush(): Promise<void> {
    this.queue.length = 0;
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {
    this.isOpen = false;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(Object.assign(new Error('Port is closed'), { canceled: true }));
  }

  /** Like a USB adapter pulled out: reads and writes fail (not as cancelled), so serialport reports a disconnect. */
  unplug(): void {
    this.unplugged = true;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(new Error('Error: Input/output error, cannot read'));
  }
}
