import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommitRef } from '../../../src/domain/index.js';
import type { AncestryPush } from '../../../src/metrics/commit-graph.js';
import {
  type AncestryDeployment,
  broughtBefore,
  computeBroughtCommits,
  type RepositoryHistory,
} from '../../../src/metrics/compute-brought-commits.js';

const ZERO = '0000000000000000000000000000000000000000';
const T0 = Date.UTC(2026, 0, 1);

/**
 * A random repository: commits whose real parent is an earlier commit (so branches and merges),
 * pushes that list a run of real ancestry (forced, capped, to tags, deleting, or from nothing,
 * at random), and deployments of known and unknown shas, some listing commits, some at the same time.
 */
const historyArbitrary = fc
  .record({
    commitCount: fc.integer({ min: 1, max: 40 }),
    parentPicks: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    timePicks: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 40, maxLength: 40 }),
    pushes: fc.array(
      fc.record({
        head: fc.nat(),
        length: fc.integer({ min: 0, max: 6 }),
        zeroBefore: fc.boolean(),
        forced: fc.boolean(),
        capped: fc.boolean(),
        ref: fc.constantFrom('refs/heads/main', 'refs/heads/main', 'refs/heads/feature', 'refs/tags/v1'),
        deleted: fc.boolean(),
        lateClock: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    deployments: fc.array(
      fc.record({
        target: fc.nat(),
        unknown: fc.boolean(),
        noSha: fc.boolean(),
        lists: fc.boolean(),
        time: fc.integer({ min: 0, max: 20 }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ commitCount, parentPicks, timePicks, pushes, deployments }): RepositoryHistory => {
    const commits: CommitRef[] = [];
    const parent: number[] = [];
    let time = T0;
    for (let index = 0; index < commitCount; index += 1) {
      time += ((timePicks[index] ?? 0) % 3) * 60_000;
      commits.push({ sha: `c${index}`.padEnd(40, '_'), timestamp: time });
      parent.push(index === 0 ? -1 : (parentPicks[index] ?? 0) % index);
    }
    const ancestryPushes: AncestryPush[] = pushes.map((push, index) => {
      const run: CommitRef[] = [];
      let cursor = push.head % commitCount;
      while (cursor >= 0 && run.length < push.length) {
        const listed = commits[cursor] as CommitRef;
        // Another provider may date the same commit differently (author vs committer date).
        run.unshift(push.lateClock ? { sha: listed.sha, timestamp: listed.timestamp + 30_000 } : listed);
        cursor = parent[cursor] as number;
      }
      const head = commits[push.head % commitCount] as CommitRef;
      return {
        id: `p${index}`,
        ref: push.ref,
        before: push.zeroBefore || cursor < 0 ? ZERO : (commits[cursor] as CommitRef).sha,
        after: push.deleted ? ZERO : head.sha,
        forced: push.forced,
        deleted: push.deleted && push.length % 2 === 0,
        totalCommits: run.length + (push.capped ? 3 : 0),
        commits: run,
      };
    });
    const ancestryDeployments: AncestryDeployment[] = deployments.map((deployment, index) => {
      const target = commits[deployment.target % commitCount] as CommitRef;
      const sha = deployment.noSha ? null : deployment.unknown ? `unknown${index}`.padEnd(40, '_') : target.sha;
      const base = { id: `d${index}`, finishedAt: T0 + 86_400_000 + deployment.time * 3_600_000, sha };
      return deployment.lists ? { ...base, listedCommits: [target] } : base;
    });
    return { pushes: ancestryPushes, deployments: ancestryDeployments };
  });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed || 1;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

describe('computeBroughtCommits, properties', () => {
  it('does not depend on the order of pushes and deployments in the input', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 1, max: 1_000_000 }), (history, seed) => {
        const reordered = {
          pushes: shuffled(history.pushes, seed),
          deployments: shuffled(history.deployments, seed + 1),
        };
        expect(computeBroughtCommits(reordered)).toEqual(computeBroughtCommits(history));
      }),
      { numRuns: 500 },
    );
  });

  it('recomputing from a starting state equals recomputing from scratch', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.nat(), (history, pick) => {
        const full = computeBroughtCommits(history);
        if (full.length === 0) return;
        const startAt = full[pick % full.length];
        if (startAt === undefined) return;
        const from = { finishedAt: startAt.finishedAt, id: startAt.deploymentId };
        const incremental = computeBroughtCommits(history, broughtBefore(full, from));
        expect(incremental).toEqual(full.slice(pick % full.length));
      }),
      { numRuns: 500 },
    );
  });

  it('never brings a commit twice, and brings only listed commits', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const listed = new Set<string>();
        for (const push of history.pushes) for (const listedCommit of push.commits) listed.add(listedCommit.sha);
        for (const deployment of history.deployments) {
          for (const listedCommit of deployment.listedCommits ?? []) listed.add(listedCommit.sha);
        }
        const seen = new Set<string>();
        for (const result of computeBroughtCommits(history)) {
          for (const brought of result.shas ?? []) {
            expect(seen.has(brought)).toBe(false);
            expect(listed.has(brought)).toBe(true);
            seen.add(brought);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
