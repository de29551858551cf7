// SLIP framing (spec §1): frames are 0xC0 … 0xC0, with 0xDB 0xDC for 0xC0 and 0xDB 0xDD for 0xDB.

const END = 0xc0;
const ESC = 0xdb;
const ESC_END = 0xdc;
const ESC_ESC = 0xdd;

export function slipEncode(frame: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of frame) if (b === END || b === ESC) extra++;
  const out = new Uint8Array(frame.length + extra + 2);
  let o = 0;
  out[o++] = END;
  for (const b of frame) {
    if (b === END) {
      out[o++] = ESC;
      out[o++] = ESC_END;
    } else if (b === ESC) {
      out[o++] = ESC;
      out[o++] = ESC_ESC;
    } else {
      out[o++] = b;
    }
  }
  out[o] = END;
  return out;
}

/**
 * Streaming decoder as a device sees it: bytes outside frames are noise and ignored, `C0 C0`
 * is an empty frame (dropped), a bad escape spoils only the frame it is in.
 */
export class SlipDecoder {
  private buffer: number[] = [];
  private inFrame = false;
  private escaping = false;
  private spoiled = false;

  constructor(private readonly onFrame: (frame: Uint8Array) => void) {}

  push(bytes: Uint8Array): void {
    for (const b of bytes) this.pushByte(b);
  }

  reset(): void {
    this.buffer = [];
    this.inFrame = false;
    this.escaping = false;
    this.spoiled = false;
  }

  private pushByte(b: number): void {
    if (b === END) {
      if (this.inFrame && this.buffer.length > 0 && !this.spoiled) this.onFrame(Uint8Array.from(this.buffer));
      // A frame end doubles as the next frame's start (back-to-back frames share delimiters).
      this.buffer = [];
      this.inFrame = true;
      this.escaping = false;
      this.spoiled = false;
      return;
    }
    if (!this.inFrame) return;
    if (this.escaping) {
      this.escaping = false;
      if (b === ESC_END) this.buffer.push(END);
      else if (b === ESC_ESC) this.buffer.push(ESC);
      else this.spoiled = true;
      return;
    }
    if (b === ESC) this.escaping = true;
    else this.buffer.push(b);
  }
}
