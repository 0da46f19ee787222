import { describe, expect, it } from 'vitest';
import { changeFailureRate } from '../../../src/metrics/change-failure-rate.js';
import { computeMetrics } from '../../../src/metrics/compute-metrics.js';
import { deploymentFrequency } from '../../../src/metrics/deployment-frequency.js';
import { failureStreaks } from '../../../src/metrics/failure-streaks.js';
import { leadTime, NO_PULL_REQUEST_FIGURES } from '../../../src/metrics/lead-time.js';
import type { MetricDeployment } from '../../../src/metrics/metric-deployment.js';
import { type MetricWindow, windowBetween } from '../../../src/metrics/metric-window.js';
import { recoveryTime } from '../../../src/metrics/recovery-time.js';
import { at, makeDeployment } from './factories.js';

/** March 2026 in UTC: 31 days. */
const MARCH: MetricWindow = windowBetween(at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'), 'UTC');

const success = (iso: string, fields: Partial<MetricDeployment> = {}) =>
  makeDeployment({ status: 'success', finishedAt: at(iso), ...fields });
const failure = (iso: string, fields: Partial<MetricDeployment> = {}) =>
  makeDeployment({ status: 'failure', finishedAt: at(iso), commitLeadTimes: null, ...fields });

describe('computeMetrics', () => {
  it('a window with no deployments: zero counts, null figures, no division by zero', () => {
    expect(computeMetrics({ deployments: [] }, MARCH, 'UTC')).toEqual({
      from: at('2026-03-01T00:00:00Z'),
      to: at('2026-04-01T00:00:00Z'),
      deploymentFrequency: { deployments: 0, deploymentDays: 0, perDay: 0, level: 'low' },
      leadTimeForChanges: {
        medianSeconds: null,
        commits: 0,
        deploymentsWithCommits: 0,
        level: null,
        ...NO_PULL_REQUEST_FIGURES,
      },
      changeFailureRate: {
        failedDeployments: 0,
        deployments: 0,
        rate: null,
        level: null,
        causes: { failed_status: 0, rollback: 0, revert: 0, hotfix: 0, incident: 0, manual: 0 },
      },
      failedDeploymentRecoveryTime: { medianSeconds: null, failures: 0, recovered: 0, level: null },
      reworkRate: {
        reworkDeployments: 0,
        deployments: 0,
        rate: null,
        byKind: { rollback: 0, revert: 0, hotfix: 0, manual: 0 },
      },
      timeToRestoreService: { medianSeconds: null, incidents: 0, resolved: 0 },
    });
  });

  it('a small month, every figure by hand', () => {
    const deployments = [
      success('2026-03-02T09:00:00Z', { commitLeadTimes: [3600, 7200] }),
      failure('2026-03-02T15:00:00Z'),
      success('2026-03-02T16:30:00Z', { commitLeadTimes: [] }),
      success('2026-03-10T09:00:00Z', { commitLeadTimes: [86_400] }),
      success('2026-03-20T09:00:00Z', { commitLeadTimes: null }),
      makeDeployment({ status: 'canceled', finishedAt: at('2026-03-21T09:00:00Z') }),
      makeDeployment({ status: 'in_progress', finishedAt: null }),
      success('2026-03-22T09:00:00Z', { production: false, environment: 'staging', commitLeadTimes: [1] }),
    ];
    expect(computeMetrics({ deployments }, MARCH, 'UTC')).toEqual({
      from: MARCH.from,
      to: MARCH.to,
      // 4 successes on 3 days; 31 days = 4 weeks: 3 days < 4 → medium (3 >= max(1, floor(31/30)) = 1).
      deploymentFrequency: { deployments: 4, deploymentDays: 3, perDay: 4 / 31, level: 'medium' },
      // Lead times 3600, 7200, 86400: median 7200 (< 1 day).
      leadTimeForChanges: {
        medianSeconds: 7200,
        commits: 3,
        deploymentsWithCommits: 2,
        level: 'elite',
        ...NO_PULL_REQUEST_FIGURES,
      },
      changeFailureRate: {
        failedDeployments: 1,
        deployments: 5,
        rate: 0.2,
        level: 'low',
        causes: { failed_status: 1, rollback: 0, revert: 0, hotfix: 0, incident: 0, manual: 0 },
      },
      // The failure at 15:00 recovered at 16:30.
      failedDeploymentRecoveryTime: { medianSeconds: 5400, failures: 1, recovered: 1, level: 'high' },
      // No rule found rework: none of the 4 successful production deployments.
      reworkRate: {
        reworkDeployments: 0,
        deployments: 4,
        rate: 0,
        byKind: { rollback: 0, revert: 0, hotfix: 0, manual: 0 },
      },
      timeToRestoreService: { medianSeconds: null, incidents: 0, resolved: 0 },
    });
  });
});

describe('deployment frequency', () => {
  it('from is inclusive, to exclusive', () => {
    const deployments = [
      success('2026-03-01T00:00:00Z'),
      success('2026-03-31T23:59:59Z'),
      success('2026-04-01T00:00:00Z'),
      success('2026-02-28T23:59:59Z'),
    ];
    expect(deploymentFrequency(deployments, MARCH, 'UTC')).toMatchObject({ deployments: 2, deploymentDays: 2 });
  });

  it('counts deployment days in the project zone: two UTC days can be one local day', () => {
    const deployments = [success('2026-03-01T23:30:00Z'), success('2026-03-02T10:00:00Z')];
    const paris = windowBetween(at('2026-02-28T23:00:00Z'), at('2026-03-31T22:00:00Z'), 'Europe/Paris');
    expect(paris.days).toBe(31);
    expect(deploymentFrequency(deployments, paris, 'Europe/Paris')).toMatchObject({
      deployments: 2,
      deploymentDays: 1,
    });
    expect(deploymentFrequency(deployments, MARCH, 'UTC')).toMatchObject({ deployments: 2, deploymentDays: 2 });
  });

  it('a burst on one day does not make a team elite', () => {
    const deployments = Array.from({ length: 50 }, (_, minute) =>
      success(`2026-03-02T10:${String(minute).padStart(2, '0')}:00Z`),
    );
    expect(deploymentFrequency(deployments, MARCH, 'UTC')).toEqual({
      deployments: 50,
      deploymentDays: 1,
      perDay: 50 / 31,
      level: 'medium',
    });
  });

  it('a team deploying every week over 365 days is high', () => {
    const year = windowBetween(at('2025-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'UTC');
    expect(year.days).toBe(365);
    const deployments: MetricDeployment[] = [];
    // 2025-01-01 is a Wednesday: 53 Wednesdays in 2025.
    for (let day = 0; day < 365; day += 7)
      deployments.push(success(new Date(year.from + day * 86_400_000 + 36_000_000).toISOString()));
    expect(deploymentFrequency(deployments, year, 'UTC')).toEqual({
      deployments: 53,
      deploymentDays: 53,
      perDay: 53 / 365,
      level: 'high',
    });
  });

  it('every working day over 4 weeks is elite', () => {
    const window = windowBetween(at('2026-03-02T00:00:00Z'), at('2026-03-30T00:00:00Z'), 'UTC');
    const deployments: MetricDeployment[] = [];
    for (let day = 0; day < 28; day += 1) {
      if (day % 7 < 5) deployments.push(success(new Date(window.from + day * 86_400_000 + 50_000_000).toISOString()));
    }
    expect(deploymentFrequency(deployments, window, 'UTC')).toMatchObject({ deploymentDays: 20, level: 'elite' });
  });

  it('a long window reads only the days that hold deployments', () => {
    const decades = windowBetween(at('2000-01-01T00:00:00Z'), at('2040-01-01T00:00:00Z'), 'America/New_York');
    const deployments = [
      success('2026-03-08T04:59:59Z'),
      success('2026-03-08T05:00:00Z'),
      success('2031-07-04T12:00:00Z'),
    ];
    const started = performance.now();
    expect(deploymentFrequency(deployments, decades, 'America/New_York')).toMatchObject({
      deployments: 3,
      deploymentDays: 3,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a window under 7 days has no level', () => {
    const window = windowBetween(at('2026-03-02T00:00:00Z'), at('2026-03-08T00:00:00Z'), 'UTC');
    expect(deploymentFrequency([success('2026-03-03T10:00:00Z')], window, 'UTC')).toEqual({
      deployments: 1,
      deploymentDays: 1,
      perDay: 1 / 6,
      level: null,
    });
  });

  it('a week across a daylight-saving change is 7 days', () => {
    const week = windowBetween(at('2026-03-22T23:00:00Z'), at('2026-03-29T22:00:00Z'), 'Europe/Paris');
    expect(week.days).toBe(7);
    const deployments = ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27'].map((day) =>
      success(`${day}T09:00:00Z`),
    );
    expect(deploymentFrequency(deployments, week, 'Europe/Paris')).toEqual({
      deployments: 5,
      deploymentDays: 5,
      perDay: 5 / 7,
      level: 'elite',
    });
  });
});

describe('change failure rate', () => {
  it('counts failed and successful production deployments; changeFailure overrides only the numerator', () => {
    const deployments = [
      success('2026-03-02T09:00:00Z'),
      success('2026-03-03T09:00:00Z', { changeFailure: true }),
      failure('2026-03-04T09:00:00Z'),
      failure('2026-03-05T09:00:00Z', { changeFailure: false }),
      success('2026-03-06T09:00:00Z', { changeFailure: false }),
      failure('2026-03-07T09:00:00Z', { changeFailure: true }),
      makeDeployment({ status: 'canceled', finishedAt: at('2026-03-08T09:00:00Z') }),
      failure('2026-03-09T09:00:00Z', { production: false, environment: 'staging' }),
    ];
    expect(changeFailureRate(deployments, MARCH)).toEqual({
      failedDeployments: 3,
      deployments: 6,
      rate: 0.5,
      level: 'low',
    });
  });

  it('1 in 20 is elite', () => {
    const deployments = [failure('2026-03-02T09:00:00Z')];
    for (let day = 3; day < 22; day += 1)
      deployments.push(success(`2026-03-${String(day).padStart(2, '0')}T09:00:00Z`));
    expect(changeFailureRate(deployments, MARCH)).toEqual({
      failedDeployments: 1,
      deployments: 20,
      rate: 0.05,
      level: 'elite',
    });
  });
});

describe('failed deployment recovery time', () => {
  it('a failure never recovered counts as a failure, not as recovered', () => {
    const deployments = [success('2026-03-01T09:00:00Z'), failure('2026-03-02T09:00:00Z')];
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: null, failures: 1, recovered: 0, level: null });
  });

  it('a failure recovered in another environment does not count as recovered', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z', { environment: 'production' }),
      success('2026-03-02T09:30:00Z', { environment: 'production-eu' }),
    ];
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: null, failures: 1, recovered: 0, level: null });
  });

  it('a streak of two failures is one failure, timed from the first', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z'),
      failure('2026-03-02T09:20:00Z'),
      success('2026-03-02T09:50:00Z'),
    ];
    expect(recoveryTime(deployments, MARCH)).toEqual({
      medianSeconds: 3000,
      failures: 1,
      recovered: 1,
      level: 'elite',
    });
  });

  it('a canceled or unfinished deployment inside a streak neither ends nor extends it', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z'),
      makeDeployment({ status: 'canceled', finishedAt: at('2026-03-02T09:10:00Z') }),
      makeDeployment({ status: 'in_progress', finishedAt: null }),
      success('2026-03-02T11:00:00Z'),
    ];
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: 7200, failures: 1, recovered: 1, level: 'high' });
  });

  it('several repositories: streaks are per repository, the median over all', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z', { repository: 'acme/shop' }),
      failure('2026-03-02T09:05:00Z', { repository: 'acme/api' }),
      success('2026-03-02T09:10:00Z', { repository: 'acme/shop' }),
      success('2026-03-02T11:05:00Z', { repository: 'acme/api' }),
      failure('2026-03-03T09:00:00Z', { repository: null }),
      success('2026-03-05T09:00:00Z', { repository: null }),
    ];
    // 600 s, 7200 s, 172800 s: median 7200.
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: 7200, failures: 3, recovered: 3, level: 'high' });
  });

  it('an even number of recovered streaks: the mean of the middle two', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z'),
      success('2026-03-02T09:00:01Z'),
      failure('2026-03-03T09:00:00Z'),
      success('2026-03-03T09:00:02Z'),
    ];
    expect(recoveryTime(deployments, MARCH)).toMatchObject({ medianSeconds: 1.5, failures: 2, recovered: 2 });
  });

  it('a failure before a success at the same second, then by id', () => {
    const deployments = [success('2026-03-02T09:00:00Z', { id: 'a' }), failure('2026-03-02T09:00:00Z', { id: 'b' })];
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: 0, failures: 1, recovered: 1, level: 'elite' });
    const twoFailures = [failure('2026-03-02T09:00:00Z', { id: 'z' }), failure('2026-03-02T09:00:00Z', { id: 'y' })];
    expect(failureStreaks(twoFailures)[0]?.failureIds).toEqual(['y', 'z']);
  });

  it('a streak that starts before the window is not the window’s, even if it goes on inside it', () => {
    const deployments = [
      failure('2026-02-28T20:00:00Z'),
      failure('2026-03-01T01:00:00Z'),
      success('2026-03-01T02:00:00Z'),
    ];
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: null, failures: 0, recovered: 0, level: null });
  });

  it('a streak that starts in the window may recover after it', () => {
    const deployments = [failure('2026-03-31T23:00:00Z'), success('2026-04-01T01:00:00Z')];
    expect(recoveryTime(deployments, MARCH)).toEqual({ medianSeconds: 7200, failures: 1, recovered: 1, level: 'high' });
  });

  it('streaks follow the verdict (version 2): a failure marked false starts none, a success marked true starts one', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z', { changeFailure: false }),
      success('2026-03-02T10:00:00Z', { changeFailure: true }),
    ];
    expect(recoveryTime(deployments, MARCH)).toMatchObject({ failures: 1, recovered: 0, medianSeconds: null });
    const recovered = [...deployments, success('2026-03-02T10:30:00Z')];
    expect(recoveryTime(recovered, MARCH)).toMatchObject({ failures: 1, recovered: 1, medianSeconds: 1800 });
  });

  it('failureStreaks names the deployments, for drilling down', () => {
    const deployments = [
      failure('2026-03-02T09:00:00Z', { id: 'f1' }),
      failure('2026-03-02T09:20:00Z', { id: 'f2' }),
      success('2026-03-02T09:50:00Z', { id: 's1' }),
    ];
    expect(failureStreaks(deployments)).toEqual([
      {
        repository: 'acme/shop',
        environment: 'production',
        startedAt: at('2026-03-02T09:00:00Z'),
        failureIds: ['f1', 'f2'],
        recoveryId: 's1',
        recoveredAt: at('2026-03-02T09:50:00Z'),
        recoverySeconds: 3000,
      },
    ]);
  });
});

