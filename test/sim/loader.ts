// The serial loader as it runs on the chip (ROM or stub): takes request frames one at a time,
// lets commands.ts act on them, shapes the replies (ROM vs stub status, the ROM's stale header),
// and applies the faults the board was given.
import type { ChipSpec, Revision } from './chips.js';
import type { SimClock } from './clock.js';
import { execute, type LoaderContext } from './commands.js';
import type { FaultSet, FaultSpec } from './faults.js';
import type { FlashSession } from './flash-session.js';
import { encodeResponse, Op, parseRequest, romStatus, stubStatus, type Failure } from './protocol.js';
import type { RegisterFile } from './registers.js';
import { slipEncode } from './slip.js';
import type { SpiFlash } from './spi-flash.js';
import type { RamImage, StubImage } from './stub-images.js';
import type { TimingFigures } from './timing.js';

/** What the loader needs from the board it runs on. */
export interface LoaderBoard {
  readonly chip: ChipSpec;
  readonly revision: Revision;
  readonly clock: SimClock;
  readonly timing: TimingFigures;
  readonly faults: FaultSet;
  readonly spiFlash: SpiFlash;
  readonly regs: RegisterFile;
  readonly ram: RamImage;
  readonly stubs: readonly StubImage[];
  /** Bumped by every reset: work begun under an older epoch is abandoned. */
  epoch(): number;
  inStub(): boolean;
  emit(bytes: Uint8Array, epoch: number): void;
  /** When the last byte queued for the host will have left. */
  txIdleAt(): number;
  setUartBaud(baud: number): void;
  hang(): void;
  unplug(): void;
  enterStub(): void;
  softReset(): void;
  runApp(): void;
  /** Noise for the garbage fault. */
  randomBytes(n: number): Uint8Array;
}

interface LoaderState {
  attached: boolean;
  limit: number;
  session: FlashSession | null;
  memSeq: number;
  deferred: Failure | null;
  /** The ROM reuses its reply header: the opcode and value of the last answer stay in it. */
  romOp: number;
  romValue: number;
}

type Reply = { value?: number; payload?: Uint8Array; failure?: Failure | 'notImplemented' };

const EMPTY = new Uint8Array(0);

export class Loader {
  private state: LoaderState;
  private frames: Uint8Array[] = [];
  private waiter: ((frame: Uint8Array | null) => void) | null = null;

  constructor(private readonly board: LoaderBoard) {
    this.state = this.fresh();
  }

  /** Runs the command loop until the board's epoch changes. */
  start(epoch: number): void {
    void this.loop(epoch).catch((error: unknown) => {
      // A simulator bug must not pass for a board fault: say so loudly, then play dead.
      console.error(`sim board (${this.board.chip.displayName}) crashed:`, error);
      if (epoch === this.board.epoch()) this.board.hang();
    });
  }

