import { addDays } from './calendar-date.js';
import { localDate } from './local-date.js';
import { startOfLocalDay } from './start-of-local-day.js';

/**
 * The first instants of the local days that meet [from, to), in order, the first clipped to
 * `from`. A day's index is where an instant falls among them: cheaper than asking
 * `Intl` for the local date of every deployment.
 */
export function localDayStarts(window: { readonly from: number; readonly to: number }, timeZone: string): number[] {
  const starts = [window.from];
  let date = addDays(localDate(window.from, timeZone), 1);
  for (;;) {
    const start = startOfLocalDay(date, timeZone);
    if (start >= window.to) return starts;
    if (start > (starts[starts.length - 1] as number)) starts.push(start);
    date = addDays(date, 1);
  }
}

/** Index of the last element of `sortedStarts` at or before `instant` (−1 when none). */
export function indexAtOrBefore(sortedStarts: readonly number[], instant: number): number {
  let low = 0;
  let high = sortedStarts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sortedStarts[middle] as number) <= instant) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
