// What the ROM loader and the flasher stub do with each request (spec §3, §7, §8, §11). The board
// (board.ts) owns framing, replies and faults; this file owns the meaning of each opcode.
import { createHash } from 'node:crypto';
import type { ChipSpec, Revision } from './chips.js';
import type { FaultSpec } from './faults.js';
import { FlashSession } from './flash-session.js';
import { checksum, le32, Op, u32, type Failure, type Request } from './protocol.js';
import type { RegisterFile } from './registers.js';
import { SECTOR_SIZE, type SpiFlash } from './spi-flash.js';
import type { RamImage, StubImage } from './stub-images.js';
import { chipEraseMs, eraseRangeMs, md5Ms, type TimingFigures } from './timing.js';

/** The ROM's SYNC answer `value` (spec §6); the stub answers 0. */
export const ROM_SYNC_VALUE = 0x20120707;
const SYNC_BODY = Uint8Array.of(0x07, 0x07, 0x12, 0x20, ...new Array<number>(32).fill(0x55));

export interface LoaderContext {
  readonly chip: ChipSpec;
  readonly revision: Revision;
  readonly flash: SpiFlash;
  readonly regs: RegisterFile;
  readonly ram: RamImage;
  readonly timing: TimingFigures;
  readonly stub: boolean;
  readonly stubs: readonly StubImage[];
  /** ROM: SPI_ATTACH seen since reset. */
  attached: boolean;
  /** Addressable flash bytes (SPI_SET_PARAMS). */
  limit: number;
  session: FlashSession | null;
  memSeq: number;
  /** Spend simulated time; false when the board was reset meanwhile (stop at once). */
  busy(ms: number): Promise<boolean>;
  /** A raw frame to the host (READ_FLASH data and digest). */
  sendFrame(frame: Uint8Array): void;
  nextFrame(): Promise<Uint8Array | null>;
  unshiftFrame(frame: Uint8Array): void;
  /** Switch the UART once everything queued so far has left at the old rate. */
  changeBaud(baud: number): Promise<void>;
  /** Jump to uploaded code. */
  enter(entry: number, faults: readonly FaultSpec[]): Promise<void>;
  /** Software reset once the reply is out: back to the ROM in the boot mode latched at the last EN reset. */
  softReset(): Promise<void>;
  /** Leave the loader (once the reply is out) and run the app from flash. */
  runApp(): Promise<void>;
  /** Stub only: a failure after the ACK, answered on the next command. */
  deferFailure(failure: Failure): void;
}

export interface Outcome {
  /** No `reply`: nothing is sent. `unknown`: the ROM's answer to an opcode it does not have. */
  reply?: { value?: number; payload?: Uint8Array; failure?: Failure | 'notImplemented'; count?: number };
  unknown?: true;
  /** Runs once the reply is queued. */
  after?: () => Promise<void>;
}

const ok = (value?: number, payload?: Uint8Array): Outcome => ({ reply: { value, payload } });
const fail = (failure: Failure | 'notImplemented'): Outcome => ({ reply: { failure } });

/** Exact length for the stub (it checks), at least that much for the ROM. */
const lengthOk = (ctx: LoaderContext, data: Uint8Array, n: number): boolean => (ctx.stub ? data.length === n : data.length >= n);

