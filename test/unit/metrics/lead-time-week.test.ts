import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommitAuthor, CommitRef } from '../../../src/domain/index.js';
import { DEFAULT_EXCLUDED_AUTHORS, matchesExcludedAuthor } from '../../../src/metrics/author-exclusion.js';
import type { MergedPullRequest } from '../../../src/metrics/bridge-pull-requests.js';
import type { AncestryPush } from '../../../src/metrics/commit-graph.js';
import {
  type BroughtCommits,
  computeBroughtCommits,
  type RepositoryHistory,
} from '../../../src/metrics/compute-brought-commits.js';
import { leadTimeStages } from '../../../src/metrics/lead-time-stages.js';
import { median } from '../../../src/metrics/median.js';
import { at } from './factories.js';

/*
 * The realistic week (issue 15), one repository, all times UTC on Monday 2026-03-02
 * unless said. Lead time of each brought commit = deployment finishedAt − commit time.
 *
 *   baseline   main push from nothing: base (Sun 12:00): history older than Shipwatch
 *   PR #1 squash       feat/a pushes: a1 09:00, a2 09:30; opened 10:30; squash S1 at 12:00; D1 13:00
 *   PR #2 rebase       feat/b pushes: b1 11:00, b2 12:00, then b3 13:00; opened 12:15;
 *                      rebased copies R1 R2 R3 at 14:00; D2 15:00
 *   PR #3 merge commit feat/c pushes: c1 10:00, then c2 13:30; opened 11:00;
 *                      main push lists c1 c2 M3 (M3 16:00); D3 17:00
 *   a fix              direct push f1 17:30; D4 18:30
 *   a revert           direct push rv 19:00 ("Revert ..."); D5 20:00
 *   a hotfix           direct push h1 20:30 ("Hotfix: ..."); D6 21:00
 *   PR #5 bot bump     dependabot/npm/undici push: bot1 Tue 08:00 by dependabot[bot]; opened 08:00;
 *                      squash S5 (author dependabot[bot]) Tue 09:00; D7 Tue 10:00
 *
 * With the bridge (bot commits excluded by the default "*[bot]"):
 *   a1 4 h, a2 3 h 30, b1 4 h, b2 3 h, b3 2 h, c1 7 h, c2 3 h 30, f1 1 h, rv 1 h, h1 30 min
 *   sorted: 0.5 1 1 2 3 | 3.5 3.5 4 4 7 h → median (3 + 3.5) / 2 = 3 h 15 min = 11,700 s
 * Version 1 (merge-to-deploy for squash and rebase, bot excluded too):
 *   S1 1 h, R1 R2 R3 1 h each, c1 7 h, c2 3 h 30, M3 1 h, f1 1 h, rv 1 h, h1 30 min
 *   sorted: 0.5 1 1 1 1 | 1 1 1 3.5 7 h → median 1 h = 3,600 s
 * Stages over PRs #1 #2 #3 #5:
 *   coding  #1 10:30 − 09:00 = 1 h 30; #2 12:15 − 11:00 = 1 h 15; #3 11:00 − 10:00 = 1 h; #5 none (bot only)
 *           → median 1 h 15 = 4,500 s
 *   review  #1 1 h 30, #2 1 h 45, #3 5 h, #5 1 h → (1 h 30 + 1 h 45) / 2 = 1 h 37 min 30 s = 5,850 s
 *   deploy  1 h each → 3,600 s
 */

const person = (name: string, username: string): CommitAuthor => ({
  name,
  email: `${username}@acme.example`,
  username,
});
const ana = person('Ana Lima', 'ana');
const ben = person('Ben Okafor', 'ben');
const chloe = person('Chloé Martin', 'chloe');
const bot: CommitAuthor = {
  name: 'dependabot[bot]',
  email: '49699333+dependabot[bot]@users.noreply.github.com',
  username: 'dependabot[bot]',
};