describe('lead time for changes', () => {
  it('the median over every commit, an even count giving the mean of the middle two', () => {
    const deployments = [
      success('2026-03-02T09:00:00Z', { commitLeadTimes: [100, 400] }),
      success('2026-03-03T09:00:00Z', { commitLeadTimes: [200, 301] }),
    ];
    expect(leadTime(deployments, MARCH)).toEqual({
      medianSeconds: 250.5,
      commits: 4,
      deploymentsWithCommits: 2,
      level: 'elite',
      ...NO_PULL_REQUEST_FIGURES,
    });
  });

  it('ignores failed, unknown and out-of-window deployments', () => {
    const deployments = [
      success('2026-02-28T09:00:00Z', { commitLeadTimes: [1] }),
      failure('2026-03-02T09:00:00Z', { commitLeadTimes: [1] }),
      success('2026-03-03T09:00:00Z', { commitLeadTimes: null }),
      success('2026-03-04T09:00:00Z', { commitLeadTimes: [] }),
      success('2026-03-05T09:00:00Z', { commitLeadTimes: [8 * 86_400] }),
    ];
    expect(leadTime(deployments, MARCH)).toEqual({
      medianSeconds: 8 * 86_400,
      commits: 1,
      deploymentsWithCommits: 1,
      level: 'medium',
      ...NO_PULL_REQUEST_FIGURES,
    });
  });
});
