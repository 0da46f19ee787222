import { describe, expect, it } from 'vitest';
import { firstPush } from '../../../src/metrics/commit-graph.js';
import { type BroughtCommits, computeBroughtCommits } from '../../../src/metrics/compute-brought-commits.js';
import { leadTime } from '../../../src/metrics/lead-time.js';
import { windowBetween } from '../../../src/metrics/metric-window.js';
import { at, commit, makeAncestryDeployment as deploy, makeDeployment, makePush, sha } from './factories.js';

const ZERO = '0000000000000000000000000000000000000000';

/** Shas (as names) each deployment brought, by deployment id; null when unknown. */
function broughtNames(results: readonly BroughtCommits[]): Record<string, string[] | null> {
  return Object.fromEntries(
    results.map((result) => [result.deploymentId, result.shas?.map((value) => value.replace(/_+$/, '')) ?? null]),
  );
}

const a = commit('a', '2026-03-01T10:00:00Z');
const b = commit('b', '2026-03-01T11:00:00Z');
const c = commit('c', '2026-03-01T12:00:00Z');
const d = commit('d', '2026-03-01T13:00:00Z');
const e = commit('e', '2026-03-01T14:00:00Z');

describe('computeBroughtCommits', () => {
  it('a deployment brings the listed ancestors of its sha, with their lead times', () => {
    const pushes = [makePush({ before: sha('x'), commits: [a, b, c] })];
    const [result] = computeBroughtCommits({ pushes, deployments: [deploy('d1', '2026-03-02T12:00:00Z', c.sha)] });
    expect(result).toEqual({
      deploymentId: 'd1',
      finishedAt: at('2026-03-02T12:00:00Z'),
      shas: [a.sha, b.sha, c.sha],
      commitLeadTimes: [93_600, 90_000, 86_400],
      leadTimeSeconds: 93_600,
      complete: true,
      viaPullRequest: [null, null, null],
      pullRequests: [],
      replacedShas: [],
    });
  });

  it('each commit is brought once, by the first deployment (by finishedAt, then id), whatever the input order', () => {
    const pushes = [makePush({ before: sha('x'), commits: [a, b] }), makePush({ before: b.sha, commits: [c, d] })];
    const deployments = [
      deploy('late', '2026-03-03T00:00:00Z', d.sha),
      deploy('z-tie', '2026-03-02T00:00:00Z', b.sha),
      deploy('a-tie', '2026-03-02T00:00:00Z', c.sha),
    ];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({
      'a-tie': ['a', 'b', 'c'],
      'z-tie': [],
      late: ['d'],
    });
  });

  it('two production environments: a commit counts once, at the first deployment', () => {
    const pushes = [makePush({ before: sha('x'), commits: [a, b] })];
    const deployments = [deploy('eu', '2026-03-02T10:00:00Z', b.sha), deploy('us', '2026-03-02T11:00:00Z', b.sha)];
    const results = computeBroughtCommits({ pushes, deployments });
    expect(broughtNames(results)).toEqual({ eu: ['a', 'b'], us: [] });
    const metricDeployments = results.map((result, index) =>
      makeDeployment({
        id: result.deploymentId,
        environment: index === 0 ? 'production-eu' : 'production-us',
        finishedAt: result.finishedAt,
        commitLeadTimes: result.commitLeadTimes,
      }),
    );
    const march = windowBetween(at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'), 'UTC');
    expect(leadTime(metricDeployments, march)).toMatchObject({ commits: 2, deploymentsWithCommits: 1 });
  });

  it('a commit newer than its deployment (clock skew) has lead time 0', () => {
    const future = commit('future', '2026-03-02T12:00:05Z');
    const pushes = [makePush({ before: sha('x'), commits: [future] })];
    const [result] = computeBroughtCommits({ pushes, deployments: [deploy('d1', '2026-03-02T12:00:00Z', future.sha)] });
    expect(result?.commitLeadTimes).toEqual([0]);
  });

  it('a mixed graph: a commit with several parents from several pushes, newest-first lists already reversed', () => {
    const base = commit('base', '2026-03-01T09:00:00Z');
    const f1 = commit('f1', '2026-03-01T10:00:00Z');
    const f2 = commit('f2', '2026-03-01T11:00:00Z');
    const m1 = commit('m1', '2026-03-01T10:30:00Z');
    const merge = commit('merge', '2026-03-01T12:00:00Z');
    const pushes = [
      makePush({ ref: 'refs/heads/main', before: sha('x'), commits: [base] }),
      makePush({ ref: 'refs/heads/feature', before: base.sha, commits: [f1, f2] }),
      makePush({ ref: 'refs/heads/main', before: base.sha, commits: [m1] }),
      // Azure DevOps lists the merge push newest first; the parser reversed it to f1, f2, merge.
      makePush({ ref: 'refs/heads/main', before: m1.sha, commits: [f1, f2, merge] }),
    ];
    const deployments = [
      deploy('old', '2026-03-01T09:30:00Z', base.sha),
      deploy('new', '2026-03-02T00:00:00Z', merge.sha),
    ];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({
      old: ['base'],
      new: ['f1', 'm1', 'f2', 'merge'],
    });
  });

  it('GitLab "Test" push repeating commits brings nothing again', () => {
    const pushes = [
      makePush({ before: sha('x'), commits: [a, b, c] }),
      // The Test push replays the 3 newest commits (reversed by the parser); its before is the branch head.
      makePush({ before: c.sha, commits: [a, b, c], after: c.sha }),
    ];
    const deployments = [deploy('d1', '2026-03-02T00:00:00Z', c.sha), deploy('d2', '2026-03-03T00:00:00Z', c.sha)];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({ d1: ['a', 'b', 'c'], d2: [] });
  });

  it('a push whose before is among its commits records no link to it', () => {
    const pushes = [makePush({ before: c.sha, commits: [b, c, d] })];
    // Deploying b must not bring c or d, which a link b → before (c) would reach.
    const deployments = [deploy('d1', '2026-03-02T00:00:00Z', b.sha), deploy('d2', '2026-03-03T00:00:00Z', d.sha)];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({ d1: ['b'], d2: ['c', 'd'] });
  });

  it('a force push does not link to the commits it replaced', () => {
    const b2 = commit('b2', '2026-03-01T15:00:00Z');
    const pushes = [
      makePush({ before: sha('x'), commits: [a, b, c] }),
      makePush({ before: c.sha, forced: true, commits: [b2] }),
    ];
    const deployments = [deploy('d1', '2026-03-02T00:00:00Z', b2.sha), deploy('d2', '2026-03-03T00:00:00Z', a.sha)];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({ d1: ['b2'], d2: ['a'] });
  });

  it('branch deletions and tags are ignored', () => {
    const t = commit('t', '2026-03-01T15:00:00Z');
    const pushes = [
      makePush({ before: sha('x'), commits: [a, b] }),
      makePush({ ref: 'refs/tags/v1', before: b.sha, commits: [t] }),
      makePush({ ref: 'refs/heads/feature', before: b.sha, after: ZERO, deleted: true, commits: [c] }),
    ];
    const deployments = [
      deploy('tag', '2026-03-02T00:00:00Z', t.sha),
      deploy('deleted', '2026-03-02T01:00:00Z', c.sha),
      deploy('main', '2026-03-02T02:00:00Z', b.sha),
    ];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({
      tag: null,
      deleted: null,
      main: ['a', 'b'],
    });
  });

  it('a new branch carrying old history brings only its new commits, and is not the first push', () => {
    const old = commit('old', '2026-02-01T10:00:00Z');
    const f1 = commit('f1', '2026-03-01T16:00:00Z');
    const main = makePush({ before: old.sha, commits: [b, c] });
    // Pushed later, with before all zeros, listing history older than anything seen so far.
    const feature = makePush({ ref: 'refs/heads/feature', before: ZERO, commits: [old, b, c, f1] });
    expect(firstPush([feature, main])).toBe(main);
    const deployments = [deploy('d1', '2026-03-02T00:00:00Z', c.sha), deploy('d2', '2026-03-03T00:00:00Z', f1.sha)];
    expect(broughtNames(computeBroughtCommits({ pushes: [feature, main], deployments }))).toEqual({
      d1: ['old', 'b', 'c'],
      d2: ['f1'],
    });
  });

  it('the first push, when its before is all zeros, gives ancestry but its commits are never brought', () => {
    const old1 = commit('old1', '2025-01-01T10:00:00Z');
    const old2 = commit('old2', '2025-06-01T10:00:00Z');
    const pushes = [makePush({ before: old2.sha, commits: [a, b] }), makePush({ before: ZERO, commits: [old1, old2] })];
    const deployments = [
      deploy('d0', '2026-02-01T00:00:00Z', old2.sha),
      deploy('d1', '2026-03-02T00:00:00Z', b.sha),
      deploy('d2', '2026-03-03T00:00:00Z', old1.sha, [old1]),
    ];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({ d0: [], d1: ['a', 'b'], d2: [] });
  });

  it("GitLab's 20-commit cap: no link before the oldest listed commit, and complete is false", () => {
    const listed = Array.from({ length: 20 }, (_, index) =>
      commit(`c${index + 6}`, `2026-03-01T10:${String(index + 6).padStart(2, '0')}:00Z`),
    );
    const early = [1, 2, 3, 4, 5].map((index) => commit(`c${index}`, `2026-03-01T10:0${index}:00Z`));
    const pushes = [
      makePush({ before: sha('x'), commits: early }),
      makePush({ before: early[4]?.sha ?? '', commits: listed, totalCommits: 25 }),
    ];
    const deployments = [
      deploy('capped', '2026-03-02T00:00:00Z', listed[19]?.sha ?? null),
      deploy('rest', '2026-03-03T00:00:00Z', early[4]?.sha ?? null),
    ];
    const results = computeBroughtCommits({ pushes, deployments });
    expect(results.map((result) => [result.deploymentId, result.shas?.length, result.complete])).toEqual([
      ['capped', 20, false],
      ['rest', 5, true],
    ]);
  });

  it('a deployment of a sha no push named has unknown commits, unless it lists commits', () => {
    const pushes = [makePush({ before: sha('x'), commits: [a, b] })];
    const deployments = [
      deploy('unknown', '2026-03-02T00:00:00Z', sha('nowhere')),
      deploy('no-sha', '2026-03-02T01:00:00Z', null),
      deploy('listing', '2026-03-02T02:00:00Z', sha('elsewhere'), [e]),
      deploy('before-only', '2026-03-02T03:00:00Z', sha('x')),
    ];
    const results = computeBroughtCommits({ pushes, deployments });
    expect(broughtNames(results)).toEqual({ unknown: null, 'no-sha': null, listing: ['e'], 'before-only': [] });
    expect(results[0]).toMatchObject({ shas: null, commitLeadTimes: null, leadTimeSeconds: null });
  });

  it('listed commits bring their recorded ancestors too', () => {
    const pushes = [makePush({ before: sha('x'), commits: [a, b, c] })];
    const deployments = [deploy('generic', '2026-03-02T00:00:00Z', sha('built'), [b])];
    expect(broughtNames(computeBroughtCommits({ pushes, deployments }))).toEqual({ generic: ['a', 'b'] });
  });

  it('a commit listed twice keeps its earliest timestamp', () => {
    const early = { sha: c.sha, timestamp: at('2026-03-01T08:00:00Z') };
    const pushes = [
      makePush({ before: sha('x'), commits: [c] }),
      makePush({ ref: 'refs/heads/other', before: sha('x'), commits: [early] }),
    ];
    const [result] = computeBroughtCommits({ pushes, deployments: [deploy('d1', '2026-03-01T09:00:00Z', c.sha)] });
    expect(result?.commitLeadTimes).toEqual([3600]);
  });

  it('starts from a given state', () => {
    const pushes = [makePush({ before: sha('x'), commits: [a, b, c, d] })];
    const deployments = [deploy('d1', '2026-03-02T00:00:00Z', b.sha), deploy('d2', '2026-03-03T00:00:00Z', d.sha)];
    const results = computeBroughtCommits(
      { pushes, deployments },
      { from: { finishedAt: at('2026-03-03T00:00:00Z'), id: 'd2' }, brought: [a.sha, b.sha] },
    );
    expect(broughtNames(results)).toEqual({ d2: ['c', 'd'] });
  });
});
