import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareInStreakOrder,
  type FailureStreak,
  failureStreaks,
  openStreakEdges,
} from '../../../src/metrics/failure-streaks.js';
import { isFinishedProduction, type MetricDeployment } from '../../../src/metrics/metric-deployment.js';
import { at, makeDeployment } from './factories.js';

const T0 = at('2026-03-02T12:00:00Z');

/** Deployments packed into a few seconds, with milliseconds: many share a second. */
const deploymentsWithin = (span: number, oneGroup: boolean) =>
  fc.array(
    fc.record({
      repository: oneGroup ? fc.constant('acme/a') : fc.constantFrom('acme/a', 'acme/b', null),
      environment: oneGroup ? fc.constant('production') : fc.constantFrom('production', 'eu'),
      production: fc.constantFrom(true, true, true, false),
      status: fc.constantFrom('success', 'failure', 'failure', 'canceled') as fc.Arbitrary<MetricDeployment['status']>,
      finishedAt: fc.integer({ min: T0, max: T0 + span }),
    }),
    { maxLength: 40 },
  );

/** What src/reports/load-window-input.ts loads for [from, to): the stretch of whole seconds, and the edges' look-ups. */
function loadedFor(all: readonly MetricDeployment[], from: number, to: number): MetricDeployment[] {
  const lo = Math.floor(from / 1000) * 1000;
  const hi = Math.ceil(to / 1000) * 1000;
  const finished = all.filter(isFinishedProduction);
  const stretch = finished.filter((d) => d.finishedAt >= lo && d.finishedAt < hi);
  const loaded: MetricDeployment[] = [...stretch];
  for (const edge of openStreakEdges(stretch)) {
    const group = finished
      .filter((d) => d.repository === edge.repository && d.environment === edge.environment)
      .sort(compareInStreakOrder);
    if (edge.before) {
      const before = group.filter((d) => d.finishedAt < lo).at(-1);
      if (before !== undefined) loaded.push(before);
    }
    if (edge.after) {
      const after = group.find((d) => d.status === 'success' && d.finishedAt >= hi);
      if (after !== undefined) loaded.push(after);
    }
  }
  return loaded;
}

/** A streak as the figures see it (its later failures past the stretch are not loaded, so not `failureIds`). */
const seen = (streak: FailureStreak) => ({
  repository: streak.repository,
  environment: streak.environment,
  startedAt: streak.startedAt,
  firstFailureId: streak.failureIds[0],
  recoveryId: streak.recoveryId,
  recoveredAt: streak.recoveredAt,
  recoverySeconds: streak.recoverySeconds,
});

describe('openStreakEdges', () => {
  it('the window plus its edges gives the streaks that start in it, as all history does', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom([3000, true] as const, [4000, false] as const, [20_000, false] as const)
          .chain(([span, one]) =>
            fc.tuple(
              deploymentsWithin(span, one),
              fc.integer({ min: T0 - 1000, max: T0 + span + 1000 }),
              fc.integer({ min: 1, max: span + 2000 }),
            ),
          ),
        ([fields, from, length]) => {
          const all = fields.map((f) => makeDeployment(f));
          const to = from + length;
          const inWindow = (streak: FailureStreak) => streak.startedAt >= from && streak.startedAt < to;
          const expected = failureStreaks(all).filter(inWindow).map(seen);
          expect(
            failureStreaks(loadedFor(all, from, to))
              .filter(inWindow)
              .map(seen),
          ).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('names only the groups whose first or last deployment of the stretch failed', () => {
    const stretch = [
      makeDeployment({ repository: 'acme/a', status: 'failure', finishedAt: T0 }),
      makeDeployment({ repository: 'acme/a', status: 'success', finishedAt: T0 + 1000 }),
      makeDeployment({ repository: 'acme/b', status: 'success', finishedAt: T0 }),
      makeDeployment({ repository: 'acme/b', status: 'failure', finishedAt: T0 + 1000 }),
      makeDeployment({ repository: 'acme/c', status: 'success', finishedAt: T0 }),
      // Same second: the failure comes first, so acme/d's stretch starts with a failure.
      makeDeployment({ repository: 'acme/d', status: 'success', finishedAt: T0 + 100 }),
      makeDeployment({ repository: 'acme/d', status: 'failure', finishedAt: T0 + 900 }),
      makeDeployment({ repository: 'acme/d', status: 'success', finishedAt: T0 + 5000 }),
      makeDeployment({ repository: 'acme/e', status: 'canceled', finishedAt: T0 }),
    ];
    const edges = openStreakEdges(stretch).sort((a, b) => (a.repository ?? '').localeCompare(b.repository ?? ''));
    expect(edges).toEqual([
      { repository: 'acme/a', environment: 'production', before: true, after: false },
      { repository: 'acme/b', environment: 'production', before: false, after: true },
      { repository: 'acme/d', environment: 'production', before: true, after: false },
    ]);
  });
});
