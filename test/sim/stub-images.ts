// Which RAM images a board accepts as its flasher stub. The simulator does not execute uploaded
// code; it compares it with the stubs it knows, and anything else crashes the board as foreign
// code would. By default the known stubs are the esptool-js ones for the chip, read at run time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface StubImage {
  /** Where it came from, for messages. */
  name: string;
  entry: number;
  textStart: number;
  text: Uint8Array;
  dataStart: number;
  data: Uint8Array;
}

interface StubJson {
  entry: number;
  text: string;
  text_start: number;
  data: string;
  data_start: number;
}

const cache = new Map<string, StubImage>();

/** An esptool-js stub JSON (node_modules/esptool-js/lib/targets/stub_flasher/<file>). */
export function esptoolJsStub(file: string): StubImage {
  const cached = cache.get(file);
  if (cached) return cached;
  const path = createRequire(import.meta.url).resolve(`esptool-js/lib/targets/stub_flasher/${file}`);
  const json = JSON.parse(readFileSync(path, 'utf8')) as StubJson;
  const image: StubImage = {
    name: `esptool-js ${file}`,
    entry: json.entry,
    textStart: json.text_start,
    text: Buffer.from(json.text, 'base64'),
    dataStart: json.data_start,
    data: Buffer.from(json.data ?? '', 'base64'),
  };
  cache.set(file, image);
  return image;
}

/** What the host has written to RAM with MEM_BEGIN / MEM_DATA since the last reset. */
export class RamImage {
  private segments: { addr: number; bytes: Uint8Array; filled: number }[] = [];

  begin(addr: number, size: number): void {
    this.segments.push({ addr, bytes: new Uint8Array(size), filled: 0 });
  }

  /** Appends to the segment opened last; false when that would overrun it. */
  append(bytes: Uint8Array): boolean {
    const seg = this.segments.at(-1);
    if (!seg || seg.filled + bytes.length > seg.bytes.length) return false;
    seg.bytes.set(bytes, seg.filled);
    seg.filled += bytes.length;
    return true;
  }

  clear(): void {
    this.segments = [];
  }

  /** True when every byte of [addr, addr + expected.length) was written with exactly these values. */
  holds(addr: number, expected: Uint8Array): boolean {
    for (let i = 0; i < expected.length; i++) {
      const at = addr + i;
      const seg = this.segments.findLast((s) => at >= s.addr && at < s.addr + s.filled);
      if (!seg || seg.bytes[at - seg.addr] !== expected[i]) return false;
    }
    return true;
  }

  /** The known stub that was uploaded and is entered at `entry`, if any. */
  matchStub(entry: number, candidates: readonly StubImage[]): StubImage | null {
    return candidates.find((s) => s.entry === entry && this.holds(s.textStart, s.text) && this.holds(s.dataStart, s.data)) ?? null;
  }
}