const authors = new Map<string, CommitAuthor>();
function c(name: string, iso: string, author: CommitAuthor): CommitRef {
  const sha = name.padEnd(40, '_');
  authors.set(sha, author);
  return { sha, timestamp: at(iso), author };
}

const base = c('base', '2026-03-01T12:00:00Z', ana);
const a1 = c('a1', '2026-03-02T09:00:00Z', ana);
const a2 = c('a2', '2026-03-02T09:30:00Z', ana);
const s1 = c('s1-squash', '2026-03-02T12:00:00Z', ana);
const b1 = c('b1', '2026-03-02T11:00:00Z', ben);
const b2 = c('b2', '2026-03-02T12:00:00Z', ben);
const b3 = c('b3', '2026-03-02T13:00:00Z', ben);
const r1 = c('r1-rebased', '2026-03-02T14:00:00Z', ben);
const r2 = c('r2-rebased', '2026-03-02T14:00:00Z', ben);
const r3 = c('r3-rebased', '2026-03-02T14:00:00Z', ben);
const c1 = c('c1', '2026-03-02T10:00:00Z', chloe);
const c2 = c('c2', '2026-03-02T13:30:00Z', chloe);
const m3 = c('m3-merge', '2026-03-02T16:00:00Z', chloe);
const f1 = c('f1-fix', '2026-03-02T17:30:00Z', ben);
const rv = c('rv-revert', '2026-03-02T19:00:00Z', chloe);
const h1 = c('h1-hotfix', '2026-03-02T20:30:00Z', ana);
const bot1 = c('bot1', '2026-03-03T08:00:00Z', bot);
const s5 = c('s5-squash', '2026-03-03T09:00:00Z', bot);

const ZERO = '0'.repeat(40);
let pushCount = 0;
function push(ref: string, before: string, commits: CommitRef[]): AncestryPush {
  pushCount += 1;
  const after = (commits[commits.length - 1] as CommitRef).sha;
  return {
    id: `push${pushCount}`,
    ref: `refs/heads/${ref}`,
    before,
    after,
    forced: false,
    deleted: false,
    totalCommits: commits.length,
    commits,
  };
}

const pushes: AncestryPush[] = [
  push('main', ZERO, [base]),
  push('feat/a', ZERO, [a1, a2]),
  push('main', base.sha, [s1]),
  push('feat/b', ZERO, [b1, b2]),
  push('feat/b', b2.sha, [b3]),
  push('main', s1.sha, [r1, r2, r3]),
  push('feat/c', ZERO, [c1]),
  push('feat/c', c1.sha, [c2]),
  push('main', r3.sha, [c1, c2, m3]),
  push('main', m3.sha, [f1]),
  push('main', f1.sha, [rv]),
  push('main', rv.sha, [h1]),
  push('dependabot/npm_and_yarn/undici-6.21.1', ZERO, [bot1]),
  push('main', h1.sha, [s5]),
];

const deployments = [
  { id: 'D1', finishedAt: at('2026-03-02T13:00:00Z'), sha: s1.sha },
  { id: 'D2', finishedAt: at('2026-03-02T15:00:00Z'), sha: r3.sha },
  { id: 'D3', finishedAt: at('2026-03-02T17:00:00Z'), sha: m3.sha },
  { id: 'D4', finishedAt: at('2026-03-02T18:30:00Z'), sha: f1.sha },
  { id: 'D5', finishedAt: at('2026-03-02T20:00:00Z'), sha: rv.sha },
  { id: 'D6', finishedAt: at('2026-03-02T21:00:00Z'), sha: h1.sha },
  { id: 'D7', finishedAt: at('2026-03-03T10:00:00Z'), sha: s5.sha },
];

