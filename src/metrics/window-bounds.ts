import { bucketsFor, type SeriesInterval } from './buckets-for.js';
import { type CalendarDate, daysBetween, startOfIsoWeek } from './calendar-date.js';
import { localDate } from './local-date.js';
import type { MetricWindow } from './metric-window.js';

/**
 * The longest window a metrics request may ask for, in days (100 years of 365.25 days). Without a bound,
 * `from=0001-01-01&to=9999-12-31` made the server compute for minutes (issue 14).
 */
export const MAX_WINDOW_DAYS = 36_525;

/** The most points a series may have: more is a body of megabytes that no chart can show. */
export const MAX_SERIES_POINTS = 1_000;

const COARSER: Record<SeriesInterval, string> = {
  day: 'use interval=week or interval=month, or a shorter window',
  week: 'use interval=month, or a shorter window',
  month: 'use a shorter window',
};

/** Why `window` is too long, as a sentence that names the bound, or null when it is within it. */
export function windowTooLong(window: MetricWindow): string | null {
  if (window.days <= MAX_WINDOW_DAYS) return null;
  return `The window may be at most ${MAX_WINDOW_DAYS.toLocaleString('en-US')} days (100 years); this one has ${Math.ceil(window.days).toLocaleString('en-US')}. Choose a later from or an earlier to.`;
}

/** The calendar periods from the one holding `first` to the one holding `last`, both counted. */
const PERIODS_BETWEEN: Record<SeriesInterval, (first: CalendarDate, last: CalendarDate) => number> = {
  day: (first, last) => daysBetween(first, last) + 1,
  week: (first, last) => daysBetween(startOfIsoWeek(first), startOfIsoWeek(last)) / 7 + 1,
  month: (first, last) => (last.year - first.year) * 12 + (last.month - first.month) + 1,
};

/**
 * A period a zone skipped whole (Samoa's 30 December 2011) makes no point, so the calendar count can exceed the
 * points by the few days ever skipped: within this margin over the bound, the points are counted one by one.
 */
const SKIPPED_MARGIN = 3;

/**
 * Why a series of `interval` points over `window` is too long, or null when it has at most `MAX_SERIES_POINTS`.
 * The points are the calendar periods the window touches in `timeZone` (see `bucketsFor`): counted from its first
 * and last local dates, so a long window costs nothing; only near the bound are they counted one by one, and then
 * only up to it.
 */
export function seriesTooLong(window: MetricWindow, interval: SeriesInterval, timeZone: string): string | null {
  const periods = PERIODS_BETWEEN[interval](localDate(window.from, timeZone), localDate(window.to - 1, timeZone));
  if (
    periods <= MAX_SERIES_POINTS ||
    (periods <= MAX_SERIES_POINTS + SKIPPED_MARGIN &&
      bucketsFor(window, interval, timeZone, MAX_SERIES_POINTS + 1).length <= MAX_SERIES_POINTS)
  ) {
    return null;
  }
  return `A series may have at most ${MAX_SERIES_POINTS.toLocaleString('en-US')} points, and this window holds more than ${MAX_SERIES_POINTS.toLocaleString('en-US')} ${interval}s: ${COARSER[interval]}.`;
}
