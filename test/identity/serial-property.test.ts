import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSerial } from '../../src/main/identity/serial-list.js';
import { compileSerialTemplate, type CompiledSerialTemplate, type SerialSchemeError } from '../../src/main/identity/serial-template.js';

const SERIAL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/';
const literal = fc.string({ unit: fc.constantFrom(...SERIAL_CHARS), minLength: 1, maxLength: 8 });
const piece = fc.oneof(
  literal,
  fc.constantFrom('{yy}', '{yyyy}', '{gg}', '{gggg}', '{mm}', '{dd}', '{ww}', '{doy}', '{const:LINE}'),
);
const counter = fc.oneof(fc.constant('{counter}'), fc.integer({ min: 1, max: 16 }).map((w) => `{counter:0${w}}`));

/** A template of random literals and fields around one counter, and its job's constant. */
const template = fc.record({
  before: fc.array(piece, { maxLength: 5 }),
  counter,
  after: fc.array(piece, { maxLength: 5 }),
  line: fc.string({ unit: fc.constantFrom(...SERIAL_CHARS), maxLength: 6 }),
});

// Local dates from 1970 to 2100, including every New Year's week.
const date = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));

const compile = ({ before, counter, after, line }: { before: string[]; counter: string; after: string[]; line: string }): CompiledSerialTemplate | undefined => {
  try {
    return compileSerialTemplate([...before, counter, ...after].join(''), { constants: { LINE: line } });
  } catch (error) {
    // Random pieces can make a serial longer than 64 characters; nothing else may fail.
    expect((error as SerialSchemeError).message).toMatch(/at most 64 fit/);
    return undefined;
  }
};

describe('rendered serials (property)', () => {
  it('distinct counters in one scope never render the same serial, and every serial is valid', () => {
    fc.assert(
      fc.property(template, date, date, fc.array(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }), { minLength: 2, maxLength: 8 }), (parts, when, other, raw) => {
        const compiled = compile(parts);
        fc.pre(compiled !== undefined);
        // Another date of the same scope (a template without a calendar field has one scope) takes turns.
        const dates = compiled!.scope(other) === compiled!.scope(when) ? [when, other] : [when];
        const counters = [...new Set(raw.map((n) => Number(n % BigInt(compiled!.maxCounter + 1))))];
        const serials = counters.map((n, i) => compiled!.render(dates[i % dates.length]!, n));
        expect(new Set(serials).size).toBe(counters.length);
        for (const serial of serials) expect(validateSerial(serial)).toBeUndefined();
      }),
      { seed: 20_261_124, numRuns: 500 },
    );
  });

  it('a serial is its scope with the counter put in', () => {
    fc.assert(
      fc.property(template, date, fc.nat(), (parts, when, n) => {
        const compiled = compile(parts);
        fc.pre(compiled !== undefined);
        const value = n % (compiled!.maxCounter + 1);
        const width = /\{counter:(\d+)\}/.exec(parts.counter)?.[1];
        const digits = width ? String(value).padStart(Number(width), '0') : String(value);
        expect(compiled!.render(when, value)).toBe(compiled!.scope(when).replace(parts.counter, digits));
      }),
      { seed: 424_242, numRuns: 300 },
    );
  });

  it('validateSerial accepts exactly the serials of 1–64 allowed characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...SERIAL_CHARS), minLength: 1, maxLength: 64 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }), (good, other) => {
        expect(validateSerial(good)).toBeUndefined();
        const bad = [...other].some((c) => !SERIAL_CHARS.includes(c));
        expect(validateSerial(good.slice(0, 63) + other) === undefined).toBe(!bad && good.slice(0, 63).length + other.length <= 64);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
