import { bucketsFor, type SeriesInterval } from './buckets-for.js';
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

/**
 * Why a series of `interval` points over `window` is too long, or null when it has at most `MAX_SERIES_POINTS`.
 * Counts the points only up to the bound, so a long window costs no more than an allowed one.
 */
export function seriesTooLong(window: MetricWindow, interval: SeriesInterval, timeZone: string): string | null {
  if (bucketsFor(window, interval, timeZone, MAX_SERIES_POINTS + 1).length <= MAX_SERIES_POINTS) return null;
  return `A series may have at most ${MAX_SERIES_POINTS.toLocaleString('en-US')} points, and this window holds more than ${MAX_SERIES_POINTS.toLocaleString('en-US')} ${interval}s: ${COARSER[interval]}.`;
}