export async function execute(ctx: LoaderContext, req: Request, faults: readonly FaultSpec[]): Promise<Outcome> {
  const data = req.data;
  switch (req.op) {
    case Op.SYNC: {
      if (data.length !== SYNC_BODY.length || data.some((b, i) => b !== SYNC_BODY[i])) return fail('invalid');
      return { reply: { value: ctx.stub ? 0 : ROM_SYNC_VALUE, count: 8 } };
    }
    case Op.READ_REG:
      if (!lengthOk(ctx, data, 4)) return fail('badLength');
      return ok(ctx.regs.read(u32(data, 0)));
    case Op.WRITE_REG: {
      if (data.length === 0 || data.length % 16 !== 0) return fail('badLength');
      for (let i = 0; i < data.length; i += 16) {
        const delayUs = u32(data, i + 12);
        if (delayUs > 0 && !(await ctx.busy(delayUs / 1000))) return {};
        ctx.regs.write(u32(data, i), u32(data, i + 4), u32(data, i + 8));
      }
      return ok();
    }
    case Op.SPI_ATTACH:
      // The ROM takes the pin word plus four more bytes; the stub only the pin word (spec §3).
      if (data.length !== (ctx.stub ? 4 : 8)) return fail('badLength');
      ctx.attached = true;
      return ok();
    case Op.SPI_SET_PARAMS:
      if (data.length !== 24) return fail('badLength');
      ctx.limit = u32(data, 4);
      return ok();
    case Op.CHANGE_BAUDRATE: {
      if (!lengthOk(ctx, data, 8)) return fail('badLength');
      const baud = u32(data, 0);
      if (baud < 300) return fail('invalid');
      return { reply: {}, after: () => ctx.changeBaud(baud) };
    }
    case Op.GET_SECURITY_INFO:
      return securityInfo(ctx, data);
    case Op.MEM_BEGIN:
      if (!lengthOk(ctx, data, 16)) return fail('badLength');
      ctx.ram.begin(u32(data, 12), u32(data, 0));
      ctx.memSeq = 0;
      return ok();
    case Op.MEM_DATA:
      return memData(ctx, req);
    case Op.MEM_END: {
      if (!lengthOk(ctx, data, 8)) return fail('badLength');
      const noEntry = u32(data, 0);
      const entry = u32(data, 4);
      return { reply: {}, after: noEntry === 0 ? () => ctx.enter(entry, faults) : undefined };
    }
    case Op.FLASH_BEGIN:
    case Op.FLASH_DEFL_BEGIN:
      return flashBegin(ctx, data, req.op === Op.FLASH_DEFL_BEGIN);
    case Op.FLASH_DATA:
    case Op.FLASH_DEFL_DATA:
      return flashData(ctx, req, faults);
    case Op.FLASH_END:
    case Op.FLASH_DEFL_END:
      return flashEnd(ctx, data);
    case Op.SPI_FLASH_MD5:
      return flashMd5(ctx, data, faults);
    case Op.READ_FLASH_SLOW:
      return ctx.stub ? fail('invalid') : readFlashSlow(ctx, data);
  }
  if (!ctx.stub) return { unknown: true };
  switch (req.op) {
    case Op.ERASE_FLASH:
      if (!(await ctx.busy(chipEraseMs(ctx.timing, ctx.flash.size)))) return {};
      ctx.flash.eraseAll();
      return ok();
    case Op.ERASE_REGION:
      return eraseRegion(ctx, data);
    case Op.READ_FLASH:
      return readFlash(ctx, data);
    case Op.RUN_USER_CODE:
      return { after: () => ctx.runApp() };
  }
  return fail('invalid');
}

function securityInfo(ctx: LoaderContext, data: Uint8Array): Outcome {
  const length = ctx.chip.securityInfoLength;
  if (length === 0) return ctx.stub ? fail('notImplemented') : { unknown: true };
  if (ctx.stub && data.length !== 0) return fail('badLength');
  // flags, flash_crypt_cnt, 7 key purposes, chip id, API version: a chip with no security features enabled.
  const info = new Uint8Array(20);
  info.set(le32(ctx.chip.chipId ?? 0), 12);
  return ok(undefined, info.subarray(0, length));
}

function memData(ctx: LoaderContext, req: Request): Outcome {
  const data = req.data;
  if (data.length < 16) return fail('badLength');
  const payload = data.subarray(16);
  if (u32(data, 0) !== payload.length) return fail('tooMuchData');
  if (checksum(payload) !== req.checksum) return fail('checksum');
  if (u32(data, 4) !== ctx.memSeq) return fail('badSequence');
  if (!ctx.ram.append(payload)) return fail('tooMuchData');
  ctx.memSeq++;
  return ok();
}

async function flashBegin(ctx: LoaderContext, data: Uint8Array, compressed: boolean): Promise<Outcome> {
  const begun = FlashSession.begin(flashContext(ctx), data, compressed);
  if (begun.failure) return fail(begun.failure);
  if (!(await ctx.busy(begun.busyMs))) return {};
  ctx.session = begun.session;
  return ok();
}

async function flashData(ctx: LoaderContext, req: Request, faults: readonly FaultSpec[]): Promise<Outcome> {
  const session = ctx.session;
  if (!session || session.compressed !== (req.op === Op.FLASH_DEFL_DATA)) return fail('notInFlashMode');
  const result = await session.data(req, faults);
  if (result.failure) return fail(result.failure);
  const afterAck = result.afterAck;
  if (afterAck) {
    return {
      reply: {},
      after: async () => {
        const done = await afterAck();
        if (await ctx.busy(done.busyMs)) {
          if (done.failure) ctx.deferFailure(done.failure);
        }
      },
    };
  }
  if (!(await ctx.busy(result.busyMs))) return {};
  return ok();
}

