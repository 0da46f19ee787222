import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeToRestoreService } from '../../../src/metrics/time-to-restore.js';
import { at } from './factories.js';
import { permutations } from './permutations.js';

const MARCH = { from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') };

// Five incidents: four start in March; three of those are resolved (one in April).
const incidents = [
  { startedAt: at('2026-02-28T23:00:00Z'), resolvedAt: at('2026-03-01T01:00:00Z') }, // starts before: left out
  { startedAt: at('2026-03-03T16:48:02Z'), resolvedAt: at('2026-03-03T17:05:41Z') }, // 1,059 s
  { startedAt: at('2026-03-10T08:00:00Z'), resolvedAt: at('2026-03-10T12:00:00Z') }, // 14,400 s
  { startedAt: at('2026-03-31T23:30:00Z'), resolvedAt: at('2026-04-01T00:30:00Z') }, // 3,600 s, resolved in April
  { startedAt: at('2026-03-20T09:00:00Z'), resolvedAt: null }, // still open
];

describe('timeToRestoreService', () => {
  it.each(permutations(incidents))(
    'counts incidents that started in the window, median over the resolved (%#)',
    (...list) => {
      expect(timeToRestoreService(list, MARCH)).toEqual({ medianSeconds: 3_600, incidents: 4, resolved: 3 });
    },
  );

  it('takes the mean of the two middle durations for an even count', () => {
    const two = incidents.slice(1, 3);
    expect(timeToRestoreService(two, MARCH)).toEqual({
      medianSeconds: (1_059 + 14_400) / 2,
      incidents: 2,
      resolved: 2,
    });
  });

  it('answers null with counts when none is resolved, and zero for a resolution stamped before the start', () => {
    expect(timeToRestoreService([incidents[4] as (typeof incidents)[number]], MARCH)).toEqual({
      medianSeconds: null,
      incidents: 1,
      resolved: 0,
    });
    const skewed = [{ startedAt: at('2026-03-05T10:00:05Z'), resolvedAt: at('2026-03-05T10:00:00Z') }];
    expect(timeToRestoreService(skewed, MARCH).medianSeconds).toBe(0);
  });

  it('agrees with sorting the durations (property)', () => {
    const anIncident = fc.record({
      startedAt: fc.integer({ min: 0, max: 100 }).map((n) => MARCH.from - 5 * 86_400_000 + n * 3_600_000),
      resolvedAt: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(anIncident, { maxLength: 30 }), (raw) => {
        const list = raw.map((i) => ({
          startedAt: i.startedAt,
          resolvedAt: i.resolvedAt === null ? null : i.startedAt + i.resolvedAt * 60_000,
        }));
        const started = list.filter((i) => i.startedAt >= MARCH.from && i.startedAt < MARCH.to);
        const durations = started
          .filter((i) => i.resolvedAt !== null)
          .map((i) => ((i.resolvedAt as number) - i.startedAt) / 1000)
          .sort((a, b) => a - b);
        const middle = durations.length / 2;
        const expected =
          durations.length === 0
            ? null
            : durations.length % 2 === 1
              ? durations[Math.floor(middle)]
              : ((durations[middle - 1] as number) + (durations[middle] as number)) / 2;
        expect(timeToRestoreService(list, MARCH)).toEqual({
          medianSeconds: expected,
          incidents: started.length,
          resolved: durations.length,
        });
      }),
    );
  });
});
