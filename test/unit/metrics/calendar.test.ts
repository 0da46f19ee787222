import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isoDayOfWeek, startOfIsoWeek } from '../../../src/metrics/calendar-date.js';
import { canonicalTimeZone, isValidTimeZone } from '../../../src/metrics/is-valid-time-zone.js';
import { localDate, localDateKey } from '../../../src/metrics/local-date.js';
import { isStartOfLocalDay, startOfLocalDay } from '../../../src/metrics/start-of-local-day.js';
import { utcOffsetAt } from '../../../src/metrics/zoned-clock.js';
import { at } from './factories.js';

const iso = (instant: number) => new Date(instant).toISOString();
const day = (text: string) => {
  const [year, month, dayOfMonth] = text.split('-').map(Number);
  return { year: year as number, month: month as number, day: dayOfMonth as number };
};
const HOUR = 3_600_000;

describe('time zone names', () => {
  it('accepts IANA names and canonicalizes their case', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
  });

  it('refuses what is not a zone name', () => {
    for (const name of ['', 'Mars/Olympus', '+01:00', '-05:00', ' Europe/Paris', 'Europe/Paris\n']) {
      expect(isValidTimeZone(name)).toBe(false);
    }
  });
});

describe('calendar dates', () => {
  it('adds days, weeks and months on the calendar', () => {
    expect(addDays(day('2024-02-28'), 1)).toEqual(day('2024-02-29'));
    expect(addDays(day('2026-12-31'), 1)).toEqual(day('2027-01-01'));
    expect(addDays(day('2026-03-01'), -1)).toEqual(day('2026-02-28'));
    expect(addMonths(day('2026-01-31'), 1)).toEqual(day('2026-02-28'));
    expect(addMonths(day('2026-11-01'), 3)).toEqual(day('2027-02-01'));
    expect(addMonths(day('2026-01-15'), -1)).toEqual(day('2025-12-15'));
    expect(daysBetween(day('2026-01-01'), day('2027-01-01'))).toBe(365);
  });

  it('knows ISO weeks start on Monday', () => {
    expect(isoDayOfWeek(day('2026-03-02'))).toBe(1);
    expect(isoDayOfWeek(day('2026-03-08'))).toBe(7);
    expect(startOfIsoWeek(day('2026-03-08'))).toEqual(day('2026-03-02'));
    expect(startOfIsoWeek(day('2026-03-02'))).toEqual(day('2026-03-02'));
    expect(startOfIsoWeek(day('2027-01-01'))).toEqual(day('2026-12-28'));
  });
});

