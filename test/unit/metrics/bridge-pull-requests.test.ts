import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommitRef } from '../../../src/domain/index.js';
import type { MergedPullRequest } from '../../../src/metrics/bridge-pull-requests.js';
import type { AncestryPush } from '../../../src/metrics/commit-graph.js';
import {
  type AncestryDeployment,
  type BroughtCommits,
  broughtBefore,
  computeBroughtCommits,
  type RepositoryHistory,
} from '../../../src/metrics/compute-brought-commits.js';
import { at, commit, makeAncestryDeployment as deploy, makePush, sha } from './factories.js';

const ZERO = '0'.repeat(40);
const name = (full: string) => full.replace(/_+$/, '');

function brought(results: readonly BroughtCommits[]): Record<string, string[] | null> {
  return Object.fromEntries(results.map((r) => [r.deploymentId, r.shas === null ? null : r.shas.map(name)]));
}

const base = commit('base', '2026-03-01T08:00:00Z');
const a1 = commit('a1', '2026-03-02T09:00:00Z');
const a2 = commit('a2', '2026-03-02T10:00:00Z');
const squash = commit('squash', '2026-03-02T12:00:00Z');
const pr = (fields: Partial<MergedPullRequest> = {}): MergedPullRequest => ({
  number: 1,
  mergeCommitSha: squash.sha,
  headSha: a2.sha,
  targetBranch: 'main',
  mergedAt: squash.timestamp,
  ...fields,
});

describe('the pull request bridge, by hand', () => {
  const baseline = makePush({ before: ZERO, commits: [base] });
  const feature = makePush({ ref: 'refs/heads/feat/a', before: ZERO, commits: [a1, a2] });
  const merge = makePush({ before: base.sha, commits: [squash] });
  const d1 = deploy('d1', '2026-03-02T13:00:00Z', squash.sha);

  it('a squash merge: the deployment brings the pull request commits instead of the squash commit', () => {
    const [result] = computeBroughtCommits({
      pushes: [baseline, feature, merge],
      deployments: [d1],
      pullRequests: [pr()],
    });
    expect(result).toMatchObject({
      shas: [a1.sha, a2.sha],
      commitLeadTimes: [4 * 3600, 3 * 3600],
      viaPullRequest: [1, 1],
      pullRequests: [{ number: 1, replaced: true }],
      replacedShas: [squash.sha],
    });
  });

  it("without the pull request, or without a push listing its head, version 1's rule stands", () => {
    const v1 = computeBroughtCommits({ pushes: [baseline, feature, merge], deployments: [d1] });
    expect(brought(v1)).toEqual({ d1: ['squash'] });
    const unknownHead = computeBroughtCommits({ pushes: [baseline, merge], deployments: [d1], pullRequests: [pr()] });
    expect(brought(unknownHead)).toEqual({ d1: ['squash'] });
    expect(unknownHead[0]?.pullRequests).toEqual([{ number: 1, replaced: false }]);
    expect(unknownHead[0]?.viaPullRequest).toEqual([null]);
  });

  it('a merge push to another branch than the target is not the merge push', () => {
    const results = computeBroughtCommits({
      pushes: [baseline, feature, merge],
      deployments: [d1],
      pullRequests: [pr({ targetBranch: 'release' })],
    });
    // The merge commit is reached, nothing is replaced, and the head walk still brings the pull request's commits.
    expect(brought(results)).toEqual({ d1: ['a1', 'a2', 'squash'] });
  });

  it('commits an earlier production deployment reached are not brought again through the pull request', () => {
    // The feature branch itself was deployed to production first (d0 at a1).
    const d0 = deploy('d0', '2026-03-02T09:30:00Z', a1.sha);
    const results = computeBroughtCommits({
      pushes: [baseline, feature, merge],
      deployments: [d1, d0],
      pullRequests: [pr()],
    });
    expect(brought(results)).toEqual({ d0: ['a1'], d1: ['a2'] });
  });

  it('a pull request whose merge commit a later deployment reaches is brought by that one only', () => {
    const next = commit('next', '2026-03-02T14:00:00Z');
    const after = makePush({ before: squash.sha, commits: [next] });
    const d0 = deploy('d0', '2026-03-02T11:00:00Z', base.sha);
    const d2 = deploy('d2', '2026-03-02T15:00:00Z', next.sha);
    const results = computeBroughtCommits({
      pushes: [baseline, feature, merge, after],
      deployments: [d2, d0],
      pullRequests: [pr()],
    });
    expect(brought(results)).toEqual({ d0: [], d2: ['a1', 'a2', 'next'] });
    expect(results[1]?.viaPullRequest).toEqual([1, 1, null]);
  });

  it('a merge commit no push listed (only named as `after`) is not reached: nothing is replaced', () => {
    const unlisted = makePush({ before: base.sha, after: squash.sha, commits: [] });
    const results = computeBroughtCommits({
      pushes: [baseline, feature, unlisted],
      deployments: [d1],
      pullRequests: [pr()],
    });
    expect(brought(results)).toEqual({ d1: [] });
    expect(results[0]?.pullRequests).toEqual([]);
  });

  it('a merge commit: the pull request commits stay, the merge commit leaves', () => {
    const merged = commit('merged', '2026-03-02T12:00:00Z');
    const mergePush = makePush({ before: base.sha, commits: [a1, a2, merged] });
    const results = computeBroughtCommits({
      pushes: [baseline, feature, mergePush],
      deployments: [deploy('d1', '2026-03-02T13:00:00Z', merged.sha)],
      pullRequests: [pr({ mergeCommitSha: merged.sha })],
    });
    expect(brought(results)).toEqual({ d1: ['a1', 'a2'] });
    expect(results[0]?.replacedShas).toEqual([merged.sha]);
  });
});

