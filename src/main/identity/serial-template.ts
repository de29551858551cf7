import { calendarFields, type CalendarFields } from './serial-calendar.js';
import { SERIAL_MAX_LENGTH } from './serial-chars.js';
import { SerialSchemeError } from './serial-errors.js';
import { DATE_FIELDS, MAX_COUNTER_WIDTH, parseSerialTemplate, type CounterSlot, type DateField, type ParsedTemplate, type Segment, type SerialTemplateWarning } from './serial-template-parse.js';

export { SerialSchemeError } from './serial-errors.js';
export type { SerialTemplateWarning } from './serial-template-parse.js';

export interface SerialTemplateOptions {
  /** The job's constants, for {const:NAME}. */
  constants?: Readonly<Record<string, string>>;
}

export interface CompiledSerialTemplate {
  readonly source: string;
  /**
   * The counter's scope: the template rendered for `date` with the counter
   * left as a marker, e.g. "ACME-2647-{counter:06}". Serials of one scope
   * share one counter; a new week starts a new scope.
   */
  scope(date: Date): string;
  /** The serial for `date` and `counter`; throws SerialSchemeError('counter exhausted ...') when counter > maxCounter. */
  render(date: Date, counter: number): string;
  /**
   * The largest counter that fits the width (999999 for {counter:06}). Without
   * a width, Number.MAX_SAFE_INTEGER, or less when the serial would otherwise
   * grow past 64 characters.
   */
  readonly maxCounter: number;
  /** Legal but probably unintended, e.g. {yy} with {ww}: for the job loader to show. */
  readonly warnings: readonly SerialTemplateWarning[];
}

/**
 * Every problem of a serial template, in column order; empty when it compiles.
 */
export function serialTemplateProblems(text: string, options: SerialTemplateOptions = {}): SerialSchemeError[] {
  return checked(text, options).problems;
}

/**
 * Compiles a serial-number template such as "ACME-{yy}{ww}-{counter:06}".
 * Throws a SerialSchemeError for its first problem (serialTemplateProblems
 * lists them all).
 *
 * Calendar placeholders use the local time fields of the Date passed to
 * scope() and render() (getFullYear, getMonth, getDate), i.e. the machine's
 * time zone: the day printed on the label is the bench's day.
 * {yy} {yyyy} {mm} {dd} {doy} are the calendar year, month, day and day of
 * year; {ww} is the ISO-8601 week and {gg} {gggg} the ISO week-year it
 * belongs to (2027-01-01 is week 53 of 2026, 2024-12-30 week 01 of 2025).
 */
export function compileSerialTemplate(text: string, options: SerialTemplateOptions = {}): CompiledSerialTemplate {
  const { parsed, problems, maxCounter } = checked(text, options);
  if (problems.length > 0) throw problems[0]!;
  return new Template(text, parsed.segments, parsed.counter!, maxCounter, parsed.warnings);
}

function checked(text: string, options: SerialTemplateOptions): { parsed: ParsedTemplate; problems: SerialSchemeError[]; maxCounter: number } {
  const parsed = parseSerialTemplate(text, options.constants ?? {});
  const problems = [...parsed.problems];
  let maxCounter = 0;
  if (problems.length === 0) {
    // Every part but an unpadded counter has a fixed length, so the longest serial is known now.
    const fixed = parsed.segments.reduce((sum, s) => sum + ('text' in s ? s.text.length : 'field' in s ? DATE_FIELDS[s.field] : 0), 0);
    const { width, column } = parsed.counter!;
    const shortest = fixed + (width ?? 1);
    if (shortest > SERIAL_MAX_LENGTH) {
      problems.push(new SerialSchemeError(`serials from this template are at least ${shortest} characters long; at most ${SERIAL_MAX_LENGTH} fit`, column, 'shorten the text around the counter, or its width'));
    } else {
      const digits = width ?? Math.min(SERIAL_MAX_LENGTH - fixed, MAX_COUNTER_WIDTH);
      maxCounter = Math.min(10 ** digits - 1, Number.MAX_SAFE_INTEGER);
    }
  }
  problems.sort((a, b) => a.column - b.column);
  return { parsed, problems, maxCounter };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

class Template implements CompiledSerialTemplate {
  private readonly dated: boolean;
  private readonly marker: string;

  constructor(
    readonly source: string,
    private readonly segments: readonly Segment[],
    private readonly counter: CounterSlot,
    readonly maxCounter: number,
    readonly warnings: readonly SerialTemplateWarning[],
  ) {
    this.dated = segments.some((s) => 'field' in s);
    this.marker = counter.width === undefined ? '{counter}' : `{counter:0${counter.width}}`;
  }

  scope(date: Date): string {
    return this.build(date, this.marker);
  }

  render(date: Date, counter: number): string {
    if (!Number.isSafeInteger(counter) || counter < 0) {
      throw new SerialSchemeError(`counter ${counter} is not a whole number from 0 to ${this.maxCounter}`, this.counter.column, 'counters are non-negative integers');
    }
    if (counter > this.maxCounter) {
      throw new SerialSchemeError(
        `counter exhausted: ${counter} does not fit ${this.marker} in '${this.source}' (the largest is ${this.maxCounter})`,
        this.counter.column,
        'widen the counter (one more digit starts a new scope) or add a date field so that a new period starts a new scope',
      );
    }
    return this.build(date, this.counter.width === undefined ? String(counter) : pad(counter, this.counter.width));
  }

  private build(date: Date, counterText: string): string {
    const fields = this.dated ? this.fields(date) : undefined;
    let out = '';
    for (const segment of this.segments) {
      if ('text' in segment) out += segment.text;
      else if ('counter' in segment) out += counterText;
      else out += fieldText(segment.field, fields!);
    }
    return out;
  }

  private fields(date: Date): CalendarFields {
    const fields = Number.isNaN(date.getTime()) ? undefined : calendarFields(date);
    if (!fields || fields.year < 0 || fields.year > 9999 || fields.isoWeekYear < 0 || fields.isoWeekYear > 9999) {
      throw new SerialSchemeError(`the date ${String(date)} is outside the years 0000–9999 a template can print`, 1, "check the bench's clock");
    }
    return fields;
  }
}

function fieldText(field: DateField, f: CalendarFields): string {
  switch (field) {
    case 'yy':
      return pad(f.year % 100, 2);
    case 'yyyy':
      return pad(f.year, 4);
    case 'gg':
      return pad(f.isoWeekYear % 100, 2);
    case 'gggg':
      return pad(f.isoWeekYear, 4);
    case 'mm':
      return pad(f.month, 2);
    case 'dd':
      return pad(f.day, 2);
    case 'ww':
      return pad(f.isoWeek, 2);
    case 'doy':
      return pad(f.dayOfYear, 3);
  }
}
