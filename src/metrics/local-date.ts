import { type CalendarDate, formatDate } from './calendar-date.js';
import { zonedDateTime } from './zoned-clock.js';

/** The calendar day, in `timeZone`, on which `instant` (epoch ms) falls. */
export function localDate(instant: number, timeZone: string): CalendarDate {
  const { year, month, day } = zonedDateTime(instant, timeZone);
  return { year, month, day };
}

/** `localDate` as `YYYY-MM-DD`. */
export function localDateKey(instant: number, timeZone: string): string {
  return formatDate(localDate(instant, timeZone));
}