function flashEnd(ctx: LoaderContext, data: Uint8Array): Outcome {
  if (!lengthOk(ctx, data, 4)) return fail('badLength');
  const session = ctx.session;
  if (!session && ctx.stub) return fail('notInFlashMode');
  const failure = session?.end() ?? null;
  ctx.session = null;
  if (failure) return fail(failure);
  // The flag is inverted (spec §3): 0 = reboot, anything else = stay (stub) / run the app (ROM).
  const reboot = u32(data, 0) === 0;
  if (reboot) return { reply: {}, after: () => ctx.softReset() };
  return { reply: {}, after: ctx.stub ? undefined : () => ctx.runApp() };
}

async function flashMd5(ctx: LoaderContext, data: Uint8Array, faults: readonly FaultSpec[]): Promise<Outcome> {
  if (!lengthOk(ctx, data, 16)) return fail('badLength');
  const addr = u32(data, 0);
  const size = u32(data, 4);
  if (!ctx.flash.contains(addr, size)) return fail(ctx.stub ? 'failed' : 'flashRead');
  const bytes = ctx.stub || ctx.attached ? ctx.flash.read(addr, size) : new Uint8Array(size).fill(0xff);
  const digest = createHash('md5').update(bytes).digest();
  if (faults.some((f) => f.kind === 'md5Mismatch')) digest[0]! ^= 0x01;
  if (!(await ctx.busy(md5Ms(ctx.timing, ctx.stub, size)))) return {};
  // ROM: 32 lowercase hex digits; stub: the 16 raw bytes (spec §3).
  return ok(undefined, ctx.stub ? digest : new TextEncoder().encode(digest.toString('hex')));
}

function readFlashSlow(ctx: LoaderContext, data: Uint8Array): Outcome {
  if (!lengthOk(ctx, data, 8)) return fail('badLength');
  const addr = u32(data, 0);
  const length = u32(data, 4);
  if (length > 64) return fail('readLength');
  // Always 64 bytes of data, whatever was asked (spec §3).
  if (!ctx.flash.contains(addr, 64)) return fail('flashRead');
  return ok(undefined, ctx.attached ? ctx.flash.read(addr, 64) : new Uint8Array(64).fill(0xff));
}

async function eraseRegion(ctx: LoaderContext, data: Uint8Array): Promise<Outcome> {
  if (data.length !== 8) return fail('badLength');
  const addr = u32(data, 0);
  const size = u32(data, 4);
  if (addr % SECTOR_SIZE !== 0 || size % SECTOR_SIZE !== 0) return fail('badLength');
  if (!ctx.flash.contains(addr, size)) return fail('failed');
  if (!(await ctx.busy(eraseRangeMs(ctx.timing, addr, addr + size)))) return {};
  for (let at = addr; at < addr + size; at += SECTOR_SIZE) ctx.flash.eraseSector(at);
  return ok();
}

// Stub READ_FLASH (spec §8): the reply, then packets of `packet_size`, each acknowledged by the host
// with the running total; one packet in flight (the new stub ignores max_in_flight); then the MD5.
function readFlash(ctx: LoaderContext, data: Uint8Array): Outcome {
  if (data.length !== 16) return fail('badLength');
  const addr = u32(data, 0);
  const length = u32(data, 4);
  const packet = u32(data, 8);
  if (packet === 0 || packet > 4096) return fail('badLength');
  if (!ctx.flash.contains(addr, length)) return fail('failed');
  return {
    reply: {},
    after: async () => {
      const md5 = createHash('md5');
      let sent = 0;
      let unacked = 0;
      while (sent < length || unacked > 0) {
        if (sent < length && unacked === 0) {
          const chunk = ctx.flash.read(addr + sent, Math.min(packet, length - sent));
          md5.update(chunk);
          ctx.sendFrame(chunk);
          sent += chunk.length;
          unacked++;
          continue;
        }
        const ack = await ctx.nextFrame();
        if (!ack) return;
        if (ack.length !== 4) {
          // Anything but an ACK ends the transfer and is then read as the next command.
          ctx.unshiftFrame(ack);
          break;
        }
        if (u32(ack, 0) >= sent) unacked = 0;
      }
      ctx.sendFrame(md5.digest());
    },
  };
}

function flashContext(ctx: LoaderContext) {
  return { chip: ctx.chip, flash: ctx.flash, timing: ctx.timing, stub: ctx.stub, limit: Math.min(ctx.limit, ctx.flash.size), attached: ctx.attached };
}
