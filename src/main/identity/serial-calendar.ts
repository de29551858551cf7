/** The calendar fields a serial template can name, from a date's local time. */
export interface CalendarFields {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  /** 1–366. */
  dayOfYear: number;
  /** ISO-8601 week, 1–53, and the year it belongs to (which differs from `year` around New Year). */
  isoWeek: number;
  isoWeekYear: number;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of a calendar day; avoids Date.UTC's mapping of years 0–99 to 1900–1999. */
function utcDay(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

/**
 * The fields of `date` in the machine's local time zone. The arithmetic is
 * done on the local Y-M-D re-expressed in UTC so daylight-saving shifts cannot
 * move a day across a boundary.
 */
export function calendarFields(date: Date): CalendarFields {
  const year = date.getFullYear();
  const monthIndex = date.getMonth();
  const day = date.getDate();
  const today = utcDay(year, monthIndex, day);
  const dayOfYear = Math.round((today - utcDay(year, 0, 1)) / DAY_MS) + 1;
  // ISO weeks run Monday to Sunday and belong to the year that holds their Thursday.
  const weekday = (new Date(today).getUTCDay() + 6) % 7;
  const thursday = today + (3 - weekday) * DAY_MS;
  const isoWeekYear = new Date(thursday).getUTCFullYear();
  const isoWeek = Math.floor((thursday - utcDay(isoWeekYear, 0, 1)) / DAY_MS / 7) + 1;
  return { year, month: monthIndex + 1, day, dayOfYear, isoWeek, isoWeekYear };
}
