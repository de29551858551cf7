import { createHash } from 'node:crypto';
import { constants, inflateSync } from 'node:zlib';

/**
 * A scripted ESP board for the loader's tests, written from the protocol spec with its own
 * SLIP and packet code (so the client is not tested against itself). ROM and stub modes,
 * registers with SPI flash emulation, NOR flash, and faults to inject.
 */
export type BoardChip = 'esp32' | 'esp32s2' | 'esp32s3' | 'esp32c2' | 'esp32c3' | 'esp32c5' | 'esp32c6' | 'esp32h2' | 'esp32p4';

interface ChipFacts {
  chipId?: number;
  magic: number;
  mac: [address: number, value: number][];
  spiBase: number;
  usr2: number;
  w0: number;
  romBegin: number;
}

const OTHER_SPI = { usr2: 0x20, w0: 0x58 };
export const BOARD_FACTS: Record<BoardChip, ChipFacts> = {
  esp32: { magic: 0x00f01d83, mac: [[0x3ff5a004, 0xa1b2c3d4], [0x3ff5a008, 0x7f00240a]], spiBase: 0x3ff42000, usr2: 0x24, w0: 0x80, romBegin: 16 },
  esp32s2: { magic: 0x000007c6, mac: [[0x3f41a044, 0x11223344], [0x3f41a048, 0x00007c9e]], spiBase: 0x3f402000, ...OTHER_SPI, romBegin: 20 },
  esp32s3: { chipId: 9, magic: 0x9, mac: [[0x60007044, 0x55667788], [0x60007048, 0x0000f412]], spiBase: 0x60002000, ...OTHER_SPI, romBegin: 20 },
  esp32c2: { chipId: 12, magic: 0x6f51306f, mac: [[0x60008840, 0x01020304], [0x60008844, 0x00100806]], spiBase: 0x60002000, ...OTHER_SPI, romBegin: 20 },
  esp32c3: { chipId: 5, magic: 0x1b31506f, mac: [[0x60008844, 0xde00beef], [0x60008848, 0x00003485]], spiBase: 0x60002000, ...OTHER_SPI, romBegin: 20 },
  esp32c5: { chipId: 23, magic: 0x1101406f, mac: [[0x600b4844, 0x0a0b0c0d], [0x600b4848, 0xfffe6055]], spiBase: 0x60003000, ...OTHER_SPI, romBegin: 20 },
  esp32c6: { chipId: 13, magic: 0x2ce0806f, mac: [[0x600b0844, 0x12345678], [0x600b0848, 0xfffe40ca]], spiBase: 0x60003000, ...OTHER_SPI, romBegin: 20 },
  esp32h2: { chipId: 16, magic: 0xd7b73e80, mac: [[0x600b0844, 0x9abcdef0], [0x600b0848, 0x1234744d]], spiBase: 0x60003000, ...OTHER_SPI, romBegin: 20 },
  esp32p4: { chipId: 18, magic: 0x0addbad0, mac: [[0x5012d044, 0x30405060], [0x5012d048, 0x00006055]], spiBase: 0x5008d000, ...OTHER_SPI, romBegin: 20 },
};

export interface BoardOptions {
  chip: BoardChip;
  flashId?: number;
  flashBytes?: number;
  /** 'download': answers from the start; 'app': must be reset into download mode by DTR/RTS first; 'stub': a stub already runs. */
  startIn?: 'download' | 'app' | 'stub';
  resetModel?: 'classic' | 'usb-jtag';
  /** Fewer than 8 SYNC answers, or none. */
  syncAnswers?: number;
  noHello?: boolean;
  /** FLASH_DATA / FLASH_DEFL_DATA block numbers answered once with a checksum error. */
  corruptBlocks?: number[];
  /** The stub reports a write failure of the last block on END (the deferred error). */
  deferredWriteError?: boolean;
  /** SPI_FLASH_MD5 answers a wrong hash. */
  wrongMd5?: boolean;
  /** Extra registers. */
  registers?: [number, number][];
  /** Text printed on every reset. */
  banner?: string;
  /** Answer GET_SECURITY_INFO with a frame carrying another opcode (as ESP32 ROMs refuse unknown commands). */
  refuseWithOtherOpcode?: boolean;
}

