/** SLIP framing (RFC 1055 as the ESP loaders use it): 0xC0 delimits, 0xDB escapes. */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

/** Wraps one packet in delimiters, escaping 0xDB and 0xC0 inside it. */
export function slipEncode(packet: Uint8Array): Uint8Array {
  const n = packet.length;
  let extra = 0;
  for (let i = 0; i < n; i++) {
    const byte = packet[i]!;
    if (byte === SLIP_END || byte === SLIP_ESC) extra++;
  }
  const out = new Uint8Array(n + extra + 2);
  out[0] = SLIP_END;
  out[out.length - 1] = SLIP_END;
  if (extra === 0) {
    out.set(packet, 1);
    return out;
  }
  let at = 1;
  for (let i = 0; i < n; i++) {
    const byte = packet[i]!;
    if (byte === SLIP_END) {
      out[at++] = SLIP_ESC;
      out[at++] = SLIP_ESC_END;
    } else if (byte === SLIP_ESC) {
      out[at++] = SLIP_ESC;
      out[at++] = SLIP_ESC_ESC;
    } else {
      out[at++] = byte;
    }
  }
  return out;
}

export interface SlipSink {
  frame(frame: Uint8Array): void;
  /** Bytes seen outside any frame: boot log text, line noise. */
  noise(bytes: Uint8Array): void;
}

/**
 * A streaming SLIP decoder. Bytes before the first 0xC0 are noise (the ROM's boot banner).
 * After any 0xC0 the decoder is inside a frame, so `C0 a C0 C0 b C0` and `C0 a C0 b C0`
 * both give the frames a and b; text between frames arrives as a frame of its own, which the
 * packet layer ignores because it is not a well-formed response.
 */
export class SlipDecoder {
  private inFrame = false;
  private escaped = false;
  private broken = false;
  private buffer: Uint8Array;
  private length = 0;

  constructor(
    private readonly sink: SlipSink,
    private readonly maxFrame = 0x10000 + 64,
  ) {
    this.buffer = new Uint8Array(256);
  }

  /** Forgets any partial frame: the next bytes are noise until a 0xC0. */
  reset(): void {
    this.inFrame = false;
    this.escaped = false;
    this.broken = false;
    this.length = 0;
  }

  push(chunk: Uint8Array): void {
    let noiseStart = -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (!this.inFrame) {
        if (byte === SLIP_END) {
          if (noiseStart >= 0) this.sink.noise(chunk.subarray(noiseStart, i));
          noiseStart = -1;
          this.startFrame();
        } else if (noiseStart < 0) {
          noiseStart = i;
        }
        continue;
      }
      if (byte === SLIP_END) {
        this.endFrame();
        continue;
      }
      if (this.broken) continue;
      if (this.escaped) {
        this.escaped = false;
        if (byte === SLIP_ESC_END) this.append(SLIP_END);
        else if (byte === SLIP_ESC_ESC) this.append(SLIP_ESC);
        else this.broken = true;
      } else if (byte === SLIP_ESC) {
        this.escaped = true;
      } else {
        this.append(byte);
      }
    }
    if (noiseStart >= 0) this.sink.noise(chunk.subarray(noiseStart));
  }

  private startFrame(): void {
    this.inFrame = true;
    this.escaped = false;
    this.broken = false;
    this.length = 0;
  }

  private endFrame(): void {
    if (this.length > 0 && !this.broken && !this.escaped) this.sink.frame(this.buffer.slice(0, this.length));
    this.startFrame();
  }

  private append(byte: number): void {
    if (this.length >= this.maxFrame) {
      // Too long to be a packet: a stream of garbage. Drop it and wait for the next delimiter.
      this.broken = true;
      return;
    }
    if (this.length === this.buffer.length) {
      const bigger = new Uint8Array(Math.min(this.buffer.length * 2, this.maxFrame));
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = byte;
  }
}
