import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/metrics/compute-metrics.js';
import { type MetricWindow, windowBetween } from '../../../src/metrics/metric-window.js';
import {
  type LeadTimePieces,
  pooledLeadTime,
  poolProjectInputs,
  projectInput,
} from '../../../src/metrics/pool-projects.js';
import { at, makeDeployment } from './factories.js';

const WEEK: MetricWindow = windowBetween(at('2026-03-01T00:00:00Z'), at('2026-03-08T00:00:00Z'), 'UTC');

const pieces = (leadTimes: number[], fields: Partial<LeadTimePieces> = {}): LeadTimePieces => ({
  leadTimes: Float64Array.from(leadTimes),
  deploymentsWithCommits: 1,
  excludedCommits: 0,
  pullRequests: [],
  ...fields,
});

describe('pooledLeadTime', () => {
  it('takes the median over every pooled value, not the mean of the medians, and sums the counts', () => {
    const a = pieces([3600, 7200, 3600], { deploymentsWithCommits: 2, excludedCommits: 1 });
    const b = pieces([86_400, 43_200, 3600], { deploymentsWithCommits: 2 });
    expect(pooledLeadTime([a]).medianSeconds).toBe(3600);
    expect(pooledLeadTime([b]).medianSeconds).toBe(43_200);
    expect(pooledLeadTime([a, b])).toMatchObject({
      medianSeconds: 5400,
      commits: 6,
      deploymentsWithCommits: 4,
      excludedCommits: 1,
      level: 'elite',
    });
    // The pieces are left as they were (the same pieces give each project's own figure too).
    expect([...a.leadTimes]).toEqual([3600, 7200, 3600]);
  });

  it('pools the pull requests before taking the stage medians', () => {
    const pr = (openedAt: string, mergedAt: string) => ({
      openedAt: at(openedAt),
      mergedAt: at(mergedAt),
      deployedAt: at('2026-03-03T00:00:00Z'),
      commitTimes: [],
    });
    const a = pieces([], { pullRequests: [pr('2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z')] });
    const b = pieces([], {
      pullRequests: [
        pr('2026-03-01T00:00:00Z', '2026-03-01T10:00:00Z'),
        pr('2026-03-01T00:00:00Z', '2026-03-01T12:00:00Z'),
      ],
    });
    expect(pooledLeadTime([a, b])).toMatchObject({ pullRequests: 3, stages: { reviewSeconds: 36_000 } });
  });

  it('over nothing: no median, zero counts', () => {
    expect(pooledLeadTime([])).toMatchObject({
      medianSeconds: null,
      commits: 0,
      deploymentsWithCommits: 0,
      level: null,
    });
  });
});

describe('poolProjectInputs', () => {
  it('keeps each project’s streaks: a success of one project never ends the other’s streak of the same repository', () => {
    const repository = 'acme/shared';
    const a = projectInput(
      [
        makeDeployment({
          repository,
          status: 'failure',
          finishedAt: at('2026-03-03T12:00:00Z'),
          commitLeadTimes: null,
        }),
        makeDeployment({ repository, finishedAt: at('2026-03-03T14:00:00Z') }),
      ],
      [],
      [pieces([])],
    );
    const b = projectInput([makeDeployment({ repository, finishedAt: at('2026-03-03T13:00:00Z') })], [], [pieces([])]);
    const pooled = poolProjectInputs([a, b], 1);
    const report = computeMetrics(pooled.input, WEEK, 'UTC', pooled.leadTimes[0]);
    expect(report.failedDeploymentRecoveryTime).toMatchObject({ medianSeconds: 7200, failures: 1, recovered: 1 });
    expect(report.deploymentFrequency).toMatchObject({ deployments: 2, deploymentDays: 1 });
    // Concatenated as one project, the groups would merge: B's success would end A's streak after an hour.
    const merged = computeMetrics({ deployments: pooled.input.deployments }, WEEK, 'UTC');
    expect(merged.failedDeploymentRecoveryTime.medianSeconds).toBe(3600);
  });
});