const C0 = 0xc0;
const DB = 0xdb;

function slip(packet: Uint8Array): Buffer {
  const out: number[] = [C0];
  for (const b of packet) {
    if (b === C0) out.push(DB, 0xdc);
    else if (b === DB) out.push(DB, 0xdd);
    else out.push(b);
  }
  out.push(C0);
  return Buffer.from(out);
}

const u32 = (b: Uint8Array, at: number): number => Buffer.from(b.buffer, b.byteOffset, b.byteLength).readUInt32LE(at);

export class FakeBoard {
  mode: 'rom' | 'stub' | 'app';
  readonly flash: Uint8Array;
  readonly registers = new Map<number, number>();
  /** Opcodes received, in order. */
  readonly log: number[] = [];
  readonly lineLog: { dtr: boolean; rts: boolean }[] = [];
  baud = 115200;
  /** The host side's rate; 'any' where it cannot be seen (a pseudo-terminal ignores it). */
  hostBaud: number | 'any' = 115200;
  attachLength: number | undefined;
  setParamsSize: number | undefined;
  beginLengths: number[] = [];
  private rx: number[] = [];
  private inFrame = false;
  private escape = false;
  private lines = { dtr: false, rts: false };
  private latched = false;
  private write?: { offset: number; blockSize: number; blocks: number; compressed: boolean; chunks: Buffer[]; dirty: boolean; written: number; nextSeq: number };
  private read?: { data: Uint8Array; packet: number; sent: number };
  private corrupt: Set<number>;
  private readonly facts: ChipFacts;

  constructor(
    readonly options: BoardOptions,
    private readonly output: (bytes: Buffer) => void,
  ) {
    this.facts = BOARD_FACTS[options.chip];
    this.mode = options.startIn === 'app' ? 'app' : options.startIn === 'stub' ? 'stub' : 'rom';
    this.flash = new Uint8Array(options.flashBytes ?? 4 * 1024 * 1024).fill(0xff);
    this.registers.set(0x40001000, this.facts.magic);
    for (const [a, v] of this.facts.mac) this.registers.set(a, v);
    for (const [a, v] of options.registers ?? []) this.registers.set(a, v);
    this.corrupt = new Set(options.corruptBlocks ?? []);
  }

  /** Bytes from the host. */
  receive(bytes: Uint8Array): void {
    if (this.hostBaud !== 'any' && this.hostBaud !== this.baud) return; // wrong baud: garbage
    for (const b of bytes) {
      if (b === C0) {
        if (this.inFrame && this.rx.length > 0) this.packet(Uint8Array.from(this.rx));
        this.inFrame = true;
        this.rx = [];
        continue;
      }
      if (!this.inFrame) continue;
      if (this.escape) {
        this.rx.push(b === 0xdc ? C0 : DB);
        this.escape = false;
      } else if (b === DB) this.escape = true;
      else this.rx.push(b);
    }
  }

  /** DTR/RTS from the host. */
  setLines(dtr: boolean, rts: boolean): void {
    this.lineLog.push({ dtr, rts });
    const before = this.lines;
    this.lines = { dtr, rts };
    if (this.options.resetModel === 'usb-jtag') {
      if (!before.rts && rts) this.latched = before.dtr;
      if (before.rts && !rts) this.boot(this.latched);
    } else if (before.rts && !rts) {
      this.boot(dtr);
    }
  }

  private boot(download: boolean): void {
    this.mode = download ? 'rom' : 'app';
    this.baud = 115200;
    this.write = undefined;
    this.read = undefined;
    const text = this.options.banner ?? (download ? 'ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n' : 'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nhello from the app\r\n');
    this.output(Buffer.from(text, 'latin1'));
  }

  private get statusLength(): number {
    return this.mode === 'stub' ? 2 : 4;
  }

  private reply(op: number, value = 0, payload: Uint8Array = new Uint8Array(0), status = 0, error = 0): void {
    const statusBytes = new Uint8Array(this.statusLength);
    statusBytes[0] = status;
    statusBytes[1] = error;
    const data = Buffer.concat([payload, statusBytes]);
    const header = Buffer.alloc(8);
    header[0] = 1;
    header[1] = op;
    header.writeUInt16LE(data.length, 2);
    header.writeUInt32LE(value >>> 0, 4);
    this.output(slip(Buffer.concat([header, data])));
  }

