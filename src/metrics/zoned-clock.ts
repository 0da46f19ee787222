import { type CalendarDate, wallClockMs } from './calendar-date.js';

/** The wall clock of a time zone at one instant, to the second. */
export interface ZonedDateTime extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Recent answers by zone and instant. `formatToParts` costs microseconds, and the same instants come back on every
 * read: the window's ends, the series' bucket boundaries, the offsets sampled around each local midnight.
 */
const recent = new Map<string, Map<number, ZonedDateTime>>();
const MAX_INSTANTS_PER_ZONE = 20_000;

/**
 * The wall clock of `timeZone` at `instant` (epoch ms), read with `Intl.DateTimeFormat` (remembered: see `recent`).
 * Throws a RangeError for a time zone the runtime does not know (validate with `isValidTimeZone` first).
 */
export function zonedDateTime(instant: number, timeZone: string): ZonedDateTime {
  let instants = recent.get(timeZone);
  const known = instants?.get(instant);
  if (known !== undefined) return known;
  const wall = readWallClock(instant, timeZone);
  if (instants === undefined) {
    instants = new Map();
    recent.set(timeZone, instants);
  }
  if (instants.size >= MAX_INSTANTS_PER_ZONE) instants.clear();
  instants.set(instant, wall);
  return wall;
}

function readWallClock(instant: number, timeZone: string): ZonedDateTime {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let beforeCommonEra = false;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        beforeCommonEra = part.value === 'BC' || part.value === 'B';
        break;
      default:
        break;
    }
  }
  return { year: beforeCommonEra ? 1 - year : year, month, day, hour, minute, second };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms (Paris in winter: 3,600,000). */
export function utcOffsetAt(instant: number, timeZone: string): number {
  const wall = zonedDateTime(instant, timeZone);
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  return wallClockMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second) - wholeSecond;
}
