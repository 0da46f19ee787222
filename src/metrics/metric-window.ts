import { daysBetween } from './calendar-date.js';
import { localDate } from './local-date.js';
import { isStartOfLocalDay } from './start-of-local-day.js';

/** A half-open interval of time [from, to), in epoch ms, with its length in days. */
export interface MetricWindow {
  /** Inclusive. */
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  /**
   * Calendar days in the project's time zone when both ends are first instants of local days
   * (a week is 7 days across a daylight-saving change); otherwise (to − from) / 86,400 s.
   */
  readonly days: number;
}

/** The window [from, to) with its length in days counted as the contract says (see `MetricWindow.days`). */
export function windowBetween(from: number, to: number, timeZone: string): MetricWindow {
  const calendarAligned = isStartOfLocalDay(from, timeZone) && isStartOfLocalDay(to, timeZone);
  const days = calendarAligned
    ? daysBetween(localDate(from, timeZone), localDate(to, timeZone))
    : (to - from) / 86_400_000;
  return { from, to, days };
}
