import { espError, type EspErrorCode } from './errors.js';
import { opName } from './opcodes.js';
import { decodeResponse, encodeRequest } from './packet.js';
import { describeStatus, parseStatus, ROM_STATUS_LENGTH, STUB_STATUS_LENGTH, type Status } from './status.js';
import type { Timeouts } from './timeouts.js';
import type { Transport } from './transport.js';

/** Frames that are not the awaited answer are skipped, up to this many per command. */
const MAX_SKIPPED_FRAMES = 100;
/** After an "invalid message" refusal the ROM may repeat it: drain for this long. */
const REFUSAL_DRAIN_MS = 200;

export interface RequestOptions {
  data?: Uint8Array;
  checksum?: number;
  timeoutMs?: number;
  /** Bytes of payload before the status; undefined when it varies (then the status is at the end). */
  payloadLength?: number;
}

export interface Reply {
  value: number;
  payload: Uint8Array;
  status: Status;
}

/**
 * One command at a time: send a request, then read frames until the answer to the same
 * opcode arrives, skipping stray ones (extra SYNC replies, boot log text). Knows whether
 * the ROM loader or the flasher stub is answering, which changes the status length.
 */
export class Protocol {
  /** True once the flasher stub runs (2 status bytes, raw MD5, stub-only commands). */
  stub = false;

  constructor(
    readonly transport: Transport,
    readonly timeouts: Timeouts,
  ) {}

  get port(): string {
    return this.transport.port;
  }

  private get statusLength(): number {
    return this.stub ? STUB_STATUS_LENGTH : ROM_STATUS_LENGTH;
  }

  /** Sends a command and returns its answer whatever its status; throws when none comes. */
  async request(op: number, options: RequestOptions = {}): Promise<Reply> {
    await this.transport.send(encodeRequest(op, options.data ?? new Uint8Array(0), options.checksum ?? 0));
    const timeoutMs = options.timeoutMs ?? this.timeouts.command;
    const deadline = Date.now() + timeoutMs;
    for (let skipped = 0; skipped <= MAX_SKIPPED_FRAMES; skipped++) {
      const frame = await this.transport.nextFrame(deadline - Date.now());
      if (!frame) break;
      const response = decodeResponse(frame);
      if (!response) continue;
      if (response.op !== op) {
        if (response.data.length >= 2 && response.data[0] !== 0 && response.data[1] === 0x05) {
          await this.drain(REFUSAL_DRAIN_MS);
          throw this.error('unsupported', `the board does not support ${opName(op)} (it answered "invalid message")`, 0x0105);
        }
        continue;
      }
      const parsed = parseStatus(response.data, this.statusLength, options.payloadLength);
      if (!parsed) throw this.error('protocol', `the answer to ${opName(op)} is too short (${response.data.length} bytes of data)`);
      return { value: response.value, payload: parsed.payload, status: parsed.status };
    }
    throw this.error('timeout', `no answer to ${opName(op)} within ${formatSeconds(timeoutMs)}`);
  }

  /** Like request(), but a failure status is an error. */
  async command(op: number, options: RequestOptions = {}): Promise<Reply> {
    const reply = await this.request(op, options);
    if (!reply.status.ok) throw this.statusError(op, reply.status.code);
    return reply;
  }

  statusError(op: number, code: number, kind?: EspErrorCode): Error {
    const status = code >> 8;
    const unsupported = status === 0xc3 || status === 0xff;
    return this.error(kind ?? (unsupported ? 'unsupported' : 'device-error'), `${opName(op)} failed: ${describeStatus(code)}`, code);
  }

  error(code: EspErrorCode, message: string, status?: number): Error {
    return espError(code, this.transport.context.step, this.port, message, status === undefined ? {} : { status });
  }

  /** Reads and drops frames until none comes for `quietMs`. */
  async drain(quietMs: number, maxFrames = MAX_SKIPPED_FRAMES): Promise<void> {
    for (let i = 0; i < maxFrames; i++) if (!(await this.transport.nextFrame(quietMs))) return;
  }
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}
