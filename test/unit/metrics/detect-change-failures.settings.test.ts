import { describe, expect, it } from 'vitest';
import { changeFailureCauses } from '../../../src/metrics/change-failure-causes.js';
import type { DetectionDeployment } from '../../../src/metrics/detection-deployment.js';
import { reworkRate } from '../../../src/metrics/rework-rate.js';
import { verdictStreaks } from '../../../src/metrics/verdict-streaks.js';
import { bringing, byId, deployment, judge, judged } from './detection-factories.js';
import { JUNE_WEEK, notFailed, WEEK, WEEK_VERDICTS } from './detection-week.js';

function withFields(id: string, fields: Partial<DetectionDeployment>): DetectionDeployment[] {
  return WEEK.map((item) => (item.id === id ? { ...item, ...fields } : item));
}

const failedIds = (deployments: readonly DetectionDeployment[], settings = {}) =>
  [...judge(deployments, settings).values()].filter((verdict) => verdict.failedChange === true).map(({ id }) => id);

describe('failureDetection turns the rules off one by one, over all history at once', () => {
  it('rollback off: the rolled-back deployment is no failure and the rollback no rework', () => {
    const verdicts = byId(judge(WEEK, { rollback: false }));
    expect(verdicts).toEqual({ ...WEEK_VERDICTS, d03: notFailed, d04: notFailed });
  });

  it('revert off', () => {
    expect(byId(judge(WEEK, { revert: false }))).toEqual({ ...WEEK_VERDICTS, d08: notFailed, d09: notFailed });
  });

  it('hotfixKeywords [] turns hotfix off; other keywords find other hotfixes', () => {
    expect(byId(judge(WEEK, { hotfixKeywords: [] }))).toEqual({ ...WEEK_VERDICTS, d10: notFailed, d11: notFailed });
    // "search": d10 ("Speed up search") is a hotfix and fails d09; d11 follows a hotfix, so it fails nothing.
    expect(failedIds(WEEK, { hotfixKeywords: ['search'] })).toEqual(['d03', 'd06', 'd08', 'd09']);
    expect(byId(judge(WEEK, { hotfixKeywords: ['search'] })).d11?.rework).toEqual({ kind: 'hotfix', of: 'd09' });
    // "Fix search timeout" is d11's subject: "search timeout" matches it, "timeout search" does not.
    expect(failedIds(WEEK, { hotfixKeywords: ['timeout search'] })).toEqual(['d03', 'd06', 'd08']);
    expect(failedIds(WEEK, { hotfixKeywords: ['Search Timeout'] })).toEqual(['d03', 'd06', 'd08', 'd10']);
  });

  it('incidents: an attributed incident fails its deployment unless the rule is off', () => {
    const deployments = withFields('d12', { incidentIds: ['inc-7', 'inc-3'] });
    expect(byId(judge(deployments)).d12).toEqual({
      failedChange: true,
      failureCauses: [
        { kind: 'incident', by: 'inc-3', detail: 'incident inc-3 is attributed to this deployment' },
        { kind: 'incident', by: 'inc-7', detail: 'incident inc-7 is attributed to this deployment' },
      ],
      rework: null,
    });
    expect(changeFailureCauses(judged(deployments, judge(deployments)), JUNE_WEEK)).toMatchObject({ incident: 1 });
    expect(byId(judge(deployments, { incidents: false })).d12).toEqual(notFailed);
  });

  it('every rule off leaves the failed status alone', () => {
    const settings = { rollback: false, revert: false, hotfixKeywords: [], incidents: false };
    expect(failedIds(WEEK, settings)).toEqual(['d06']);
  });
});

