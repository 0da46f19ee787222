import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketsFor, type SeriesInterval } from '../../../src/metrics/buckets-for.js';
import { windowBetween } from '../../../src/metrics/metric-window.js';
import { parseQueryTime } from '../../../src/metrics/parse-query-time.js';
import { parseWindow } from '../../../src/metrics/parse-window.js';
import { MAX_SERIES_POINTS, seriesTooLong } from '../../../src/metrics/window-bounds.js';
import { at } from './factories.js';

const iso = (instant: number) => new Date(instant).toISOString();

describe('parseQueryTime', () => {
  it('reads RFC 3339 with Z or an offset', () => {
    expect(parseQueryTime('2026-03-02T14:05:00Z', 'UTC')).toEqual({
      ok: true,
      instant: at('2026-03-02T14:05:00Z'),
      isDate: false,
    });
    expect(parseQueryTime('2026-03-02T15:05:00+01:00', 'UTC')).toMatchObject({ instant: at('2026-03-02T14:05:00Z') });
    expect(parseQueryTime('2026-03-02T09:05:00-05:00', 'UTC')).toMatchObject({ instant: at('2026-03-02T14:05:00Z') });
    expect(parseQueryTime('2026-03-02t14:05:00.1234z', 'UTC')).toMatchObject({
      instant: at('2026-03-02T14:05:00.123Z'),
    });
    expect(parseQueryTime('2026-03-02T20:35:00+05:30', 'UTC')).toMatchObject({ instant: at('2026-03-02T15:05:00Z') });
  });

  it('reads a + that a query string turned into a space', () => {
    expect(parseQueryTime('2026-03-02T15:05:00 01:00', 'UTC')).toMatchObject({ instant: at('2026-03-02T14:05:00Z') });
  });

  it('reads a date as the first instant of that day in the zone', () => {
    expect(parseQueryTime('2026-03-02', 'Europe/Paris')).toEqual({
      ok: true,
      instant: at('2026-03-01T23:00:00Z'),
      isDate: true,
    });
    expect(parseQueryTime('2026-03-02', 'Asia/Kolkata')).toMatchObject({ instant: at('2026-03-01T18:30:00Z') });
  });

  it('refuses other formats, naming the field and the accepted formats', () => {
    for (const value of [
      '',
      'yesterday',
      '2026-03-02T14:05:00',
      '2026-02-30',
      '2026-3-2',
      '2026-03-02T24:00:00Z',
      '1709388300',
      '2026-03-02T14:05Z',
      '2026-03-02T14:05:00+0100',
    ]) {
      const result = parseQueryTime(value, 'UTC', 'from');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(/^from /);
        expect(result.message).toContain('RFC 3339');
        expect(result.message).toContain('YYYY-MM-DD');
      }
    }
  });
});

describe('parseWindow', () => {
  const now = at('2026-03-15T10:00:00Z');

  it('defaults to the 30 calendar days ending at the start of tomorrow', () => {
    const result = parseWindow({}, 'Europe/Paris', now);
    expect(result).toEqual({
      ok: true,
      window: { from: at('2026-02-13T23:00:00Z'), to: at('2026-03-15T23:00:00Z'), days: 30 },
    });
  });

  it('the default end follows the local day, not the UTC day', () => {
    // 23:30 UTC on the 15th is already the 16th in Paris.
    const result = parseWindow({}, 'Europe/Paris', at('2026-03-15T23:30:00Z'));
    expect(result.ok && iso(result.window.to)).toBe('2026-03-16T23:00:00.000Z');
  });

  it('a default window across a daylight-saving change still counts 30 days', () => {
    const result = parseWindow({}, 'Europe/Paris', at('2026-04-10T12:00:00Z'));
    expect(result.ok && result.window.days).toBe(30);
    expect(result.ok && result.window.to - result.window.from).toBe(30 * 86_400_000 - 3_600_000);
  });

  it('counts calendar days when both ends are first instants of local days: a DST week is 7 days', () => {
    const result = parseWindow({ from: '2026-03-23', to: '2026-03-30' }, 'Europe/Paris', now);
    expect(result).toEqual({
      ok: true,
      window: { from: at('2026-03-22T23:00:00Z'), to: at('2026-03-29T22:00:00Z'), days: 7 },
    });
    // The same ends written as instants are still first instants of local days.
    const spelled = parseWindow(
      { from: '2026-03-23T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' },
      'Europe/Paris',
      now,
    );
    expect(spelled.ok && spelled.window.days).toBe(7);
  });

  it('otherwise counts (to − from) / 86,400 s', () => {
    const result = parseWindow({ from: '2026-03-23T12:00:00Z', to: '2026-03-30T00:00:00Z' }, 'Europe/Paris', now);
    expect(result.ok && result.window.days).toBe(6.5);
  });

  it('only from: runs to the start of tomorrow; only to: starts 30 days earlier', () => {
    const onlyFrom = parseWindow({ from: '2026-03-01' }, 'UTC', now);
    expect(onlyFrom).toEqual({
      ok: true,
      window: { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-16T00:00:00Z'), days: 15 },
    });
    const onlyTo = parseWindow({ to: '2026-04-01' }, 'Europe/Paris', now);
    expect(onlyTo).toEqual({
      ok: true,
      window: { from: at('2026-03-01T23:00:00Z'), to: at('2026-03-31T22:00:00Z'), days: 30 },
    });
    const onlyToInstant = parseWindow({ to: '2026-04-01T12:00:00Z' }, 'UTC', now);
    expect(onlyToInstant).toEqual({
      ok: true,
      window: { from: at('2026-03-02T12:00:00Z'), to: at('2026-04-01T12:00:00Z'), days: 30 },
    });
  });

  it('from at or after to is an error on from', () => {
    const same = parseWindow({ from: '2026-03-02', to: '2026-03-02' }, 'UTC', now);
    expect(same).toMatchObject({ ok: false, field: 'from' });
    const after = parseWindow({ from: '2026-03-03T00:00:00Z', to: '2026-03-02T00:00:00Z' }, 'UTC', now);
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.message).toContain('before to');
  });

  it('a malformed bound is an error on its field', () => {
    expect(parseWindow({ from: '2026-03-02', to: 'tomorrow' }, 'UTC', now)).toMatchObject({ ok: false, field: 'to' });
    expect(parseWindow({ from: 'x', to: 'tomorrow' }, 'UTC', now)).toMatchObject({ ok: false, field: 'from' });
    expect(parseWindow({ from: 'x' }, 'UTC', now)).toMatchObject({ ok: false, field: 'from' });
  });

  it('windowBetween: a day in Lord Howe is one day even when it lasts 24.5 hours', () => {
    const window = windowBetween(at('2026-04-04T13:00:00Z'), at('2026-04-05T13:30:00Z'), 'Australia/Lord_Howe');
    expect(window.days).toBe(1);
  });
});

