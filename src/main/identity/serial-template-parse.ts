import { SERIAL_CHARSET, describeChar, isSerialChar } from './serial-chars.js';
import { SerialSchemeError } from './serial-errors.js';

/** The calendar placeholders, each with the number of characters it renders. */
export const DATE_FIELDS = { yy: 2, yyyy: 4, gg: 2, gggg: 4, mm: 2, dd: 2, ww: 2, doy: 3 } as const;
export type DateField = keyof typeof DATE_FIELDS;

/** The widest counter: Number.MAX_SAFE_INTEGER has 16 digits. */
export const MAX_COUNTER_WIDTH = 16;

/** The counter's place in the template. */
export interface CounterSlot {
  /** Zero-padded to this many digits; undefined for {counter}. */
  width: number | undefined;
  column: number;
}

/** A template's pieces in order: literal text (constants already in it), calendar fields, the counter. */
export type Segment = { text: string } | { field: DateField; column: number } | { counter: CounterSlot };

/** Something legal but probably not meant. */
export interface SerialTemplateWarning {
  message: string;
  column: number;
  hint: string;
}

export interface ParsedTemplate {
  segments: Segment[];
  counter: CounterSlot | undefined;
  problems: SerialSchemeError[];
  warnings: SerialTemplateWarning[];
}

const PLACEHOLDERS = '{counter}, {counter:06}, {yy}, {yyyy}, {gg}, {gggg}, {mm}, {dd}, {ww}, {doy}, {const:NAME}';
const CHARSET_HINT = `serials use only ${SERIAL_CHARSET}`;

/**
 * Splits a template into segments and finds every problem in it, each with
 * its 1-based column (counted in characters, not UTF-16 units).
 */
export function parseSerialTemplate(text: string, constants: Readonly<Record<string, string>>): ParsedTemplate {
  const chars = Array.from(text);
  const parsed: ParsedTemplate = { segments: [], counter: undefined, problems: [], warnings: [] };
  const problem = (message: string, column: number, hint: string): void => void parsed.problems.push(new SerialSchemeError(message, column, hint));
  let unreadPlaceholder = false;
  let literal = '';
  const flush = (): void => {
    if (literal) parsed.segments.push({ text: literal });
    literal = '';
  };

  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const column = i + 1;
    if ((char === '{' || char === '}') && chars[i + 1] === char) {
      problem(`'${char}${char}' stands for a literal '${char}', but a brace cannot be part of a serial`, column, CHARSET_HINT);
      i++;
    } else if (char === '}') {
      problem(`'}' at column ${column} closes no placeholder`, column, `placeholders look like {counter}; remove the '}'`);
    } else if (char === '{') {
      const close = chars.indexOf('}', i + 1);
      const reopen = chars.indexOf('{', i + 1);
      if (close < 0 || (reopen >= 0 && reopen < close)) {
        problem(`the placeholder opened at column ${column} is never closed`, column, `close it with '}', e.g. {counter}`);
        unreadPlaceholder = true;
        continue;
      }
      const inner = chars.slice(i + 1, close).join('');
      const segment = placeholder(inner, column, constants, parsed, problem);
      if (!segment) unreadPlaceholder = true;
      if (segment && 'text' in segment) literal += segment.text;
      else if (segment) {
        flush();
        parsed.segments.push(segment);
      }
      i = close;
    } else if (char.length > 1 || !isSerialChar(char.charCodeAt(0))) {
      problem(`${describeChar(char)} at column ${column} cannot be part of a serial`, column, CHARSET_HINT);
    } else {
      literal += char;
    }
  }
  flush();

  if (chars.length === 0) problem('the template is empty', 1, 'a template needs at least {counter}, e.g. ACME-{yy}{ww}-{counter:06}');
  // A placeholder that could not be read may have been meant as the counter: then its own problem says enough.
  else if (!parsed.counter && !unreadPlaceholder) problem('the template has no {counter}', 1, 'add {counter} or {counter:06} where the running number goes');
  warnAboutWeekYear(parsed);
  return parsed;
}