  push(frame: Uint8Array): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      waiter(frame);
    } else {
      this.frames.push(frame);
    }
  }

  /** Drops queued requests and wakes the loop so it sees the new epoch. */
  stop(): void {
    this.frames = [];
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(null);
  }

  /** A chip reset: RAM-held loader state is gone. */
  reset(): void {
    this.stop();
    this.state.session?.end();
    this.state = this.fresh();
  }

  /** The stub starts with the flash attached and nothing else. */
  resetForStub(): void {
    this.state = { ...this.fresh(), attached: true };
  }

  get flashAttached(): boolean {
    return this.state.attached;
  }

  private fresh(): LoaderState {
    return { attached: false, limit: this.board.spiFlash.size, session: null, memSeq: 0, deferred: null, romOp: 0, romValue: 0 };
  }

  private nextFrame(epoch: number): Promise<Uint8Array | null> {
    if (epoch !== this.board.epoch()) return Promise.resolve(null);
    const frame = this.frames.shift();
    if (frame) return Promise.resolve(frame);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private async loop(epoch: number): Promise<void> {
    for (;;) {
      const frame = await this.nextFrame(epoch);
      if (!frame || epoch !== this.board.epoch()) return;
      await this.dispatch(frame, epoch);
    }
  }

  private async dispatch(frame: Uint8Array, epoch: number): Promise<void> {
    const req = parseRequest(frame);
    if (!req) return;
    const stub = this.board.inStub();
    const faults = this.board.faults.take(req.op, stub ? 'stub' : 'rom');
    const has = (kind: FaultSpec['kind']) => faults.some((f) => f.kind === kind);
    if (has('unplug')) return this.board.unplug();
    if (has('silence')) return this.board.hang();
    if (has('dropRequest') || has('noSync')) return;
    if (has('nak')) return this.transmit([this.response(req.op, { failure: 'checksum' })], faults, epoch);
    if (stub && this.state.deferred) {
      // New stub: an error from work done after the last ACK answers this command instead (spec §2).
      const failure = this.state.deferred;
      this.state.deferred = null;
      return this.transmit([this.response(req.op, { failure })], faults, epoch);
    }
    if (req.size !== req.data.length) return this.transmit([this.response(req.op, { failure: 'badLength' })], faults, epoch);
    const outcome = await execute(this.context(epoch), req, faults);
    if (epoch !== this.board.epoch()) return;
    if (outcome.unknown) {
      // The ROM's header still holds the last opcode: the error does not match the request, and
      // after a SYNC it goes out eight times like the SYNC answers (spec §2; esptool-js drains it).
      const error = encodeResponse(this.state.romOp, this.state.romValue, EMPTY, romStatus('invalid'));
      this.transmit(new Array<Uint8Array>(this.state.romOp === Op.SYNC ? 8 : 1).fill(error), faults, epoch);
    } else if (outcome.reply) {
      const response = this.response(req.op, outcome.reply);
      this.transmit(new Array<Uint8Array>(outcome.reply.count ?? 1).fill(response), faults, epoch);
    }
    if (outcome.after) await outcome.after();
  }

  private response(op: number, reply: Reply): Uint8Array {
    if (this.board.inStub()) return encodeResponse(op, reply.value ?? 0, reply.payload ?? EMPTY, stubStatus(reply.failure ?? null));
    if (reply.value !== undefined) this.state.romValue = reply.value;
    this.state.romOp = op;
    const failure = reply.failure === 'notImplemented' ? 'invalid' : (reply.failure ?? null);
    return encodeResponse(op, this.state.romValue, reply.payload ?? EMPTY, romStatus(failure));
  }

  private transmit(frames: Uint8Array[], faults: readonly FaultSpec[], epoch: number): void {
    if (faults.some((f) => f.kind === 'dropReply')) return;
    const garbage = faults.find((f) => f.kind === 'garbage');
    if (garbage) {
      this.board.emit(this.board.randomBytes(garbage.bytes ?? 32), epoch);
      if (!garbage.thenReply) return;
    }
    const statusBytes = this.board.inStub() ? 2 : 4;
    for (let frame of frames) {
      if (faults.some((f) => f.kind === 'corruptReply')) {
        frame = Uint8Array.from(frame);
        frame[frame.length - statusBytes]! ^= 0x01;
      }
      this.board.emit(slipEncode(frame), epoch);
    }
  }

  private context(epoch: number): LoaderContext {
    const board = this.board;
    const state = () => this.state;
    const current = () => epoch === board.epoch();
    const waitForTx = () => board.clock.sleep(Math.max(0, board.txIdleAt() - board.clock.now()));
    return {
      chip: board.chip,
      revision: board.revision,
      flash: board.spiFlash,
      regs: board.regs,
      ram: board.ram,
      timing: board.timing,
      stub: board.inStub(),
      stubs: board.stubs,
      get attached() {
        return state().attached;
      },
      set attached(v) {
        state().attached = v;
      },
      get limit() {
        return state().limit;
      },
      set limit(v) {
        state().limit = v;
      },
      get session() {
        return state().session;
      },
      set session(v) {
        state().session = v;
      },
      get memSeq() {
        return state().memSeq;
      },
      set memSeq(v) {
        state().memSeq = v;
      },
      busy: async (ms) => {
        if (ms > 0) await board.clock.sleep(ms);
        return current();
      },
      sendFrame: (frame) => board.emit(slipEncode(frame), epoch),
      nextFrame: () => this.nextFrame(epoch),
      unshiftFrame: (frame) => void this.frames.unshift(frame),
      changeBaud: async (baud) => {
        await waitForTx();
        if (current()) board.setUartBaud(baud);
      },
      enter: async (entry, faults) => {
        // Foreign code: the chip crashes as it would running it.
        if (!board.ram.matchStub(entry, board.stubs)) return board.hang();
        await board.clock.sleep(board.timing.stubStartMs);
        if (!current()) return;
        if (faults.some((f) => f.kind === 'noHello')) return board.hang();
        board.enterStub();
        board.emit(slipEncode(new TextEncoder().encode('OHAI')), epoch);
      },
      softReset: async () => {
        await waitForTx();
        if (current()) board.softReset();
      },
      runApp: async () => {
        await waitForTx();
        if (current()) board.runApp();
      },
      deferFailure: (failure) => {
        this.state.deferred = failure;
      },
    };
  }
}