/**
 * A random week on one repository, generated with its truth: a main line of events (a direct
 * push, or a pull request merged by squash, rebase or merge commit, whose feature branch pushes
 * and pull request event may be missing), deployments of points of the main line in any order.
 */
interface Event {
  readonly kind: 'direct' | 'squash' | 'rebase' | 'merge';
  readonly size: number;
  readonly headKnown: boolean;
  readonly prKnown: boolean;
}

const weekArbitrary = fc.record({
  events: fc.array(
    fc.record({
      kind: fc.constantFrom('direct', 'squash', 'rebase', 'merge') as fc.Arbitrary<Event['kind']>,
      size: fc.integer({ min: 1, max: 3 }),
      headKnown: fc.boolean(),
      prKnown: fc.boolean(),
    }),
    { minLength: 1, maxLength: 7 },
  ),
  deployments: fc.array(fc.record({ point: fc.nat(), slot: fc.integer({ min: 0, max: 30 }) }), { maxLength: 8 }),
});

interface Week {
  readonly history: RepositoryHistory;
  /** The truth: per event, the commits it brings and the pull request they come through. */
  readonly expectedBy: readonly {
    shas: string[];
    via: number | null;
    pr: { number: number; replaced: boolean } | null;
  }[];
}

interface WeekInput {
  readonly events: readonly Event[];
  readonly deployments: readonly { readonly point: number; readonly slot: number }[];
}

function buildWeek({ events, deployments }: WeekInput): Week {
  const T = at('2026-03-02T00:00:00Z');
  const c = (label: string, minutes: number): CommitRef => ({
    sha: label.padEnd(40, '_'),
    timestamp: T + minutes * 60_000,
  });
  const root = c('root', -600);
  const pushes: AncestryPush[] = [
    {
      id: 'p-root',
      ref: 'refs/heads/main',
      before: ZERO,
      after: root.sha,
      forced: false,
      deleted: false,
      totalCommits: 1,
      commits: [root],
    },
  ];
  const pullRequests: MergedPullRequest[] = [];
  const heads = [root.sha];
  const expectedBy: Week['expectedBy'][number][] = [];
  events.forEach((event, e) => {
    const clock = (e + 1) * 120;
    const before = heads[heads.length - 1] as string;
    const push = (id: string, ref: string, from: string, commits: CommitRef[]) =>
      pushes.push({
        id,
        ref,
        before: from,
        after: (commits[commits.length - 1] as CommitRef).sha,
        forced: false,
        deleted: false,
        totalCommits: commits.length,
        commits,
      });
    if (event.kind === 'direct') {
      const direct = c(`d${e}`, clock);
      push(`p${e}`, 'refs/heads/main', before, [direct]);
      heads.push(direct.sha);
      expectedBy.push({ shas: [direct.sha], via: null, pr: null });
      return;
    }
    const own = Array.from({ length: event.size }, (_, j) => c(`f${e}_${j}`, clock - 100 + j));
    if (event.headKnown) {
      // The branch is created by its first commit's push, then each further commit is pushed on its own.
      for (const [j, commit] of own.entries()) {
        push(`f${e}_${j}`, `refs/heads/feature-${e}`, j === 0 ? ZERO : (own[j - 1] as CommitRef).sha, [commit]);
      }
    }
    const landed =
      event.kind === 'squash'
        ? [c(`s${e}`, clock)]
        : event.kind === 'rebase'
          ? own.map((_, j) => c(`r${e}_${j}`, clock))
          : [...own, c(`m${e}`, clock)];
    push(`p${e}`, 'refs/heads/main', before, landed);
    const merge = (landed[landed.length - 1] as CommitRef).sha;
    heads.push(merge);
    const number = e + 1;
    if (event.prKnown) {
      pullRequests.push({
        number,
        mergeCommitSha: merge,
        headSha: (own[own.length - 1] as CommitRef).sha,
        targetBranch: 'main',
        mergedAt: T + clock * 60_000,
      });
    }
    // A merge commit's push lists the pull request's own commits, its head among them: the head is known.
    const headListed = event.headKnown || event.kind === 'merge';
    const bridged = event.prKnown && headListed;
    expectedBy.push({
      shas: (bridged ? own : landed).map((commit) => commit.sha),
      via: bridged ? number : null,
      pr: event.prKnown ? { number, replaced: headListed } : null,
    });
  });
  const ancestryDeployments: AncestryDeployment[] = deployments.map((deployment, index) => ({
    id: `dep${index}`,
    finishedAt: T + 86_400_000 + deployment.slot * 3_600_000,
    sha: heads[deployment.point % heads.length] as string,
  }));
  return { history: { pushes, deployments: ancestryDeployments, pullRequests }, expectedBy };
}

