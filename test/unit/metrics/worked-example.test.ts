import { describe, expect, it } from 'vitest';
import { computeBroughtCommits } from '../../../src/metrics/compute-brought-commits.js';
import { computeMetrics } from '../../../src/metrics/compute-metrics.js';
import { NO_PULL_REQUEST_FIGURES } from '../../../src/metrics/lead-time.js';
import type { MetricDeployment } from '../../../src/metrics/metric-deployment.js';
import { parseWindow } from '../../../src/metrics/parse-window.js';
import { statusVerdict } from '../../../src/metrics/stored-verdict.js';
import { at, commit, makeAncestryDeployment, makePush } from './factories.js';

/** The worked example of docs/METRICS.md, kept true by this test. Times are Paris time (UTC+1 in early March). */
describe('docs/METRICS.md worked example', () => {
  it('gives the figures the document shows', () => {
    const o1 = commit('o1', '2025-11-03T09:00:00+01:00');
    const o2 = commit('o2', '2025-11-04T09:00:00+01:00');
    const a = commit('a', '2026-03-02T09:00:00+01:00');
    const b = commit('b', '2026-03-02T10:00:00+01:00');
    const c = commit('c', '2026-03-03T14:00:00+01:00');
    const d = commit('d', '2026-03-04T11:00:00+01:00');
    const e = commit('e', '2026-03-04T15:00:00+01:00');
    const pushes = [
      makePush({ before: '0000000000000000000000000000000000000000', commits: [o1, o2] }),
      makePush({ before: o2.sha, commits: [a, b] }),
      makePush({ before: b.sha, commits: [c] }),
      makePush({ before: c.sha, commits: [d, e] }),
    ];
    const production: (Pick<MetricDeployment, 'id' | 'status' | 'finishedAt' | 'changeFailure'> & {
      sha: string;
    })[] = [
      { id: 'D1', status: 'success', finishedAt: at('2026-03-02T11:00:00+01:00'), sha: b.sha, changeFailure: null },
      { id: 'D2', status: 'failure', finishedAt: at('2026-03-03T16:00:00+01:00'), sha: c.sha, changeFailure: null },
      { id: 'D3', status: 'success', finishedAt: at('2026-03-03T17:30:00+01:00'), sha: c.sha, changeFailure: null },
      { id: 'D4', status: 'success', finishedAt: at('2026-03-05T09:00:00+01:00'), sha: e.sha, changeFailure: null },
      { id: 'D5', status: 'canceled', finishedAt: at('2026-03-06T09:00:00+01:00'), sha: e.sha, changeFailure: null },
      { id: 'D6', status: 'success', finishedAt: at('2026-03-06T10:00:00+01:00'), sha: e.sha, changeFailure: true },
    ];
    const successes = production.filter((deployment) => deployment.status === 'success');
    const brought = computeBroughtCommits({
      pushes,
      deployments: successes.map((deployment) =>
        makeAncestryDeployment(deployment.id, new Date(deployment.finishedAt ?? 0).toISOString(), deployment.sha),
      ),
    });
    expect(brought.map((result) => [result.deploymentId, result.commitLeadTimes])).toEqual([
      ['D1', [7200, 3600]],
      ['D3', [12_600]],
      ['D4', [79_200, 64_800]],
      ['D6', []],
    ]);
    const leadTimes = new Map(brought.map((result) => [result.deploymentId, result.commitLeadTimes]));
    const deployments: MetricDeployment[] = production.map(({ sha: _sha, ...deployment }) => ({
      ...deployment,
      repository: 'acme/shop',
      environment: 'production',
      production: true,
      commitLeadTimes: leadTimes.get(deployment.id) ?? null,
      ...statusVerdict(deployment),
    }));
    deployments.push({
      id: 'S1',
      repository: 'acme/shop',
      environment: 'staging',
      production: false,
      status: 'failure',
      finishedAt: at('2026-03-04T10:00:00+01:00'),
      changeFailure: null,
      commitLeadTimes: null,
      ...statusVerdict({ status: 'failure', changeFailure: null }),
    });
    const window = parseWindow({ from: '2026-03-02', to: '2026-03-09' }, 'Europe/Paris', at('2026-03-20T12:00:00Z'));
    if (!window.ok) throw new Error(window.message);
    const report = computeMetrics({ deployments }, window.window, 'Europe/Paris');
    expect({ ...report, from: new Date(report.from).toISOString(), to: new Date(report.to).toISOString() }).toEqual({
      from: '2026-03-01T23:00:00.000Z',
      to: '2026-03-08T23:00:00.000Z',
      deploymentFrequency: { deployments: 4, deploymentDays: 4, perDay: 0.5714285714285714, level: 'high' },
      leadTimeForChanges: {
        medianSeconds: 12_600,
        commits: 5,
        deploymentsWithCommits: 3,
        level: 'elite',
        ...NO_PULL_REQUEST_FIGURES,
      },
      changeFailureRate: {
        failedDeployments: 2,
        deployments: 5,
        rate: 0.4,
        level: 'low',
        causes: { failed_status: 1, rollback: 0, revert: 0, hotfix: 0, incident: 0, manual: 1 },
      },
      // Version 2: streaks follow the verdict, so D6 (marked true) starts a streak that has not recovered.
      failedDeploymentRecoveryTime: { medianSeconds: 5400, failures: 2, recovered: 1, level: 'high' },
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
