import { describe, expect, it } from 'vitest';
import { compileSerialTemplate, SerialSchemeError, serialTemplateProblems } from '../../src/main/identity/serial-template.js';

const day = (year: number, month: number, date: number): Date => new Date(year, month - 1, date, 12, 0);

/** The error compileSerialTemplate throws, as [column, message]. */
function failure(text: string, constants: Record<string, string> = {}): [number, string, string] {
  try {
    compileSerialTemplate(text, { constants });
  } catch (error) {
    expect(error).toBeInstanceOf(SerialSchemeError);
    const { column, message, hint } = error as SerialSchemeError;
    return [column, message, hint];
  }
  throw new Error(`'${text}' compiled`);
}

describe('rendering', () => {
  it('renders year and ISO week with the counter, and its scope', () => {
    const template = compileSerialTemplate('ACME-{yy}{ww}-{counter:06}');
    expect(template.source).toBe('ACME-{yy}{ww}-{counter:06}');
    expect(template.render(day(2026, 11, 24), 1)).toBe('ACME-2648-000001');
    expect(template.scope(day(2026, 11, 24))).toBe('ACME-2648-{counter:06}');
    expect(template.render(day(2026, 12, 31), 42)).toBe('ACME-2653-000042');
  });

  it('{gg}/{gggg} is the ISO week-year: the days around New Year keep their week', () => {
    const template = compileSerialTemplate('{gggg}W{ww}-{gg}-{counter}');
    expect(template.render(day(2026, 12, 31), 7)).toBe('2026W53-26-7');
    expect(template.render(day(2027, 1, 1), 7)).toBe('2026W53-26-7');
    expect(template.render(day(2027, 1, 4), 7)).toBe('2027W01-27-7');
    expect(template.render(day(2024, 12, 30), 7)).toBe('2025W01-25-7');
    expect(template.render(day(2024, 12, 29), 7)).toBe('2024W52-24-7');
  });

  it('{yyyy} {mm} {dd} {doy} are the calendar date', () => {
    const template = compileSerialTemplate('{yyyy}{mm}{dd}.{doy}/{counter:04}');
    expect(template.render(day(2024, 2, 29), 42)).toBe('20240229.060/0042');
    expect(template.render(day(2027, 1, 1), 9999)).toBe('20270101.001/9999');
    expect(template.render(day(2024, 12, 31), 0)).toBe('20241231.366/0000');
  });

  it('days of one week share a scope; the next week starts a new one', () => {
    const template = compileSerialTemplate('ACME-{gg}{ww}-{counter:06}');
    const monday = template.scope(day(2026, 11, 23));
    expect(template.scope(day(2026, 11, 29))).toBe(monday);
    expect(template.scope(day(2026, 11, 30))).toBe('ACME-2649-{counter:06}');
    expect(monday).toBe('ACME-2648-{counter:06}');
  });

  it('a template without calendar fields has one scope for ever', () => {
    const template = compileSerialTemplate('SN{counter}');
    expect(template.scope(day(2020, 1, 1))).toBe('SN{counter}');
    expect(template.scope(day(2030, 6, 15))).toBe('SN{counter}');
    expect(template.render(new Date(Number.NaN), 5)).toBe('SN5');
  });

  it('pads the counter to its width and says how far it goes', () => {
    const six = compileSerialTemplate('X-{counter:06}');
    expect(six.maxCounter).toBe(999_999);
    expect(six.render(day(2026, 1, 1), 0)).toBe('X-000000');
    expect(six.render(day(2026, 1, 1), 12_345)).toBe('X-012345');
    expect(six.render(day(2026, 1, 1), 999_999)).toBe('X-999999');
    expect(compileSerialTemplate('{counter:01}').maxCounter).toBe(9);
    expect(compileSerialTemplate('{counter:015}').maxCounter).toBe(999_999_999_999_999);
    expect(compileSerialTemplate('{counter:016}').maxCounter).toBe(Number.MAX_SAFE_INTEGER);
    expect(compileSerialTemplate('N{counter:012}').render(day(2026, 1, 1), 5)).toBe('N000000000005');
    expect(compileSerialTemplate('N{counter:012}').scope(day(2026, 1, 1))).toBe('N{counter:012}');
    expect(compileSerialTemplate('N{counter:006}').scope(day(2026, 1, 1))).toBe('N{counter:06}');
  });

  it('a counter without a width is not padded and may use every safe integer', () => {
    const template = compileSerialTemplate('N{counter}');
    expect(template.maxCounter).toBe(Number.MAX_SAFE_INTEGER);
    expect(template.render(day(2026, 1, 1), 7)).toBe('N7');
    expect(template.render(day(2026, 1, 1), Number.MAX_SAFE_INTEGER)).toBe('N9007199254740991');
  });

  it('a counter without a width stops where the serial would pass 64 characters', () => {
    const template = compileSerialTemplate(`${'A'.repeat(60)}{counter}`);
    expect(template.maxCounter).toBe(9999);
    expect(template.render(day(2026, 1, 1), 9999)).toHaveLength(64);
    expect(() => template.render(day(2026, 1, 1), 10_000)).toThrow(/counter exhausted/);
  });

  it('throws "counter exhausted" past the largest counter, pointing at the counter', () => {
    const template = compileSerialTemplate('ACME-{yy}{ww}-{counter:06}');
    let thrown: unknown;
    try {
      template.render(day(2026, 11, 24), 1_000_000);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SerialSchemeError);
    expect((thrown as SerialSchemeError).message).toMatch(/^counter exhausted: 1000000 does not fit \{counter:06\}/);
    expect((thrown as SerialSchemeError).column).toBe(15);
    expect((thrown as SerialSchemeError).hint).toMatch(/widen the counter/);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the counter %s', (counter) => {
    expect(() => compileSerialTemplate('X{counter}').render(day(2026, 1, 1), counter)).toThrow(SerialSchemeError);
  });

  it('refuses a date it cannot print', () => {
    const template = compileSerialTemplate('{yyyy}-{counter}');
    expect(() => template.render(new Date(Number.NaN), 1)).toThrow(/outside the years/);
    expect(() => template.scope(new Date(Number.NaN))).toThrow(SerialSchemeError);
  });

  it('puts job constants in, in any position', () => {
    const template = compileSerialTemplate('{const:MAKER}-{const:LINE}{yy}-{counter:03}{const:EMPTY}', { constants: { MAKER: 'ACME', LINE: 'B2', EMPTY: '' } });
    expect(template.render(day(2026, 11, 24), 5)).toBe('ACME-B226-005');
    expect(template.scope(day(2026, 11, 24))).toBe('ACME-B226-{counter:03}');
  });

  it('accepts every allowed literal character', () => {
    const text = 'AZaz09-_.:/{counter}';
    expect(compileSerialTemplate(text).render(day(2026, 1, 1), 3)).toBe('AZaz09-_.:/3');
  });
});

