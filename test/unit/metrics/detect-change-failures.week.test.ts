import { describe, expect, it } from 'vitest';
import { changeFailureCauses } from '../../../src/metrics/change-failure-causes.js';
import { changeFailureRate } from '../../../src/metrics/change-failure-rate.js';
import { failureStreaks } from '../../../src/metrics/failure-streaks.js';
import { recoveryTimeOfStreaks } from '../../../src/metrics/recovery-time.js';
import { reworkRate } from '../../../src/metrics/rework-rate.js';
import { verdictChangeFailureRate } from '../../../src/metrics/verdict-change-failure-rate.js';
import { verdictStreaks } from '../../../src/metrics/verdict-streaks.js';
import { asMetricDeployment, byId, judge, judged, shuffled } from './detection-factories.js';
import { JUNE_WEEK, WEEK, WEEK_VERDICTS } from './detection-week.js';

describe('the issue’s week', () => {
  it('version 1 sees one failure in twelve, and one streak', () => {
    const metric = WEEK.map(asMetricDeployment);
    expect(changeFailureRate(metric, JUNE_WEEK)).toMatchObject({ failedDeployments: 1, deployments: 12 });
    expect(recoveryTimeOfStreaks(failureStreaks(metric), JUNE_WEEK)).toMatchObject({
      failures: 1,
      recovered: 1,
      medianSeconds: 1800,
    });
  });

  it('finds the rollback, the revert and the hotfix: four failed changes in twelve', () => {
    expect(byId(judge(WEEK))).toEqual(WEEK_VERDICTS);
  });

  it('gives the same verdicts whatever the order of the input', () => {
    for (const seed of [1, 2, 3, 17, 99, 2026, 65_537]) {
      expect(byId(judge(shuffled(WEEK, seed)))).toEqual(WEEK_VERDICTS);
    }
  });

  it('counts the causes, the rework and the recovery streaks by hand', () => {
    for (const seed of [0, 5, 42]) {
      const input = seed === 0 ? WEEK : shuffled(WEEK, seed);
      const deployments = judged(input, judge(input));
      expect(deployments.filter((item) => item.failedChange === true)).toHaveLength(4);
      expect(verdictChangeFailureRate(deployments, JUNE_WEEK)).toEqual({
        failedDeployments: 4,
        deployments: 12,
        rate: 1 / 3,
        level: 'low',
        causes: { failed_status: 1, rollback: 1, revert: 1, hotfix: 1, incident: 0, manual: 0 },
      });
      expect(changeFailureCauses(deployments, JUNE_WEEK)).toEqual({
        failed_status: 1,
        rollback: 1,
        revert: 1,
        hotfix: 1,
        incident: 0,
        manual: 0,
      });
      // Eleven successful deployments; d04, d09 and d11 are rework.
      expect(reworkRate(deployments, JUNE_WEEK)).toEqual({
        reworkDeployments: 3,
        deployments: 11,
        rate: 3 / 11,
        byKind: { rollback: 1, revert: 1, hotfix: 1, manual: 0 },
      });
      const streaks = verdictStreaks(deployments);
      expect(
        streaks.map(({ failureIds, recoveryId, recoverySeconds }) => [failureIds, recoveryId, recoverySeconds]),
      ).toEqual([
        [['d03'], 'd04', 3600],
        [['d06'], 'd07', 1800],
        [['d08'], 'd09', 21_600],
        [['d10'], 'd11', 5400],
      ]);
      // 1800, 3600, 5400, 21600: the median is the mean of the middle two.
      expect(recoveryTimeOfStreaks(streaks, JUNE_WEEK)).toEqual({
        medianSeconds: 4500,
        failures: 4,
        recovered: 4,
        level: 'high',
      });
    }
  });
});
