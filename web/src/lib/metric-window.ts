import type { SeriesInterval } from '../api/types';
import { addDays, daysBetween, isDay, todayIn } from './dates';
import { formatDay } from './format';

export const PRESET_DAYS = [7, 30, 90, 365] as const;
export type PresetDays = (typeof PRESET_DAYS)[number];

/** What the window picker chose, as the address bar keeps it: `?days=90` or `?from=…&to=…` (both days included). */
export type WindowChoice = { kind: 'preset'; days: PresetDays } | { kind: 'custom'; from: string; to: string };

export interface MetricWindow {
  /** First day, inclusive (a date the server reads in the project's time zone). */
  from: string;
  /** The day after the last one: the server's `to` is exclusive. */
  to: string;
  days: number;
  label: string;
  interval: SeriesInterval;
  previous: { from: string; to: string };
}

export function choiceFromSearch(search: URLSearchParams): WindowChoice {
  const from = search.get('from');
  const to = search.get('to');
  if (isDay(from) && isDay(to) && from <= to) return { kind: 'custom', from, to };
  const days = Number(search.get('days'));
  const preset = PRESET_DAYS.find((d) => d === days);
  return { kind: 'preset', days: preset ?? 30 };
}

export function choiceToSearch(choice: WindowChoice): string {
  if (choice.kind === 'custom') return `?from=${choice.from}&to=${choice.to}`;
  return choice.days === 30 ? '' : `?days=${choice.days}`;
}

function intervalFor(days: number): SeriesInterval {
  if (days <= 45) return 'day';
  if (days <= 200) return 'week';
  return 'month';
}

/** The window in the project's calendar: presets end with today; the previous window has the same length just before. */
export function resolveWindow(choice: WindowChoice, timeZone: string, now: Date = new Date()): MetricWindow {
  let from: string;
  let to: string;
  let label: string;
  if (choice.kind === 'custom') {
    from = choice.from;
    to = addDays(choice.to, 1);
    label = `${formatDay(choice.from)} – ${formatDay(choice.to)}`;
  } else {
    to = addDays(todayIn(timeZone, now), 1);
    from = addDays(to, -choice.days);
    label = `last ${choice.days} days`;
  }
  const days = daysBetween(from, to);
  return {
    from,
    to,
    days,
    label,
    interval: intervalFor(days),
    previous: { from: addDays(from, -days), to: from },
  };
}