describe('template errors, each with its column', () => {
  it.each([
    ['', 1, /the template is empty/],
    ['ACME-{yy}', 1, /has no \{counter\}/],
    ['A-{counter}-{counter:04}', 13, /a second \{counter\} at column 13 \(the first is at column 3\)/],
    ['A {counter}', 2, /a space at column 2 cannot be part of a serial/],
    ['A\t{counter}', 2, /a tab at column 2/],
    ['Aé{counter}', 2, /'é' \(U\+00E9\) at column 2/],
    ['A,B{counter}', 2, /',' \(U\+002C\)/],
    ['A{x}{counter}', 2, /unknown placeholder \{x\}/],
    ['{counter:6}', 1, /\{counter:6\} at column 1 is not a counter width/],
    ['{counter:abc}', 1, /is not a counter width/],
    ['{counter:00}', 1, /width at column 1 is 0; it must be 1 to 16 digits/],
    ['{counter:017}', 1, /width at column 1 is 17/],
    ['AB{counter', 3, /the placeholder opened at column 3 is never closed/],
    ['AB{co{counter}', 3, /opened at column 3 is never closed/],
    ['A}{counter}', 2, /'\}' at column 2 closes no placeholder/],
    ['{const:LINE}{counter}', 1, /unknown constant 'LINE' at column 1/],
    [`${'X'.repeat(60)}{counter:05}`, 61, /at least 65 characters long; at most 64 fit/],
    [`${'X'.repeat(64)}{counter}`, 65, /at least 65 characters/],
  ])('%j: column %i', (text, column, message) => {
    const [at, said] = failure(text);
    expect(said).toMatch(message);
    expect(at).toBe(column);
  });

  it.each([
    ['{YY}{counter}', /lower case: \{yy\}/],
    ['{ ww }{counter}', /no spaces inside the braces: \{ww\}/],
    ['{week}{counter}', /the placeholders are \{counter\}, \{counter:06\}, \{yy\}/],
    ['{counter:6}', /\{counter:06\}/],
    ['{counter:12}', /\{counter:012\}/],
    ['A é{counter}', /serials use only A–Z a–z 0–9 - _ \. : \//],
  ])('%j has a hint', (text, hint) => {
    expect(failure(text)[2]).toMatch(hint);
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(serialTemplateProblems('😀{x}{counter}').map((p) => [p.column, p.message])).toEqual([
      [1, "'😀' (U+1F600) at column 1 cannot be part of a serial"],
      [2, 'unknown placeholder {x} at column 2'],
    ]);
  });

  it('names the constants the job has when one is unknown', () => {
    expect(failure('{const:LNE}{counter}', { LINE: 'B', SITE: 'X' })).toEqual([1, "unknown constant 'LNE' at column 1", 'the job defines {const:LINE}, {const:SITE}']);
    expect(failure('{const:LNE}{counter}')[2]).toBe('the job defines no constants');
  });

  it("refuses a constant whose value cannot be part of a serial, at the constant's column", () => {
    const [column, message] = failure('SN-{const:LINE}{counter}', { LINE: 'B 2' });
    expect(column).toBe(4);
    expect(message).toBe("the constant LINE at column 4 is 'B 2', and a space cannot be part of a serial");
  });

  it('counts a constant in the length of the serial', () => {
    expect(failure('{const:L}{counter:05}', { L: 'Y'.repeat(60) })).toEqual([10, expect.stringMatching(/at least 65 characters/), expect.any(String)]);
  });

  it('lists every problem at once; compile throws the first', () => {
    const problems = serialTemplateProblems('A {x}é{counter}{counter:6}}', {});
    expect(problems.map((p) => [p.column, p.message])).toEqual([
      [2, 'a space at column 2 cannot be part of a serial'],
      [3, 'unknown placeholder {x} at column 3'],
      [6, "'é' (U+00E9) at column 6 cannot be part of a serial"],
      [16, '{counter:6} at column 16 is not a counter width'],
      [27, "'}' at column 27 closes no placeholder"],
    ]);
    expect(failure('A {x}é{counter}{counter:6}}')[0]).toBe(2);
    expect(serialTemplateProblems('ACME-{yy}{ww}-{counter:06}')).toEqual([]);
  });
});

describe('literal braces', () => {
  it("reads '{{' and '}}' as literal braces, which a serial cannot hold", () => {
    expect(serialTemplateProblems('A{{B}}{counter}').map((p) => [p.column, p.message])).toEqual([
      [2, "'{{' stands for a literal '{', but a brace cannot be part of a serial"],
      [5, "'}}' stands for a literal '}', but a brace cannot be part of a serial"],
    ]);
  });

  it("'{{counter}}' is not a counter", () => {
    expect(serialTemplateProblems('{{counter}}').map((p) => [p.column, p.message])).toEqual([
      [1, "'{{' stands for a literal '{', but a brace cannot be part of a serial"],
      [1, 'the template has no {counter}'],
      [10, "'}}' stands for a literal '}', but a brace cannot be part of a serial"],
    ]);
  });

  it("'{{{counter}' is a literal brace and then the counter", () => {
    expect(serialTemplateProblems('{{{counter}').map((p) => p.column)).toEqual([1]);
  });
});

describe('warnings', () => {
  it('warns that {yy} with {ww} misdates the week around New Year', () => {
    const template = compileSerialTemplate('ACME-{yy}{ww}-{counter:06}');
    expect(template.warnings).toEqual([{ column: 6, message: expect.stringMatching(/calendar year but \{ww\} is the ISO week/), hint: "use {gg}, the ISO week's own year, with {ww}" }]);
    expect(template.render(day(2024, 12, 30), 1)).toBe('ACME-2401-000001');
    expect(compileSerialTemplate('{yyyy}{ww}{counter}').warnings[0]!.hint).toMatch(/\{gggg\}/);
  });

  it.each(['ACME-{gg}{ww}-{counter}', '{yy}{mm}{dd}{counter}', '{yyyy}{gggg}{ww}{counter}', '{counter}'])('%j has none', (text) => {
    expect(compileSerialTemplate(text).warnings).toEqual([]);
  });
});