describe('a person’s marks change the verdict, the streaks and the counts', () => {
  it('changeFailure false overrules the causes, which stay listed; the streak goes', () => {
    const deployments = withFields('d03', { changeFailure: false });
    const verdicts = judge(deployments);
    expect(byId(verdicts).d03).toEqual({ ...WEEK_VERDICTS.d03, failedChange: false });
    const all = judged(deployments, verdicts);
    expect(changeFailureCauses(all, JUNE_WEEK)).toMatchObject({ rollback: 0, failed_status: 1 });
    expect(verdictStreaks(all).map((streak) => streak.failureIds)).toEqual([['d06'], ['d08'], ['d10']]);
  });

  it('changeFailure true on a success starts a streak and counts as manual', () => {
    const deployments = withFields('d12', { changeFailure: true });
    const all = judged(deployments, judge(deployments));
    expect(byId(judge(deployments)).d12).toEqual({ ...notFailed, failedChange: true });
    expect(changeFailureCauses(all, JUNE_WEEK)).toMatchObject({ manual: 1 });
    expect(verdictStreaks(all).at(-1)).toMatchObject({ failureIds: ['d12'], recoveryId: null, recoverySeconds: null });
  });

  it('changeFailure true on a failed deployment counts under failed_status and manual', () => {
    const deployments = withFields('d06', { changeFailure: true });
    expect(changeFailureCauses(judged(deployments, judge(deployments)), JUNE_WEEK)).toMatchObject({
      failed_status: 1,
      manual: 1,
    });
  });

  it('a failed deployment marked false neither starts, extends nor ends a streak', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { status: 'failure' }),
      deployment('b', '2026-06-01T09:10:00Z', { status: 'failure', changeFailure: false }),
      deployment('c', '2026-06-01T09:30:00Z'),
      deployment('d', '2026-06-01T10:00:00Z', { status: 'failure', changeFailure: false }),
      deployment('e', '2026-06-01T10:30:00Z'),
    ];
    const streaks = verdictStreaks(judged(deployments, judge(deployments)));
    expect(streaks).toEqual([
      {
        repository: 'acme/shop',
        environment: 'production',
        startedAt: deployments[0]?.finishedAt,
        failureIds: ['a'],
        recoveryId: 'c',
        recoveredAt: deployments[2]?.finishedAt,
        recoverySeconds: 1800,
      },
    ]);
  });

  it('reworkOverride: true keeps an automatic kind or makes manual; false makes none; only successes are rework', () => {
    let deployments = withFields('d04', { reworkOverride: true });
    deployments = deployments.map((item) => {
      if (item.id === 'd12') return { ...item, reworkOverride: true };
      if (item.id === 'd11') return { ...item, reworkOverride: false };
      if (item.id === 'd06') return { ...item, reworkOverride: true };
      return item;
    });
    const verdicts = byId(judge(deployments));
    expect(verdicts.d04?.rework).toEqual({ kind: 'rollback', of: 'd02' });
    expect(verdicts.d12?.rework).toEqual({ kind: 'manual', of: null });
    expect(verdicts.d11?.rework).toBeNull();
    expect(verdicts.d06?.rework).toBeNull();
    // The hotfix still fails d10: the mark is about rework only.
    expect(verdicts.d10?.failedChange).toBe(true);
    expect(reworkRate(judged(deployments, judge(deployments)), JUNE_WEEK)).toEqual({
      reworkDeployments: 3,
      deployments: 11,
      rate: 3 / 11,
      byKind: { rollback: 1, revert: 1, hotfix: 0, manual: 1 },
    });
  });
});

describe('what is not judged', () => {
  it('canceled and unfinished deployments have no verdict; a failed staging one fails by its status alone', () => {
    const deployments = [
      deployment('c', '2026-06-01T09:00:00Z', { status: 'canceled', incidentIds: ['inc-1'] }),
      deployment('p', '2026-06-01T09:00:00Z', { status: 'in_progress', finishedAt: null }),
      deployment('s', '2026-06-01T09:00:00Z', { status: 'failure', environment: 'staging', production: false }),
      bringing('h', '2026-06-01T10:00:00Z', 'ab'.repeat(20), [], {
        environment: 'staging',
        production: false,
        ref: 'hotfix/x',
      }),
    ];
    expect(byId(judge(deployments))).toEqual({
      c: { failedChange: null, failureCauses: [], rework: null },
      h: notFailed,
      p: { failedChange: null, failureCauses: [], rework: null },
      s: {
        failedChange: true,
        failureCauses: [{ kind: 'failed_status', by: null, detail: 'the deployment’s status is failure' }],
        rework: null,
      },
    });
  });

  it('the window selects what is counted; verdicts come from all history', () => {
    const all = judged(WEEK, judge(WEEK));
    const thursday = { from: Date.parse('2026-06-04T00:00:00Z'), to: Date.parse('2026-06-05T00:00:00Z'), days: 1 };
    expect(changeFailureCauses(all, thursday)).toEqual({
      failed_status: 0,
      rollback: 0,
      revert: 1,
      hotfix: 0,
      incident: 0,
      manual: 0,
    });
    expect(reworkRate(all, thursday)).toEqual({
      reworkDeployments: 1,
      deployments: 2,
      rate: 0.5,
      byKind: { rollback: 0, revert: 1, hotfix: 0, manual: 0 },
    });
    const empty = { from: Date.parse('2026-07-01T00:00:00Z'), to: Date.parse('2026-07-02T00:00:00Z'), days: 1 };
    expect(reworkRate(all, empty)).toEqual({
      reworkDeployments: 0,
      deployments: 0,
      rate: null,
      byKind: { rollback: 0, revert: 0, hotfix: 0, manual: 0 },
    });
  });
});
