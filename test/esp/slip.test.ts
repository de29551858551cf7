import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlipDecoder, slipEncode } from '../../src/main/esp/slip.js';

function decodeAll(chunks: Uint8Array[]): { frames: number[][]; noise: number[] } {
  const frames: number[][] = [];
  const noise: number[] = [];
  const decoder = new SlipDecoder({ frame: (f) => frames.push([...f]), noise: (n) => noise.push(...n) });
  for (const chunk of chunks) decoder.push(chunk);
  return { frames, noise };
}

/** Cuts bytes into pieces at the given points, as a serial port delivers them. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const frameArb = fc.uint8Array({ minLength: 1, maxLength: 300 });
/** Boot-log-like noise: anything but the delimiter. */
const noiseArb = fc.uint8Array({ maxLength: 200 }).map((a) => a.filter((b) => b !== 0xc0));

describe('SLIP', () => {
  it('escapes 0xC0 and 0xDB inside the delimiters', () => {
    expect([...slipEncode(Uint8Array.of(0x01, 0xc0, 0xdb, 0x02))]).toEqual([0xc0, 0x01, 0xdb, 0xdc, 0xdb, 0xdd, 0x02, 0xc0]);
  });

  it('round trip: any frames, cut anywhere, come back whole and in order', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, cuts) => {
        const wire = concat(frames.map(slipEncode));
        expect(decodeAll(split(wire, cuts)).frames).toEqual(frames.map((f) => [...f]));
      }),
    );
  });

  it('noise before the first frame (a boot banner) is reported as noise and does not disturb the frames', () => {
    fc.assert(
      fc.property(noiseArb, fc.array(frameArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (noise, frames, cuts) => {
        const wire = concat([noise, ...frames.map(slipEncode)]);
        const result = decodeAll(split(wire, cuts));
        expect(result.frames).toEqual(frames.map((f) => [...f]));
        expect(result.noise).toEqual([...noise]);
      }),
    );
  });

  it('text between frames arrives as frames of its own; the real frames stay intact and in order', () => {
    const plainNoise = noiseArb.map((a) => a.filter((b) => b !== 0xdb));
    fc.assert(
      fc.property(fc.array(fc.tuple(frameArb, plainNoise), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (pairs, cuts) => {
        const wire = concat(pairs.flatMap(([frame, noise]) => [slipEncode(frame), noise]));
        const expected = pairs.flatMap(([frame, noise], i) => (i < pairs.length - 1 && noise.length > 0 ? [[...frame], [...noise]] : [[...frame]]));
        expect(decodeAll(split(wire, cuts)).frames).toEqual(expected);
      }),
    );
  });

  it('frames that share one delimiter, or are separated by two, both decode', () => {
    const a = Uint8Array.of(1, 2, 3);
    const b = Uint8Array.of(4, 5);
    expect(decodeAll([Uint8Array.of(0xc0, 1, 2, 3, 0xc0, 4, 5, 0xc0)]).frames).toEqual([[...a], [...b]]);
    expect(decodeAll([Uint8Array.of(0xc0, 1, 2, 3, 0xc0, 0xc0, 4, 5, 0xc0)]).frames).toEqual([[...a], [...b]]);
  });

  it('drops a frame with an invalid escape and goes on with the next', () => {
    const wire = Uint8Array.of(0xc0, 1, 0xdb, 0x07, 2, 0xc0, 0xc0, 9, 0xc0);
    expect(decodeAll([wire]).frames).toEqual([[9]]);
  });

  it('reset() forgets a partial frame', () => {
    const frames: number[][] = [];
    const decoder = new SlipDecoder({ frame: (f) => frames.push([...f]), noise: () => undefined });
    decoder.push(Uint8Array.of(0xc0, 1, 2));
    decoder.reset();
    decoder.push(Uint8Array.of(3, 0xc0, 7, 0xc0));
    expect(frames).toEqual([[7]]);
  });
});