describe('local days', () => {
  it('reads the local date of an instant', () => {
    expect(localDateKey(at('2026-03-01T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-02');
    expect(localDateKey(at('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
    expect(localDateKey(at('2026-03-01T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-03-01');
    expect(localDateKey(at('2026-03-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-02');
    expect(localDate(at('2026-03-02T04:59:59Z'), 'America/New_York')).toEqual(day('2026-03-01'));
  });

  it('Europe/Paris: the spring-forward day lasts 23 hours, the fall-back day 25', () => {
    const zone = 'Europe/Paris';
    expect(iso(startOfLocalDay(day('2026-03-29'), zone))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-03-30'), zone))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-10-25'), zone))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-10-26'), zone))).toBe('2026-10-25T23:00:00.000Z');
  });

  it('America/New_York across both changes', () => {
    const zone = 'America/New_York';
    expect(iso(startOfLocalDay(day('2026-03-08'), zone))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-03-09'), zone))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-11-01'), zone))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-11-02'), zone))).toBe('2026-11-02T05:00:00.000Z');
  });

  it('Australia/Lord_Howe: a half-hour daylight-saving shift', () => {
    const zone = 'Australia/Lord_Howe';
    // +11:00 until 2026-04-05 02:00 local, then +10:30.
    expect(utcOffsetAt(at('2026-04-04T12:00:00Z'), zone)).toBe(11 * HOUR);
    expect(utcOffsetAt(at('2026-04-05T12:00:00Z'), zone)).toBe(10.5 * HOUR);
    expect(iso(startOfLocalDay(day('2026-04-05'), zone))).toBe('2026-04-04T13:00:00.000Z');
    expect(iso(startOfLocalDay(day('2026-04-06'), zone))).toBe('2026-04-05T13:30:00.000Z');
  });

  it('Asia/Kolkata and Pacific/Chatham: offsets that are not whole hours', () => {
    expect(iso(startOfLocalDay(day('2026-03-02'), 'Asia/Kolkata'))).toBe('2026-03-01T18:30:00.000Z');
    // Chatham is +13:45 in southern summer, +12:45 in winter.
    expect(iso(startOfLocalDay(day('2026-03-02'), 'Pacific/Chatham'))).toBe('2026-03-01T10:15:00.000Z');
    expect(iso(startOfLocalDay(day('2026-07-01'), 'Pacific/Chatham'))).toBe('2026-06-30T11:15:00.000Z');
  });

  it('a day whose midnight is skipped starts at the change (America/Santiago, Asia/Beirut)', () => {
    // Chile springs forward at 24:00 on the first Sunday of September: 00:00 becomes 01:00.
    expect(iso(startOfLocalDay(day('2026-09-06'), 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(localDateKey(at('2026-09-06T03:59:59Z'), 'America/Santiago')).toBe('2026-09-05');
    // Lebanon springs forward at 00:00 on the last Sunday of March.
    expect(iso(startOfLocalDay(day('2026-03-29'), 'Asia/Beirut'))).toBe('2026-03-28T22:00:00.000Z');
  });

  it('a midnight that occurs twice: the day starts at the first (America/Havana falls back from 01:00 to 00:00)', () => {
    expect(iso(startOfLocalDay(day('2026-11-01'), 'America/Havana'))).toBe('2026-11-01T04:00:00.000Z');
    // Lebanon falls back from 24:00 to 23:00: its 00:00 happens once, after the change.
    expect(iso(startOfLocalDay(day('2026-10-25'), 'Asia/Beirut'))).toBe('2026-10-24T22:00:00.000Z');
  });

  it('a day the zone skipped lasts no time (Pacific/Apia, 2011-12-30)', () => {
    const zone = 'Pacific/Apia';
    expect(startOfLocalDay(day('2011-12-30'), zone)).toBe(startOfLocalDay(day('2011-12-31'), zone));
    expect(iso(startOfLocalDay(day('2011-12-31'), zone))).toBe('2011-12-30T10:00:00.000Z');
  });

  it('tells the first instant of a local day', () => {
    expect(isStartOfLocalDay(at('2026-03-28T23:00:00Z'), 'Europe/Paris')).toBe(true);
    expect(isStartOfLocalDay(at('2026-03-29T23:00:00Z'), 'Europe/Paris')).toBe(false);
    expect(isStartOfLocalDay(at('2026-03-29T00:00:00Z'), 'UTC')).toBe(true);
    expect(isStartOfLocalDay(at('2026-03-29T00:00:00.001Z'), 'UTC')).toBe(false);
  });
});

describe('startOfLocalDay, property', () => {
  const zones = [
    'UTC',
    'Europe/Paris',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'America/Santiago',
    'Asia/Beirut',
    'America/Havana',
    'America/St_Johns',
    'Asia/Kathmandu',
    'Africa/Casablanca',
  ];

  it('is the first instant whose local date is that day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('1990-01-01T00:00:00Z') / 1000, max: at('2040-01-01T00:00:00Z') / 1000 }),
        (zone, second) => {
          const instant = second * 1000;
          const date = localDate(instant, zone);
          const start = startOfLocalDay(date, zone);
          expect(start).toBeLessThanOrEqual(instant);
          expect(localDate(start, zone)).toEqual(date);
          expect(localDateKey(start - 1000, zone) < localDateKey(start, zone)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds the first instant around every change of offset', () => {
    for (const zone of zones) {
      for (let instant = at('2025-01-01T00:00:00Z'); instant < at('2027-01-01T00:00:00Z'); instant += 6 * HOUR) {
        if (utcOffsetAt(instant, zone) === utcOffsetAt(instant + 6 * HOUR, zone)) continue;
        for (let probe = instant - 24 * HOUR; probe <= instant + 30 * HOUR; probe += 15 * 60_000) {
          const start = startOfLocalDay(localDate(probe, zone), zone);
          expect(start).toBeLessThanOrEqual(probe);
          expect(localDateKey(start - 1000, zone) < localDateKey(start, zone)).toBe(true);
        }
      }
    }
  });
});

describe('remembered answers (startOfLocalDay by zone and day, zonedDateTime by zone and instant)', () => {
  it('never lend one zone or day the answer of another', () => {
    const instant = at('2026-03-29T00:30:00Z');
    for (let round = 0; round < 2; round += 1) {
      expect(iso(startOfLocalDay(day('2026-03-29'), 'Europe/Paris'))).toBe('2026-03-28T23:00:00.000Z');
      expect(iso(startOfLocalDay(day('2026-03-30'), 'Europe/Paris'))).toBe('2026-03-29T22:00:00.000Z');
      expect(iso(startOfLocalDay(day('2026-03-29'), 'UTC'))).toBe('2026-03-29T00:00:00.000Z');
      expect(iso(startOfLocalDay(day('2026-03-29'), 'America/New_York'))).toBe('2026-03-29T04:00:00.000Z');
      expect(localDateKey(instant, 'Europe/Paris')).toBe('2026-03-29');
      expect(localDateKey(instant, 'America/New_York')).toBe('2026-03-28');
      expect(utcOffsetAt(instant, 'Europe/Paris')).toBe(HOUR);
      expect(utcOffsetAt(instant + 2 * HOUR, 'Europe/Paris')).toBe(2 * HOUR);
    }
  });

  it('equal a fresh computation for any day and instant', () => {
    const zones = ['Europe/Paris', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Apia'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: -20_000, max: 40_000 }), (zone, epochDay) => {
        const date = addDays({ year: 1970, month: 1, day: 1 }, epochDay);
        const first = startOfLocalDay(date, zone);
        // The first instant of the day is on that day (unless the zone skipped the day: it then lasts no time).
        if (startOfLocalDay(addDays(date, 1), zone) !== first) expect(localDate(first, zone)).toEqual(date);
        expect(startOfLocalDay(date, zone)).toBe(first);
        const wall = new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        });
        expect(localDateKey(first + 12 * HOUR, zone)).toBe(wall.format(first + 12 * HOUR));
      }),
      { numRuns: 300 },
    );
  });
});
