import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadTimeStages, type PullRequestStageInput } from '../../../src/metrics/lead-time-stages.js';
import { at } from './factories.js';

const HOUR = 3600;

describe('leadTimeStages', () => {
  it('medians of coding, review and deploy, by hand', () => {
    const prs: PullRequestStageInput[] = [
      // coding 2 h, review 1 h, deploy 30 min
      {
        openedAt: at('2026-03-02T11:00:00Z'),
        mergedAt: at('2026-03-02T12:00:00Z'),
        deployedAt: at('2026-03-02T12:30:00Z'),
        commitTimes: [at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z')],
      },
      // coding 0 (a commit after opening only: negative counts as 0), review 3 h, deploy 1 h
      {
        openedAt: at('2026-03-02T08:00:00Z'),
        mergedAt: at('2026-03-02T11:00:00Z'),
        deployedAt: at('2026-03-02T12:00:00Z'),
        commitTimes: [at('2026-03-02T08:30:00Z')],
      },
      // no non-excluded commit: out of coding only; review 2 h, deploy 0 (deployed "before" merge: 0)
      {
        openedAt: at('2026-03-02T09:00:00Z'),
        mergedAt: at('2026-03-02T11:00:00Z'),
        deployedAt: at('2026-03-02T10:59:00Z'),
        commitTimes: [],
      },
    ];
    // coding [2 h, 0] → 1 h; review [1 h, 3 h, 2 h] → 2 h; deploy [30 min, 1 h, 0] → 30 min.
    const expected = { codingSeconds: HOUR, reviewSeconds: 2 * HOUR, deploySeconds: HOUR / 2 };
    expect(leadTimeStages(prs)).toEqual(expected);
    expect(leadTimeStages([prs[2], prs[0], prs[1]] as PullRequestStageInput[])).toEqual(expected);
  });

  it('each null when none; a pull request without openedAt counts for deploy only', () => {
    expect(leadTimeStages([])).toEqual({ codingSeconds: null, reviewSeconds: null, deploySeconds: null });
    const noOpened = { openedAt: null, mergedAt: at('2026-03-02T11:00:00Z'), deployedAt: at('2026-03-02T11:10:00Z') };
    expect(leadTimeStages([{ ...noOpened, commitTimes: [at('2026-03-01T00:00:00Z')] }])).toEqual({
      codingSeconds: null,
      reviewSeconds: null,
      deploySeconds: 600,
    });
  });

  it('agrees with a sort-based implementation, in any order', () => {
    const reference = (prs: PullRequestStageInput[]) => {
      const med = (values: number[]) => {
        if (values.length === 0) return null;
        const sorted = [...values].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        return sorted.length % 2 === 1
          ? (sorted[mid] as number)
          : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
      };
      const clamp = (ms: number) => (ms < 0 ? 0 : ms / 1000);
      const withOpened = prs.filter((pr) => pr.openedAt !== null);
      return {
        codingSeconds: med(
          withOpened
            .filter((pr) => pr.commitTimes.length > 0)
            .map((pr) => clamp((pr.openedAt as number) - Math.min(...pr.commitTimes))),
        ),
        reviewSeconds: med(withOpened.map((pr) => clamp(pr.mergedAt - (pr.openedAt as number)))),
        deploySeconds: med(prs.map((pr) => clamp(pr.deployedAt - pr.mergedAt))),
      };
    };
    const second = fc.integer({ min: 0, max: 100_000 }).map((s) => 1_700_000_000_000 + s * 1000);
    const pr = fc.record({
      openedAt: fc.option(second, { nil: null }),
      mergedAt: second,
      deployedAt: second,
      commitTimes: fc.array(second, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(pr, { maxLength: 12 }), fc.infiniteStream(fc.nat()), (prs, noise) => {
        const shuffled = prs
          .map((value) => ({ value, key: noise.next().value }))
          .sort((a, b) => a.key - b.key)
          .map(({ value }) => value);
        expect(leadTimeStages(shuffled)).toEqual(reference(prs));
      }),
      { numRuns: 500 },
    );
  });
});
