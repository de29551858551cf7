// FLASH_BEGIN / FLASH_DATA / FLASH_END and their deflate twins (spec §3, §9, §11.9), for the ROM
// (erase everything up front, write each block before acknowledging it) and for the stub (erase
// lazily, acknowledge first and write while the next block is on the wire).
import type { ChipSpec } from './chips.js';
import type { FaultSpec } from './faults.js';
import { Inflater } from './inflater.js';
import { checksum, u32, type Failure } from './protocol.js';
import { BLOCK_SIZE, SECTOR_SIZE, type SpiFlash } from './spi-flash.js';
import { eraseRangeMs, programMs, type TimingFigures } from './timing.js';

export interface FlashContext {
  chip: ChipSpec;
  flash: SpiFlash;
  timing: TimingFigures;
  stub: boolean;
  /** Bytes the loader may address: the SPI_SET_PARAMS size, or the chip's. */
  limit: number;
  /** The ROM has attached the flash (SPI_ATTACH); the stub attaches itself. */
  attached: boolean;
}

export interface BeginResult {
  session: FlashSession | null;
  failure: Failure | null;
  /** Time the loader spends before it answers. */
  busyMs: number;
}

export interface DataResult {
  failure: Failure | null;
  /** Only the stub: work done after the ACK, whose failure is reported on the next command. */
  afterAck?: () => Promise<{ failure: Failure | null; busyMs: number }>;
  busyMs: number;
}

const alignDown = (n: number, a: number): number => n - (n % a);
const alignUp = (n: number, a: number): number => alignDown(n + a - 1, a);

export class FlashSession {
  private nextSeq = 0;
  private cursor: number;
  private remaining: number;
  private erasedTo: number;
  private readonly eraseEnd: number;
  private readonly inflater: Inflater | null;

  private constructor(
    private readonly ctx: FlashContext,
    readonly compressed: boolean,
    readonly offset: number,
    readonly size: number,
    readonly blockSize: number,
    /** Encrypted write (asked for, or read from a fifth word the host did not send): garbles data without a key. */
    readonly scrambled: boolean,
  ) {
    this.cursor = offset;
    this.remaining = size;
    this.erasedTo = alignDown(offset, SECTOR_SIZE);
    this.eraseEnd = alignUp(offset + size, SECTOR_SIZE);
    this.inflater = compressed ? new Inflater() : null;
  }

  static begin(ctx: FlashContext, data: Uint8Array, compressed: boolean): BeginResult {
    const fail = (failure: Failure): BeginResult => ({ session: null, failure, busyMs: 0 });
    let scrambled = false;
    if (ctx.stub || ctx.chip.romBeginWords === 5) {
      if (data.length !== 16 && data.length !== 20) return fail('badLength');
      // A later ROM reads a fifth word even when the host sent four: what it finds there is stale.
      if (!ctx.stub && data.length === 16) scrambled = true;
    } else if (data.length < 16) {
      return fail('badLength');
    }
    if (data.length >= 20 && u32(data, 16) !== 0) scrambled = true;
    const size = u32(data, 0);
    const blockSize = u32(data, 8);
    const offset = u32(data, 12);
    if (offset + size > ctx.limit) return fail('failed');
    if (!ctx.stub && !ctx.attached && size > 0) return fail('failed');
    const session = new FlashSession(ctx, compressed, offset, size, blockSize, scrambled);
    let busyMs = 0;
    if (!ctx.stub && size > 0) {
      for (let at = session.erasedTo; at < session.eraseEnd; at += SECTOR_SIZE) ctx.flash.eraseSector(at);
      busyMs = eraseRangeMs(ctx.timing, session.erasedTo, session.eraseEnd);
      session.erasedTo = session.eraseEnd;
    }
    return { session, failure: null, busyMs };
  }

