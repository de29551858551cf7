// Faults a board can be told to have, each hitting chosen commands: "the 3rd FLASH_DATA", once
// (so a retry succeeds) or from then on (permanent).
import { Op, type OpName } from './protocol.js';

export type FaultKind =
  /** Stops answering anything until the next reset: a hung chip. */
  | 'silence'
  /** Puts noise on the line: `bytes` random bytes instead of the reply (`replace`, default) or before it. */
  | 'garbage'
  /** Answers with a checksum error without acting, as if the request arrived corrupted. */
  | 'nak'
  /** Flips one bit in the reply's status, so a success reads as a failure. */
  | 'corruptReply'
  /** The command is executed but its reply is lost. */
  | 'dropReply'
  /** The request is lost on the way in: nothing executed, nothing answered. */
  | 'dropRequest'
  /** The port disappears (cable pulled): pty closed, binding reads fail, gone from list(). */
  | 'unplug'
  /** Writing this block to flash fails: the ROM says so in its reply, the stub on the next command (spec §2). */
  | 'flashWriteError'
  /** This block lands in flash with one byte wrong; only an MD5 check or a read-back notices. */
  | 'corruptFlash'
  /** SPI_FLASH_MD5 answers a wrong digest. */
  | 'md5Mismatch'
  /** The uploaded stub starts but never sends OHAI, and answers nothing. */
  | 'noHello'
  /** The ROM ignores SYNC. */
  | 'noSync';

export interface FaultSpec {
  kind: FaultKind;
  /** The commands it hits: a name or opcode, or a list of them (one count across all). Default: SYNC for noSync, MEM_END for noHello, SPI_FLASH_MD5 for md5Mismatch, FLASH_DATA and FLASH_DEFL_DATA for flashWriteError/corruptFlash, otherwise any. */
  op?: OpName | number | readonly (OpName | number)[];
  /** Fires from the nth matching command on (1-based, counted from when the fault is armed). Default 1. */
  nth?: number;
  /** How many times it fires: 1 = one-shot, Infinity = permanent. Default 1. */
  times?: number;
  /** Only while this loader runs. */
  mode?: 'rom' | 'stub';
  /** garbage: how many bytes (default 32). */
  bytes?: number;
  /** garbage: send the reply after the noise instead of instead of it. */
  thenReply?: boolean;
}

const DEFAULT_OPS: Partial<Record<FaultKind, readonly number[]>> = {
  noSync: [Op.SYNC],
  noHello: [Op.MEM_END],
  md5Mismatch: [Op.SPI_FLASH_MD5],
  flashWriteError: [Op.FLASH_DATA, Op.FLASH_DEFL_DATA],
  corruptFlash: [Op.FLASH_DATA, Op.FLASH_DEFL_DATA],
};

/** A fault's `op` as opcodes; an unknown name comes out undefined (a fault read from JSON). */
const opcodes = (op: NonNullable<FaultSpec['op']>): (number | undefined)[] =>
  (Array.isArray(op) ? (op as readonly (OpName | number)[]) : [op as OpName | number]).map((o) => (typeof o === 'number' ? o : (Op[o] as number | undefined)));

interface Armed {
  spec: FaultSpec;
  ops: readonly number[] | null;
  seen: number;
  fired: number;
}

export class FaultSet {
  private armed: Armed[] = [];

  constructor(specs: readonly FaultSpec[] = []) {
    for (const spec of specs) this.add(spec);
  }

  add(spec: FaultSpec): void {
    const ops: readonly (number | undefined)[] | null = spec.op === undefined ? (DEFAULT_OPS[spec.kind] ?? null) : opcodes(spec.op);
    if (ops?.length === 0 || ops?.some((op) => op === undefined)) throw new Error(`unknown opcode in fault ${JSON.stringify(spec)}`);
    this.armed.push({ spec, ops: ops as readonly number[] | null, seen: 0, fired: 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The faults that fire for this command; counts it towards every fault it matches. */
  take(op: number, mode: 'rom' | 'stub'): FaultSpec[] {
    const firing: FaultSpec[] = [];
    for (const a of this.armed) {
      if (a.ops && !a.ops.includes(op)) continue;
      if (a.spec.mode && a.spec.mode !== mode) continue;
      a.seen++;
      if (a.seen >= (a.spec.nth ?? 1) && a.fired < (a.spec.times ?? 1)) {
        a.fired++;
        firing.push(a.spec);
      }
    }
    return firing;
  }
}
