import { addDays, addMonths, type CalendarDate, startOfIsoWeek, startOfMonth } from './calendar-date.js';
import { localDate } from './local-date.js';
import { type MetricWindow, windowBetween } from './metric-window.js';
import { startOfLocalDay } from './start-of-local-day.js';

export const SERIES_INTERVALS = ['day', 'week', 'month'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

const PERIOD: Record<
  SeriesInterval,
  { start(date: CalendarDate): CalendarDate; next(date: CalendarDate): CalendarDate }
> = {
  day: { start: (date) => date, next: (date) => addDays(date, 1) },
  week: { start: startOfIsoWeek, next: (date) => addDays(date, 7) },
  month: { start: startOfMonth, next: (date) => addMonths(date, 1) },
};

/**
 * The series' points over `window`: calendar days, ISO weeks (from Monday) or calendar months in
 * `timeZone`, in order, the first and last clipped to the window. Each carries its length in days
 * by the window rule (a clipped point whose ends are not both local midnights counts (to − from) / 86,400 s).
 * A period a zone skipped entirely (it lasts no time) yields no point. With `limit`, it stops after that many
 * points (to count them up to a bound without making them all).
 */
export function bucketsFor(
  window: MetricWindow,
  interval: SeriesInterval,
  timeZone: string,
  limit = Number.POSITIVE_INFINITY,
): MetricWindow[] {
  const period = PERIOD[interval];
  const buckets: MetricWindow[] = [];
  let from = window.from;
  let date = period.start(localDate(window.from, timeZone));
  while (from < window.to && buckets.length < limit) {
    date = period.next(date);
    const to = Math.min(startOfLocalDay(date, timeZone), window.to);
    if (to > from) {
      buckets.push(windowBetween(from, to, timeZone));
      from = to;
    }
  }
  return buckets;
}
