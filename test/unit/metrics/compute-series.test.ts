import { describe, expect, it } from 'vitest';
import { bucketsFor } from '../../../src/metrics/buckets-for.js';
import { computeMetrics } from '../../../src/metrics/compute-metrics.js';
import { computeSeries } from '../../../src/metrics/compute-series.js';
import { NO_PULL_REQUEST_FIGURES } from '../../../src/metrics/lead-time.js';
import { windowBetween } from '../../../src/metrics/metric-window.js';
import { at, makeDeployment } from './factories.js';

const iso = (instant: number) => new Date(instant).toISOString();

describe('bucketsFor', () => {
  it('ISO weeks in Paris across the spring change: each 7 days, starting Monday at local midnight', () => {
    const window = windowBetween(at('2026-03-15T23:00:00Z'), at('2026-04-05T22:00:00Z'), 'Europe/Paris');
    const buckets = bucketsFor(window, 'week', 'Europe/Paris');
    expect(buckets.map((bucket) => [iso(bucket.from), iso(bucket.to), bucket.days])).toEqual([
      ['2026-03-15T23:00:00.000Z', '2026-03-22T23:00:00.000Z', 7],
      ['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 7],
      ['2026-03-29T22:00:00.000Z', '2026-04-05T22:00:00.000Z', 7],
    ]);
  });

  it('months, the first and last clipped to the window', () => {
    const window = windowBetween(at('2026-01-15T00:00:00Z'), at('2026-03-10T00:00:00Z'), 'UTC');
    const buckets = bucketsFor(window, 'month', 'UTC');
    expect(buckets.map((bucket) => [iso(bucket.from), iso(bucket.to), bucket.days])).toEqual([
      ['2026-01-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 17],
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 28],
      ['2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z', 9],
    ]);
  });

  it('weeks of a window that starts mid-week and mid-day', () => {
    // Wednesday 2026-03-04 12:00 UTC to Monday 2026-03-16 00:00 UTC.
    const window = windowBetween(at('2026-03-04T12:00:00Z'), at('2026-03-16T00:00:00Z'), 'UTC');
    expect(window.days).toBe(11.5);
    const buckets = bucketsFor(window, 'week', 'UTC');
    expect(buckets.map((bucket) => [iso(bucket.from), iso(bucket.to), bucket.days])).toEqual([
      ['2026-03-04T12:00:00.000Z', '2026-03-09T00:00:00.000Z', 4.5],
      ['2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z', 7],
    ]);
  });

  it('days in Lord Howe are calendar days, whatever their length', () => {
    const window = windowBetween(at('2026-04-03T13:00:00Z'), at('2026-04-06T13:30:00Z'), 'Australia/Lord_Howe');
    const buckets = bucketsFor(window, 'day', 'Australia/Lord_Howe');
    expect(buckets.map((bucket) => [iso(bucket.from), bucket.to - bucket.from, bucket.days])).toEqual([
      ['2026-04-03T13:00:00.000Z', 24 * 3_600_000, 1],
      ['2026-04-04T13:00:00.000Z', 24.5 * 3_600_000, 1],
      ['2026-04-05T13:30:00.000Z', 24 * 3_600_000, 1],
    ]);
  });
});

describe('computeSeries', () => {
  const march = windowBetween(at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'), 'UTC');

  it('fills empty buckets and puts each deployment and streak in its point', () => {
    const deployments = [
      makeDeployment({ status: 'failure', finishedAt: at('2026-02-27T09:00:00Z'), commitLeadTimes: null }),
      makeDeployment({ status: 'success', finishedAt: at('2026-02-28T09:00:00Z') }),
      makeDeployment({ status: 'success', finishedAt: at('2026-03-03T09:00:00Z'), commitLeadTimes: [60, 120] }),
      makeDeployment({ status: 'failure', finishedAt: at('2026-03-03T10:00:00Z'), commitLeadTimes: null }),
      makeDeployment({ status: 'success', finishedAt: at('2026-03-18T10:00:00Z'), commitLeadTimes: [30] }),
    ];
    const series = computeSeries({ deployments }, march, 'week', 'UTC');
    expect(series.interval).toBe('week');
    expect(series.points.map((point) => iso(point.from))).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2026-03-23T00:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
    const [sunday, first, empty, third] = series.points;
    expect(sunday?.deploymentFrequency).toEqual({ deployments: 0, deploymentDays: 0, perDay: 0, level: null });
    expect(first).toMatchObject({
      deploymentFrequency: { deployments: 1, deploymentDays: 1, perDay: 1 / 7, level: 'high' },
      leadTimeForChanges: {
        medianSeconds: 90,
        commits: 2,
        deploymentsWithCommits: 1,
        level: 'elite',
        ...NO_PULL_REQUEST_FIGURES,
      },
      changeFailureRate: { failedDeployments: 1, deployments: 2, rate: 0.5, level: 'low' },
      // The streak starts on the 3rd and recovers on the 18th, two weeks later.
      failedDeploymentRecoveryTime: { medianSeconds: 15 * 86_400, failures: 1, recovered: 1, level: 'low' },
      timeToRestoreService: { medianSeconds: null, incidents: 0, resolved: 0 },
    });
    expect(empty).toEqual({
      from: at('2026-03-09T00:00:00Z'),
      to: at('2026-03-16T00:00:00Z'),
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
    expect(third?.failedDeploymentRecoveryTime.failures).toBe(0);
    expect(third?.deploymentFrequency.deployments).toBe(1);
  });

  it('a day has no deployment frequency level', () => {
    const deployments = [makeDeployment({ status: 'success', finishedAt: at('2026-03-03T09:00:00Z') })];
    const series = computeSeries({ deployments }, march, 'day', 'UTC');
    expect(series.points).toHaveLength(31);
    expect(series.points[2]?.deploymentFrequency).toEqual({
      deployments: 1,
      deploymentDays: 1,
      perDay: 1,
      level: null,
    });
  });

  it('a single month point equals the window figures', () => {
    const deployments = [
      makeDeployment({ status: 'success', finishedAt: at('2026-03-03T09:00:00Z'), commitLeadTimes: [10, 20, 30] }),
      makeDeployment({ status: 'failure', finishedAt: at('2026-03-04T09:00:00Z'), commitLeadTimes: null }),
      makeDeployment({ status: 'success', finishedAt: at('2026-03-05T09:00:00Z') }),
    ];
    const series = computeSeries({ deployments }, march, 'month', 'UTC');
    const { from, to, ...figures } = computeMetrics({ deployments }, march, 'UTC');
    expect(series.points).toEqual([{ from, to, ...figures }]);
  });
});