type Report = (message: string, column: number, hint: string) => void;

/** The segment for one `{inner}`, or undefined after reporting what is wrong with it. */
function placeholder(inner: string, column: number, constants: Readonly<Record<string, string>>, parsed: ParsedTemplate, problem: Report): Segment | undefined {
  if (Object.hasOwn(DATE_FIELDS, inner)) return { field: inner as DateField, column };
  if (inner === 'counter' || inner.startsWith('counter:')) return counter(inner, column, parsed, problem);
  if (inner.startsWith('const:')) return constant(inner.slice('const:'.length), column, constants, problem);

  const folded = inner.trim().toLowerCase();
  const known = Object.hasOwn(DATE_FIELDS, folded) || folded === 'counter' || folded.startsWith('counter:') || folded.startsWith('const:');
  let hint = `the placeholders are ${PLACEHOLDERS}`;
  if (known && folded !== inner.trim()) hint = `placeholders are lower case: {${folded}}`;
  else if (known) hint = `no spaces inside the braces: {${folded}}`;
  problem(`unknown placeholder {${inner}} at column ${column}`, column, hint);
  return undefined;
}

function counter(inner: string, column: number, parsed: ParsedTemplate, problem: Report): Segment | undefined {
  let width: number | undefined;
  if (inner !== 'counter') {
    const spec = inner.slice('counter:'.length);
    if (!/^0[0-9]+$/.test(spec)) {
      const digits = /^[1-9][0-9]?$/.test(spec) ? `0${spec}` : '06';
      problem(`{${inner}} at column ${column} is not a counter width`, column, `a width is a zero and the number of digits: {counter:${digits}}`);
      return undefined;
    }
    width = Number(spec);
    if (width < 1 || width > MAX_COUNTER_WIDTH) {
      problem(`the counter's width at column ${column} is ${width}; it must be 1 to ${MAX_COUNTER_WIDTH} digits`, column, `e.g. {counter:06} for 000001 … 999999`);
      return undefined;
    }
  }
  if (parsed.counter) {
    problem(`a second {counter} at column ${column} (the first is at column ${parsed.counter.column})`, column, 'a template has exactly one counter; remove one of them');
    return undefined;
  }
  parsed.counter = { width, column };
  return { counter: parsed.counter };
}

function constant(name: string, column: number, constants: Readonly<Record<string, string>>, problem: Report): Segment | undefined {
  const names = Object.keys(constants);
  if (!Object.hasOwn(constants, name)) {
    const known = names.length ? `the job defines ${names.map((n) => `{const:${n}}`).join(', ')}` : 'the job defines no constants';
    problem(`unknown constant '${name}' at column ${column}`, column, known);
    return undefined;
  }
  const value = constants[name]!;
  for (const char of value) {
    if (char.length > 1 || !isSerialChar(char.charCodeAt(0))) {
      problem(`the constant ${name} at column ${column} is '${value}', and ${describeChar(char)} cannot be part of a serial`, column, `change the job's value of ${name}; ${CHARSET_HINT}`);
      return undefined;
    }
  }
  return { text: value };
}

/** {ww} with {yy}/{yyyy} misdates the days around New Year whose ISO week belongs to the neighbouring year. */
function warnAboutWeekYear(parsed: ParsedTemplate): void {
  const fields = parsed.segments.flatMap((s) => ('field' in s ? [s] : []));
  const week = fields.find((s) => s.field === 'ww');
  const calendarYear = fields.find((s) => s.field === 'yy' || s.field === 'yyyy');
  const weekYear = fields.some((s) => s.field === 'gg' || s.field === 'gggg');
  if (!week || !calendarYear || weekYear) return;
  const iso = calendarYear.field === 'yy' ? 'gg' : 'gggg';
  parsed.warnings.push({
    message: `{${calendarYear.field}} is the calendar year but {ww} is the ISO week: on 2024-12-30 they make year 2024, week 01`,
    column: calendarYear.column,
    hint: `use {${iso}}, the ISO week's own year, with {ww}`,
  });
}
