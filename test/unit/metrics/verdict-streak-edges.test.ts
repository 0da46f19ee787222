import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openVerdictStreakEdges, takesPartInVerdictStreaks } from '../../../src/metrics/verdict-streak-edges.js';
import { type VerdictStreakMember, verdictStreaks } from '../../../src/metrics/verdict-streaks.js';

const T0 = Date.UTC(2026, 5, 1);

const historyArbitrary = fc
  .array(
    fc.record({
      repository: fc.constantFrom('acme/a', 'acme/b', null),
      environment: fc.constantFrom('production', 'production-eu'),
      status: fc.constantFrom('success', 'success', 'failure', 'failure', 'canceled'),
      failed: fc.boolean(),
      second: fc.integer({ min: 0, max: 40 }),
    }),
    { maxLength: 30 },
  )
  .map((picks) =>
    picks.map(
      (pick, index): VerdictStreakMember => ({
        id: `d${String(index).padStart(2, '0')}`,
        repository: pick.repository,
        environment: pick.environment,
        production: true,
        status: pick.status,
        finishedAt: T0 + pick.second * 1000,
        failedChange: pick.status === 'canceled' ? null : pick.failed,
      }),
    ),
  );

describe('openVerdictStreakEdges', () => {
  it('a stretch plus the edges it names gives the streaks that start in it, as all history does', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 0, max: 41 }), fc.integer({ min: 0, max: 41 }), (all, a, b) => {
        const [lo, hi] = [T0 + Math.min(a, b) * 1000, T0 + Math.max(a, b) * 1000];
        const inStretch = (d: VerdictStreakMember) => d.finishedAt !== null && d.finishedAt >= lo && d.finishedAt < hi;
        const stretch = all.filter(inStretch);
        const sameGroup = (d: VerdictStreakMember, e: { repository: string | null; environment: string }) =>
          d.repository === e.repository && d.environment === e.environment;
        const added: VerdictStreakMember[] = [];
        for (const edge of openVerdictStreakEdges(stretch)) {
          // Contract order within a group: seconds, then failure first, then id; the history is in whole seconds.
          const order = (d: VerdictStreakMember) =>
            `${String(d.finishedAt).padStart(16, '0')}${d.status === 'failure' ? 0 : 1}${d.id}`;
          const group = all
            .filter((d) => sameGroup(d, edge) && d.status !== 'canceled')
            .sort((x, y) => (order(x) < order(y) ? -1 : 1));
          if (edge.before) {
            const before = group.filter((d) => (d.finishedAt as number) < lo && takesPartInVerdictStreaks(d)).at(-1);
            if (before !== undefined) added.push(before);
          }
          if (edge.after) {
            const after = group.find(
              (d) => (d.finishedAt as number) >= hi && d.status === 'success' && d.failedChange !== true,
            );
            if (after !== undefined) added.push(after);
          }
        }
        // The same start and recovery; the failures after the stretch are not read, so failureIds may be shorter.
        const settled = (streaks: ReturnType<typeof verdictStreaks>) =>
          streaks
            .filter((s) => s.startedAt >= lo && s.startedAt < hi)
            .map(({ failureIds, ...rest }) => ({ ...rest, first: failureIds[0] }));
        expect(settled(verdictStreaks([...stretch, ...added]))).toEqual(settled(verdictStreaks(all)));
      }),
      { numRuns: 500 },
    );
  });

  it('names a group whose first deployment taking part failed, skipping a failure marked false', () => {
    const deployment = (id: string, status: 'success' | 'failure', failedChange: boolean, second: number) => ({
      id,
      repository: 'acme/a',
      environment: 'production',
      production: true,
      status,
      finishedAt: T0 + second * 1000,
      failedChange,
    });
    expect(
      openVerdictStreakEdges([
        deployment('a', 'failure', false, 1),
        deployment('b', 'success', true, 2),
        deployment('c', 'success', false, 3),
      ]),
    ).toEqual([{ repository: 'acme/a', environment: 'production', before: true, after: false }]);
    expect(
      openVerdictStreakEdges([deployment('a', 'success', false, 1), deployment('b', 'failure', false, 2)]),
    ).toEqual([]);
  });
});