interface PullRequestRecord extends MergedPullRequest {
  readonly openedAt: number;
}
const pr = (number: number, merge: CommitRef, head: CommitRef, opened: string): PullRequestRecord => ({
  number,
  mergeCommitSha: merge.sha,
  headSha: head.sha,
  targetBranch: 'main',
  mergedAt: merge.timestamp,
  openedAt: at(opened),
});
const pullRequests = [
  pr(1, s1, a2, '2026-03-02T10:30:00Z'),
  pr(2, r3, b3, '2026-03-02T12:15:00Z'),
  pr(3, m3, c2, '2026-03-02T11:00:00Z'),
  pr(5, s5, bot1, '2026-03-03T08:00:00Z'),
];

const timeOf = new Map(
  [...authors.keys()].map((sha) => [
    sha,
    pushes.flatMap((p) => p.commits).find((x) => x.sha === sha)?.timestamp as number,
  ]),
);

/** What the metrics will say at the pure level: the median over non-excluded brought commits, and the stages. */
function figures(results: readonly BroughtCommits[]) {
  const leadTimes: number[] = [];
  let excluded = 0;
  const stageInputs = [];
  for (const result of results) {
    const through = new Map<number, number[]>();
    for (const [i, sha] of (result.shas ?? []).entries()) {
      if (matchesExcludedAuthor(DEFAULT_EXCLUDED_AUTHORS, authors.get(sha))) {
        excluded += 1;
        continue;
      }
      leadTimes.push(result.commitLeadTimes?.[i] as number);
      const number = result.viaPullRequest?.[i];
      if (number !== null && number !== undefined)
        through.set(number, [...(through.get(number) ?? []), timeOf.get(sha) as number]);
    }
    for (const { number } of result.pullRequests) {
      const record = pullRequests.find((p) => p.number === number) as PullRequestRecord;
      stageInputs.push({
        openedAt: record.openedAt,
        mergedAt: record.mergedAt,
        deployedAt: result.finishedAt,
        commitTimes: through.get(number) ?? [],
      });
    }
  }
  return { medianSeconds: median(leadTimes), commits: leadTimes.length, excluded, stages: leadTimeStages(stageInputs) };
}

const names = (results: readonly BroughtCommits[]) =>
  Object.fromEntries(results.map((r) => [r.deploymentId, (r.shas ?? []).map((s) => s.replace(/_+$/, ''))]));

describe('the realistic week of issue 15, at the pure level', () => {
  const history: RepositoryHistory = { pushes, deployments, pullRequests };

  it('brings each change from its first commit: median 3 h 15 min, and the stages', () => {
    const results = computeBroughtCommits(history);
    expect(names(results)).toEqual({
      D1: ['a1', 'a2'],
      D2: ['b1', 'b2', 'b3'],
      D3: ['c1', 'c2'],
      D4: ['f1-fix'],
      D5: ['rv-revert'],
      D6: ['h1-hotfix'],
      D7: ['bot1'],
    });
    expect(figures(results)).toEqual({
      medianSeconds: 3 * 3600 + 15 * 60,
      commits: 10,
      excluded: 1,
      stages: { codingSeconds: 4500, reviewSeconds: 5850, deploySeconds: 3600 },
    });
  });

  it('version 1 alone says 1 h: merge-to-deploy', () => {
    const results = computeBroughtCommits({ pushes, deployments });
    expect(names(results).D1).toEqual(['s1-squash']);
    expect(figures(results)).toMatchObject({ medianSeconds: 3600, commits: 10, excluded: 1 });
  });

  it('the same figures whatever the order of pushes, deployments and pull requests', () => {
    const expected = figures(computeBroughtCommits(history));
    const shuffle = <T>(items: readonly T[], keys: readonly number[]) =>
      items
        .map((item, i) => ({ item, key: keys[i] ?? 0, i }))
        .sort((x, y) => x.key - y.key || x.i - y.i)
        .map(({ item }) => item);
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
        fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        (pk, dk, rk) => {
          const results = computeBroughtCommits({
            pushes: shuffle(pushes, pk),
            deployments: shuffle(deployments, dk),
            pullRequests: shuffle(pullRequests, rk),
          });
          expect(figures(results)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
