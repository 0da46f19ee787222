import type { SeriesInterval } from './buckets-for.js';
import { addDays } from './calendar-date.js';
import { localDate } from './local-date.js';
import { type MetricWindow, windowBetween } from './metric-window.js';
import { parseQueryTime } from './parse-query-time.js';
import { isStartOfLocalDay, startOfLocalDay } from './start-of-local-day.js';
import { seriesTooLong, windowTooLong } from './window-bounds.js';

export type WindowResult =
  | { readonly ok: true; readonly window: MetricWindow }
  | { readonly ok: false; readonly field: 'from' | 'to' | 'interval'; readonly message: string };

/** The default window's length, in calendar days. */
export const DEFAULT_WINDOW_DAYS = 30;

/**
 * The metrics window from the query's `from` and `to` (CONTRACT.md, "Metrics").
 *
 * - Neither given: the 30 calendar days in `timeZone` ending at the start of tomorrow (`now`'s
 *   local day is the last one).
 * - Only `from`: it runs to the start of tomorrow.
 * - Only `to`: it starts 30 calendar days earlier when `to` is the first instant of a local day,
 *   else exactly 30 × 86,400 s earlier; either way the window is 30 days long.
 * - `from` at or after `to` is an error on the field `from`, and so is a window over `MAX_WINDOW_DAYS`.
 * - With an `interval` (the series endpoint's query), more than `MAX_SERIES_POINTS` points is an error on
 *   `interval` (src/metrics/window-bounds.ts).
 */
export function parseWindow(
  query: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly interval?: SeriesInterval | undefined;
  },
  timeZone: string,
  now: number,
): WindowResult {
  const parsedFrom = query.from === undefined ? null : parseQueryTime(query.from, timeZone, 'from');
  if (parsedFrom !== null && !parsedFrom.ok) return { ok: false, field: 'from', message: parsedFrom.message };
  const parsedTo = query.to === undefined ? null : parseQueryTime(query.to, timeZone, 'to');
  if (parsedTo !== null && !parsedTo.ok) return { ok: false, field: 'to', message: parsedTo.message };
  const to = parsedTo?.instant ?? startOfLocalDay(addDays(localDate(now, timeZone), 1), timeZone);
  const from =
    parsedFrom?.instant ??
    (isStartOfLocalDay(to, timeZone)
      ? startOfLocalDay(addDays(localDate(to, timeZone), -DEFAULT_WINDOW_DAYS), timeZone)
      : to - DEFAULT_WINDOW_DAYS * 86_400_000);
  if (from >= to) {
    return {
      ok: false,
      field: 'from',
      message: `from must be before to (from ${new Date(from).toISOString()}, to ${new Date(to).toISOString()}; to is exclusive).`,
    };
  }
  const window = windowBetween(from, to, timeZone);
  const tooLong = windowTooLong(window);
  if (tooLong !== null) return { ok: false, field: 'from', message: tooLong };
  const tooManyPoints = query.interval === undefined ? null : seriesTooLong(window, query.interval, timeZone);
  if (tooManyPoints !== null) return { ok: false, field: 'interval', message: tooManyPoints };
  return { ok: true, window };
}