  private fail(op: number, romError: number, stubCode: number): void {
    if (this.mode === 'stub') this.reply(op, 0, undefined, stubCode, 0);
    else this.reply(op, 0, undefined, 1, romError);
  }

  private packet(frame: Uint8Array): void {
    if (this.read) {
      this.readAck(frame);
      return;
    }
    if (frame.length < 8 || frame[0] !== 0) return;
    const op = frame[1]!;
    const size = Buffer.from(frame.buffer, frame.byteOffset).readUInt16LE(2);
    const check = u32(frame, 4);
    const data = frame.subarray(8, 8 + size);
    if (this.mode === 'app') return;
    this.log.push(op);
    this.command(op, data, check);
  }

  private command(op: number, data: Uint8Array, check: number): void {
    const stub = this.mode === 'stub';
    if (op !== 0x03 && op !== 0x11) this.inflatePending();
    switch (op) {
      case 0x08: {
        const answers = this.options.syncAnswers ?? 8;
        for (let i = 0; i < answers; i++) this.reply(op, stub ? 0 : 0x20120707);
        return;
      }
      case 0x0a:
        return this.reply(op, this.registers.get(u32(data, 0)) ?? 0);
      case 0x09:
        for (let at = 0; at + 16 <= data.length; at += 16) this.writeRegister(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        return this.reply(op);
      case 0x14: {
        if (this.facts.chipId === undefined && this.options.chip === 'esp32') {
          if (this.options.refuseWithOtherOpcode) return this.reply(0x00, 0, undefined, 1, 0x05);
          return this.fail(op, 0x05, 0xc3);
        }
        const info = Buffer.alloc(this.facts.chipId === undefined ? 12 : 20);
        if (this.facts.chipId !== undefined) info.writeUInt32LE(this.facts.chipId, 12);
        return this.reply(op, 0, info);
      }
      case 0x0d:
        this.attachLength = data.length;
        return data.length === (stub ? 4 : 8) ? this.reply(op) : this.fail(op, 0x05, 0xc0);
      case 0x0b:
        this.setParamsSize = u32(data, 4);
        return this.reply(op);
      case 0x0f:
        this.reply(op);
        this.baud = u32(data, 0);
        return;
      case 0x05:
      case 0x07:
        if (op === 0x07 && this.checksum(data.subarray(16)) !== check) return this.fail(op, 0x07, 0xc1);
        return this.reply(op);
      case 0x06:
        this.reply(op);
        if (!this.options.noHello) {
          this.mode = 'stub';
          this.output(slip(Buffer.from('OHAI')));
        }
        return;
      case 0x02:
      case 0x10:
        return this.begin(op, data);
      case 0x03:
      case 0x11:
        return this.data(op, data, check);
      case 0x04:
      case 0x12:
        return this.end(op, data);
      case 0x13:
        return this.md5(op, data);
      case 0x0e: {
        if (stub) return this.fail(op, 0x05, 0xc3);
        const offset = u32(data, 0);
        return this.reply(op, 0, this.flash.slice(offset, offset + 64));
      }
      case 0xd2:
        if (!stub) return this.fail(op, 0x05, 0xc3);
        this.reply(op);
        this.read = { data: this.flash.slice(u32(data, 0), u32(data, 0) + u32(data, 4)), packet: u32(data, 8), sent: 0 };
        this.sendReadPacket();
        return;
      case 0xd1:
        if (!stub) return this.fail(op, 0x05, 0xc3);
        this.flash.fill(0xff, u32(data, 0), u32(data, 0) + u32(data, 4));
        return this.reply(op);
      case 0xd0:
        if (!stub) return this.fail(op, 0x05, 0xc3);
        this.flash.fill(0xff);
        return this.reply(op);
      default:
        return this.fail(op, 0x05, 0xc3);
    }
  }

  private checksum(bytes: Uint8Array): number {
    let sum = 0xef;
    for (const b of bytes) sum ^= b;
    return sum;
  }

  private writeRegister(address: number, value: number, mask: number): void {
    const old = this.registers.get(address) ?? 0;
    this.registers.set(address, ((old & ~mask) | (value & mask)) >>> 0);
    if (address === this.facts.spiBase && value & (1 << 18)) {
      const command = (this.registers.get(this.facts.spiBase + this.facts.usr2) ?? 0) & 0xffff;
      this.registers.set(this.facts.spiBase + this.facts.w0, command === 0x9f ? (this.options.flashId ?? 0x1640ef) : 0);
      this.registers.set(address, value & ~(1 << 18));
    }
  }

  private begin(op: number, data: Uint8Array): void {
    this.beginLengths.push(data.length);
    const expected = this.mode === 'stub' ? 20 : this.facts.romBegin;
    if (data.length !== expected) return this.fail(op, 0x05, 0xc0);
    const [size, blocks, blockSize, offset] = [u32(data, 0), u32(data, 4), u32(data, 8), u32(data, 12)];
    if (this.mode === 'rom') this.flash.fill(0xff, offset, offset + Math.ceil(size / 4096) * 4096);
    else this.flash.fill(0xff, offset, offset + size);
    this.write = { offset, blockSize, blocks, compressed: op === 0x10, chunks: [], dirty: false, written: 0, nextSeq: 0 };
    this.reply(op);
  }

  private data(op: number, data: Uint8Array, check: number): void {
    const w = this.write;
    if (!w) return this.fail(op, 0x06, 0xc6);
    const length = u32(data, 0);
    const seq = u32(data, 4);
    const block = data.subarray(16, 16 + length);
    if (this.corrupt.delete(seq) || this.checksum(block) !== check) return this.fail(op, 0x07, 0xc1);
    if (seq !== w.nextSeq) return this.fail(op, 0x05, 0xc0);
    w.nextSeq++;
    if (w.compressed) {
      // Inflated when the data is next looked at (END, MD5, a read), so that writing stays linear.
      w.chunks.push(Buffer.from(block));
      w.dirty = true;
    } else {
      this.program(w.offset + seq * w.blockSize, block);
    }
    this.reply(op);
  }

  private inflatePending(): void {
    const w = this.write;
    if (!w?.compressed || !w.dirty) return;
    w.dirty = false;
    const out = inflateSync(Buffer.concat(w.chunks), { finishFlush: constants.Z_SYNC_FLUSH });
    this.program(w.offset + w.written, out.subarray(w.written));
    w.written = out.length;
    w.chunks = [Buffer.concat(w.chunks)];
  }

  private program(offset: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length && offset + i < this.flash.length; i++) this.flash[offset + i]! &= bytes[i]!;
  }

