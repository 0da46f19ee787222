import { isValidDate, wallClockMs } from './calendar-date.js';
import { startOfLocalDay } from './start-of-local-day.js';

/** A query time, read: the instant, and whether it was given as a date (`YYYY-MM-DD`). */
export type QueryTimeResult =
  | { readonly ok: true; readonly instant: number; readonly isDate: boolean }
  | { readonly ok: false; readonly message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * RFC 3339 `date-time`: `T` (or `t`, or a space) between date and time, optional fraction,
 * `Z` or `±HH:MM`. A space in place of the offset's `+` is read as `+`, because an unencoded
 * `+` in a query string arrives as a space (`?from=2026-03-02T15:05:00+01:00`).
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+\- ])(\d{2}):(\d{2}))$/;

export const QUERY_TIME_FORMATS =
  'an RFC 3339 time with Z or an offset (2026-03-02T14:05:00Z, 2026-03-02T15:05:00+01:00) or a date YYYY-MM-DD (the first instant of that day in the project time zone)';

/**
 * Reads a query time (`from`, `to`, ...): RFC 3339 with `Z` or an offset, or a date `YYYY-MM-DD`
 * meaning the first instant of that day in `timeZone`. Fractions of a second are kept to the
 * millisecond (truncated). `field` names the parameter in the error message.
 * Throws only for an unknown `timeZone` (a bug: project zones are validated when saved).
 */
export function parseQueryTime(value: string, timeZone: string, field = 'time'): QueryTimeResult {
  const invalid = (why: string): QueryTimeResult => ({
    ok: false,
    message: `${field} ${why}: expected ${QUERY_TIME_FORMATS}, got ${JSON.stringify(value.slice(0, 64))}.`,
  });
  const dateOnly = DATE.exec(value);
  if (dateOnly !== null) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!isValidDate(year, month, day)) return invalid('is not a calendar date');
    return { ok: true, instant: startOfLocalDay({ year, month, day }, timeZone), isDate: true };
  }
  const match = DATE_TIME.exec(value);
  if (match === null) return invalid('is not a valid time');
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) => Number(match[index]));
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    return invalid('is not a valid time');
  }
  if (!isValidDate(year, month, day)) return invalid('is not a calendar date');
  if (hour > 23 || minute > 59 || second > 59) return invalid('has an hour, minute or second out of range');
  const millisecond = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (match[8] === undefined) {
    const [offsetHours, offsetMins] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 23 || offsetMins > 59) return invalid('has an offset out of range');
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const instant = wallClockMs(year, month, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
  return { ok: true, instant, isDate: false };
}