  async data(request: { checksum: number; data: Uint8Array }, faults: readonly FaultSpec[]): Promise<DataResult> {
    const data = request.data;
    if (data.length < 16) return { failure: 'badLength', busyMs: 0 };
    const length = u32(data, 0);
    const seq = u32(data, 4);
    const payload = data.subarray(16);
    if (length !== payload.length) return { failure: 'tooMuchData', busyMs: 0 };
    if (checksum(payload) !== request.checksum) return { failure: 'checksum', busyMs: 0 };
    if (seq !== this.nextSeq) return { failure: 'badSequence', busyMs: 0 };
    if (!this.compressed && payload.length > this.blockSize) return { failure: 'tooMuchData', busyMs: 0 };
    this.nextSeq++;
    const work = () => this.write(seq, payload.slice(), faults);
    if (this.ctx.stub) return { failure: null, busyMs: 0, afterAck: work };
    return work();
  }

  /** FLASH_END / FLASH_DEFL_END: the stub refuses to end before it has every byte (new stub). */
  end(): Failure | null {
    this.inflater?.close();
    if (this.ctx.stub && this.remaining > 0) return 'badLength';
    return null;
  }

  private async write(seq: number, payload: Uint8Array, faults: readonly FaultSpec[]): Promise<{ failure: Failure | null; busyMs: number }> {
    let bytes = payload;
    if (this.inflater) {
      try {
        bytes = await this.inflater.push(payload);
      } catch {
        return { failure: 'deflate', busyMs: 0 };
      }
    }
    let addr: number;
    if (this.ctx.stub || this.compressed) {
      addr = this.cursor;
      if (this.ctx.stub) bytes = bytes.subarray(0, Math.min(bytes.length, this.remaining));
      this.cursor += bytes.length;
      this.remaining -= bytes.length;
    } else {
      addr = this.offset + seq * this.blockSize;
    }
    let busyMs = this.ctx.stub ? this.eraseAhead(addr + bytes.length) : 0;
    // A last block padded with 0xFF past the end of the flash changes nothing there.
    const inRange = Math.max(0, Math.min(bytes.length, this.ctx.limit - addr));
    if (bytes.subarray(inRange).some((b) => b !== 0xff)) return { failure: 'flashWrite', busyMs };
    bytes = bytes.subarray(0, inRange);
    if (faults.some((f) => f.kind === 'flashWriteError')) return { failure: 'flashWrite', busyMs };
    if (this.scrambled) bytes = bytes.map((b, i) => b ^ (0xa5 + ((addr + i) * 31)) & 0xff);
    this.ctx.flash.program(addr, bytes);
    if (faults.some((f) => f.kind === 'corruptFlash') && bytes.length > 0) corruptOneByte(this.ctx.flash, addr, bytes.length);
    busyMs += programMs(this.ctx.timing, bytes.length);
    return { failure: null, busyMs };
  }

  // The stub erases only what the next write needs, by 64 KiB block where it can, and skips
  // sectors that are already blank (esp-flasher-stub v1.1.0).
  private eraseAhead(until: number): number {
    const t = this.ctx.timing;
    const flash = this.ctx.flash;
    let ms = 0;
    while (this.erasedTo < Math.min(until, this.eraseEnd)) {
      const at = this.erasedTo;
      const unit = at % BLOCK_SIZE === 0 && at + BLOCK_SIZE <= this.eraseEnd ? BLOCK_SIZE : SECTOR_SIZE;
      if (flash.isBlank(at, unit)) {
        ms += (unit / SECTOR_SIZE) * t.blankCheckMsPerSector;
      } else {
        for (let s = at; s < at + unit; s += SECTOR_SIZE) flash.eraseSector(s);
        ms += unit === BLOCK_SIZE ? t.blockEraseMs : t.sectorEraseMs;
      }
      this.erasedTo += unit;
    }
    return ms;
  }
}

/** A bit that did not program: the first byte with a 0 bit gets it back as 1. */
function corruptOneByte(flash: SpiFlash, addr: number, length: number): void {
  for (let i = addr; i < addr + length; i++) {
    const b = flash.data[i]!;
    const zeros = ~b & 0xff;
    if (zeros !== 0) {
      flash.data[i] = b | (zeros & -zeros);
      return;
    }
  }
  flash.data[addr] = 0xfe;
}