  private end(op: number, data: Uint8Array): void {
    if (this.mode === 'rom') {
      if (u32(data, 0) === 1) this.mode = 'app';
      return this.reply(op);
    }
    this.write = undefined;
    if (this.options.deferredWriteError) return this.reply(op, 0, undefined, 0xc4, 0);
    this.reply(op);
    if (u32(data, 0) === 0) this.mode = 'rom';
  }

  private md5(op: number, data: Uint8Array): void {
    const offset = u32(data, 0);
    const digest = createHash('md5').update(this.flash.subarray(offset, offset + u32(data, 4))).digest();
    if (this.options.wrongMd5) digest[0]! ^= 0xff;
    this.reply(op, 0, this.mode === 'stub' ? digest : Buffer.from(digest.toString('hex'), 'latin1'));
  }

  private sendReadPacket(): void {
    const r = this.read!;
    if (r.sent >= r.data.length) {
      this.read = undefined;
      this.output(slip(createHash('md5').update(r.data).digest()));
      return;
    }
    this.output(slip(r.data.subarray(r.sent, r.sent + r.packet)));
  }

  private readAck(frame: Uint8Array): void {
    const r = this.read!;
    const acked = u32(frame, 0);
    r.sent = Math.min(r.data.length, r.sent + r.packet);
    if (acked !== r.sent) throw new Error(`fake board: ack ${acked}, expected ${r.sent}`);
    this.sendReadPacket();
  }
}
