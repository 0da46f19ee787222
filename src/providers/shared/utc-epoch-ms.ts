export interface TimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Minutes east of UTC: +02:00 is 120. */
  readonly offsetMinutes: number;
}

/**
 * Epoch milliseconds of a wall-clock time at a UTC offset, in whole seconds (a fraction is
 * never passed in: provider times are kept to the second). Null when a field is out of range
 * (month 13, February 30, hour 24, second 60, offset beyond ±23:59).
 */
export function utcEpochMs(fields: TimeFields): number | null {
  const { year, month, day, hour, minute, second, offsetMinutes } = fields;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || Math.abs(offsetMinutes) > 23 * 60 + 59) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `+`/`-`, hours and minutes of an offset → minutes east of UTC. */
export function offsetMinutes(sign: string, hours: string, minutes: string): number {
  const value = Number(hours) * 60 + Number(minutes);
  return sign === '-' ? -value : value;
}