/** The independent answer: deployments in order; each brings the events up to its point that no earlier one covered. */
function expectedResults(week: Week) {
  const heads = [...week.history.pushes.filter((p) => p.ref === 'refs/heads/main').map((p) => p.after)];
  const ordered = [...week.history.deployments].sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
  let covered = 0;
  return ordered.map((deployment) => {
    const point = heads.indexOf(deployment.sha as string);
    const events = week.expectedBy.slice(covered, Math.max(covered, point));
    covered = Math.max(covered, point);
    const pairs = events
      .flatMap((event) => event.shas.map((s) => [s, event.via] as const))
      .sort((x, y) => (x[0] < y[0] ? -1 : 1));
    return {
      id: deployment.id,
      shas: pairs.map(([s]) => s),
      via: pairs.map(([, v]) => v),
      pullRequests: events.flatMap((event) => (event.pr === null ? [] : [event.pr])),
    };
  });
}

function actualResults(history: RepositoryHistory) {
  return computeBroughtCommits(history).map((result) => {
    const pairs = (result.shas ?? [])
      .map((s, i) => [s, result.viaPullRequest?.[i] ?? null] as const)
      .sort((x, y) => (x[0] < y[0] ? -1 : 1));
    return {
      id: result.deploymentId,
      shas: pairs.map(([s]) => s),
      via: pairs.map(([, v]) => v),
      pullRequests: result.pullRequests,
    };
  });
}

function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ item }) => item);
}

describe('the pull request bridge, properties', () => {
  it('agrees with the truth of a generated week, in order and shuffled', () => {
    fc.assert(
      fc.property(weekArbitrary, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (input, keys) => {
        const week = buildWeek(input);
        const expected = expectedResults(week);
        expect(actualResults(week.history)).toEqual(expected);
        const { pushes, deployments, pullRequests = [] } = week.history;
        const reordered = {
          pushes: shuffled(pushes, keys),
          deployments: shuffled(deployments, [...keys].reverse()),
          pullRequests: shuffled(pullRequests, keys),
        };
        expect(actualResults(reordered)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('recomputing from a starting state equals recomputing from scratch', () => {
    fc.assert(
      fc.property(weekArbitrary, fc.nat(), (input, pick) => {
        const { history } = buildWeek(input);
        const full = computeBroughtCommits(history);
        if (full.length === 0) return;
        const from = full[pick % full.length] as BroughtCommits;
        const key = { finishedAt: from.finishedAt, id: from.deploymentId };
        expect(computeBroughtCommits(history, broughtBefore(full, key))).toEqual(full.slice(pick % full.length));
      }),
      { numRuns: 300 },
    );
  });
});

it('sha factory pads names (sanity of the helpers above)', () => {
  expect(name(sha('a1'))).toBe('a1');
});