describe('parseWindow bounds', () => {
  const now = at('2026-03-15T10:00:00Z');

  it('a window of at most 36,525 days (100 years) is accepted', () => {
    const result = parseWindow({ from: '1926-01-01', to: '2026-01-01' }, 'Europe/Paris', now);
    expect(result.ok && result.window.days).toBe(36_525);
  });

  it('a longer window is an error on from that names the bound', () => {
    const result = parseWindow({ from: '0001-01-01', to: '9999-12-31' }, 'UTC', now);
    expect(result).toMatchObject({ ok: false, field: 'from' });
    if (!result.ok) expect(result.message).toContain('100 years');
    const justOver = parseWindow({ from: '1926-01-01T00:00:00Z', to: '2026-01-02T00:00:01Z' }, 'UTC', now);
    expect(justOver.ok).toBe(false);
  });

  it('a series of 1,000 points is accepted, 1,001 is an error on interval that suggests a coarser one', () => {
    // 1,000 days from 2024-01-01 (2024 is a leap year: 366 + 365 + 269 days).
    const thousand = parseWindow({ from: '2024-01-01', to: '2026-09-27', interval: 'day' }, 'Europe/Paris', now);
    expect(thousand.ok && thousand.window.days).toBe(1_000);
    const over = parseWindow({ from: '2024-01-01', to: '2026-09-28', interval: 'day' }, 'Europe/Paris', now);
    expect(over).toMatchObject({ ok: false, field: 'interval' });
    if (!over.ok) {
      expect(over.message).toContain('1,000 points');
      expect(over.message).toContain('interval=week');
    }
  });

  it('the point bound counts clipped periods: 1,001 weeks when the window starts mid-week', () => {
    // Monday 2000-01-03 + 1,000 weeks = Monday 2019-03-04: exactly 1,000 ISO weeks.
    expect(parseWindow({ from: '2000-01-03', to: '2019-03-04', interval: 'week' }, 'UTC', now).ok).toBe(true);
    // A day earlier (Sunday): that Sunday is a week of its own, 1,001 points.
    const over = parseWindow({ from: '2000-01-02', to: '2019-03-04', interval: 'week' }, 'UTC', now);
    expect(over).toMatchObject({ ok: false, field: 'interval' });
    if (!over.ok) expect(over.message).toContain('interval=month');
  });

  it('months: 100 years is 1,200 months, over the bound, and the message says to shorten the window', () => {
    const over = parseWindow({ from: '1926-01-01', to: '2026-01-01', interval: 'month' }, 'UTC', now);
    expect(over).toMatchObject({ ok: false, field: 'interval' });
    if (!over.ok) expect(over.message).toMatch(/shorter window/);
    expect(parseWindow({ from: '1943-05-01', to: '2026-09-01', interval: 'month' }, 'UTC', now).ok).toBe(true);
  });

  it('the same window without an interval (the metrics endpoint) has no point bound', () => {
    expect(parseWindow({ from: '2024-01-01', to: '2026-09-28' }, 'UTC', now).ok).toBe(true);
  });
});

describe('seriesTooLong', () => {
  const PERIOD_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 30.44 * 86_400_000 } as const;

  it('agrees with counting the points of bucketsFor, near the bound, in zones with odd days', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'Europe/Paris', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/St_Johns'),
        fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<SeriesInterval>,
        fc.integer({ min: -3_000, max: 3_000 }),
        fc.integer({ min: 990 * 24, max: 1_010 * 24 }),
        fc.integer({ min: 0, max: 3_599_999 }),
        (timeZone, interval, startDay, hours, extraMs) => {
          // Around 2011-12-30, the day Samoa skipped, give or take 8 years.
          const from = at('2011-12-30T00:00:00Z') + startDay * 86_400_000 + extraMs;
          const to = from + Math.round((hours / 24) * PERIOD_MS[interval]);
          const window = windowBetween(from, to, timeZone);
          const points = bucketsFor(window, interval, timeZone).length;
          expect(seriesTooLong(window, interval, timeZone) === null).toBe(points <= MAX_SERIES_POINTS);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('Samoa skipped 30 December 2011: 1,001 calendar days holding it make 1,000 points, accepted', () => {
    const from = at('2011-12-29T10:00:00Z'); // 2011-12-29 00:00 in Apia (UTC−10 then)
    const window = windowBetween(from, at('2014-09-24T10:00:00Z'), 'Pacific/Apia');
    expect(bucketsFor(window, 'day', 'Pacific/Apia')).toHaveLength(1_000);
    expect(seriesTooLong(window, 'day', 'Pacific/Apia')).toBeNull();
  });
});
