import { describe, expect, it } from 'vitest';
import { calendarFields } from '../../src/main/identity/serial-calendar.js';

/** Local midnight of a calendar day (month 1–12). */
const day = (year: number, month: number, date: number, hour = 0, minute = 0): Date => new Date(year, month - 1, date, hour, minute);

describe('calendar fields', () => {
  // Expected values worked out from the calendar by hand: 2026 starts on a Thursday (53 ISO weeks),
  // 2025 on a Wednesday (its week 01 starts Monday 2024-12-30), 2024 on a Monday and is a leap year.
  it.each([
    ['2026-11-24, a Tuesday', day(2026, 11, 24), { isoWeek: 48, isoWeekYear: 2026, dayOfYear: 328 }],
    ['2026-12-31, a Thursday', day(2026, 12, 31), { isoWeek: 53, isoWeekYear: 2026, dayOfYear: 365 }],
    ['2027-01-01, a Friday', day(2027, 1, 1), { isoWeek: 53, isoWeekYear: 2026, dayOfYear: 1 }],
    ['2027-01-03, a Sunday', day(2027, 1, 3), { isoWeek: 53, isoWeekYear: 2026, dayOfYear: 3 }],
    ['2027-01-04, a Monday', day(2027, 1, 4), { isoWeek: 1, isoWeekYear: 2027, dayOfYear: 4 }],
    ['2024-12-29, a Sunday', day(2024, 12, 29), { isoWeek: 52, isoWeekYear: 2024, dayOfYear: 364 }],
    ['2024-12-30, a Monday', day(2024, 12, 30), { isoWeek: 1, isoWeekYear: 2025, dayOfYear: 365 }],
    ['2024-12-31, leap year', day(2024, 12, 31), { isoWeek: 1, isoWeekYear: 2025, dayOfYear: 366 }],
    ['2024-02-29', day(2024, 2, 29), { isoWeek: 9, isoWeekYear: 2024, dayOfYear: 60 }],
    ['2025-12-29, a Monday', day(2025, 12, 29), { isoWeek: 1, isoWeekYear: 2026, dayOfYear: 363 }],
    ['2020-12-31, a Thursday', day(2020, 12, 31), { isoWeek: 53, isoWeekYear: 2020, dayOfYear: 366 }],
    ['2021-01-03, a Sunday', day(2021, 1, 3), { isoWeek: 53, isoWeekYear: 2020, dayOfYear: 3 }],
  ])('%s', (_, date, expected) => {
    expect(calendarFields(date)).toMatchObject(expected);
  });

  it("uses the local day from its first minute to its last", () => {
    for (const date of [day(2027, 1, 1, 0, 0), day(2027, 1, 1, 23, 59)]) {
      expect(calendarFields(date)).toEqual({ year: 2027, month: 1, day: 1, dayOfYear: 1, isoWeek: 53, isoWeekYear: 2026 });
    }
  });

  it('handles years before 100 without mapping them to the 1900s', () => {
    const date = new Date(2000, 0, 1);
    date.setFullYear(42);
    expect(calendarFields(date).year).toBe(42);
  });
});
