import { type CalendarDate, compareDates, epochDay, wallClockMs } from './calendar-date.js';
import { localDate } from './local-date.js';
import { utcOffsetAt } from './zoned-clock.js';

const HOUR = 3_600_000;
/** Where offsets are sampled around local midnight: every UTC offset in use lies within -12 h to +14 h. */
const SAMPLES = [-36 * HOUR, -14 * HOUR, -7 * HOUR, 0, 6 * HOUR, 12 * HOUR, 36 * HOUR];

/**
 * `startOfLocalDay` by zone and epoch day. A zone's rules for past days do not change while the process runs,
 * and each computation asks `Intl` for up to 14 offsets: a year of day starts costs about 5,000 `Intl` calls
 * the first time, and map look-ups after that.
 */
const dayStarts = new Map<string, Map<number, number>>();
const MAX_DAYS_PER_ZONE = 40_000;

/**
 * The first instant (epoch ms) of calendar day `date` in `timeZone`.
 *
 * Usually local midnight. When a daylight-saving change skips midnight (a gap, as in
 * America/Santiago or Asia/Beirut), the day begins at the change; when midnight occurs twice
 * (an overlap), at the first of them. A day that a zone skipped entirely (Pacific/Apia,
 * 2011-12-30) begins where the next one does, so it lasts no time at all.
 */
export function startOfLocalDay(date: CalendarDate, timeZone: string): number {
  const key = epochDay(date);
  let days = dayStarts.get(timeZone);
  const known = days?.get(key);
  if (known !== undefined) return known;
  const start = computeStartOfLocalDay(date, timeZone);
  if (days === undefined) {
    days = new Map();
    dayStarts.set(timeZone, days);
  }
  // Bounded: a zone's map starts over once it holds about a century of days.
  if (days.size >= MAX_DAYS_PER_ZONE) days.clear();
  days.set(key, start);
  return start;
}

function computeStartOfLocalDay(date: CalendarDate, timeZone: string): number {
  const wallMidnight = wallClockMs(date.year, date.month, date.day);
  const offsets = new Set(SAMPLES.map((shift) => utcOffsetAt(wallMidnight + shift, timeZone)));
  let first = Number.POSITIVE_INFINITY;
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = wallMidnight - offset;
    lowest = Math.min(lowest, candidate);
    highest = Math.max(highest, candidate);
    if (utcOffsetAt(candidate, timeZone) === offset) first = Math.min(first, candidate);
  }
  if (first !== Number.POSITIVE_INFINITY) return first;
  return firstInstantOnOrAfter(date, lowest, highest, timeZone);
}

/** Local midnight does not exist: binary search, by the second, for the change that skipped it. */
function firstInstantOnOrAfter(date: CalendarDate, low: number, high: number, timeZone: string): number {
  const reached = (instant: number) => compareDates(localDate(instant, timeZone), date) >= 0;
  if (reached(low)) return low;
  let before = Math.floor(low / 1000);
  let after = Math.ceil(high / 1000);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (reached(middle * 1000)) after = middle;
    else before = middle;
  }
  return after * 1000;
}

/** Whether `instant` is the first instant of its calendar day in `timeZone`. */
export function isStartOfLocalDay(instant: number, timeZone: string): boolean {
  return startOfLocalDay(localDate(instant, timeZone), timeZone) === instant;
}
