/**
 * A date on the proleptic Gregorian calendar, without a time zone: the local calendar day
 * that the zone-aware functions (`localDate`, `startOfLocalDay`) translate to and from.
 */
export interface CalendarDate {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  /** 1 to 31. */
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;

/** Epoch milliseconds of a wall-clock time read as UTC; years 0 to 99 are taken literally (not 1900 + y). */
export function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

/** Days since 1970-01-01 of a calendar date. */
export function epochDay(date: CalendarDate): number {
  return Math.round(wallClockMs(date.year, date.month, date.day) / MS_PER_DAY);
}

/** The calendar date `epochDay` days after 1970-01-01. */
export function dateOfEpochDay(epochDayNumber: number): CalendarDate {
  const date = new Date(epochDayNumber * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfEpochDay(epochDay(date) + days);
}

/** `date` moved by `months` calendar months; a day past the end of the target month becomes its last day (Jan 31 + 1 month = Feb 28 or 29). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(wallClockMs(year, month + 1, 1) - MS_PER_DAY).getUTCDate();
}

/** Number of calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return epochDay(to) - epochDay(from);
}

/** ISO day of the week: 1 = Monday ... 7 = Sunday. */
export function isoDayOfWeek(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday that starts the ISO week holding `date`. */
export function startOfIsoWeek(date: CalendarDate): CalendarDate {
  return addDays(date, 1 - isoDayOfWeek(date));
}

/** The first day of the month holding `date`. */
export function startOfMonth(date: CalendarDate): CalendarDate {
  return { year: date.year, month: date.month, day: 1 };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** `YYYY-MM-DD` (years 0 to 9999). */
export function formatDate(date: CalendarDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
