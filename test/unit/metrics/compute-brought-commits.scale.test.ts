import { describe, expect, it } from 'vitest';
import type { CommitRef } from '../../../src/domain/index.js';
import type { AncestryPush } from '../../../src/metrics/commit-graph.js';
import { type AncestryDeployment, computeBroughtCommits } from '../../../src/metrics/compute-brought-commits.js';

const T0 = Date.UTC(2020, 0, 1);
const shaOf = (n: number) => n.toString(16).padStart(40, 'z');

/** A linear history of `pushCount` pushes of `perPush` commits, each push deployed once. */
function linearHistory(pushCount: number, perPush: number, deployEvery: number) {
  const pushes: AncestryPush[] = [];
  const deployments: AncestryDeployment[] = [];
  let previous = shaOf(0);
  let n = 0;
  for (let push = 0; push < pushCount; push += 1) {
    const commits: CommitRef[] = [];
    for (let k = 0; k < perPush; k += 1) {
      n += 1;
      commits.push({ sha: shaOf(n), timestamp: T0 + n * 60_000 });
    }
    const after = shaOf(n);
    pushes.push({
      id: `p${push}`,
      ref: 'refs/heads/main',
      before: previous,
      after,
      forced: false,
      deleted: false,
      totalCommits: perPush,
      commits,
    });
    if (push % deployEvery === deployEvery - 1) {
      deployments.push({ id: `d${push}`, finishedAt: T0 + n * 60_000 + 3_600_000, sha: after });
    }
    previous = after;
  }
  return { pushes, deployments };
}

describe('computeBroughtCommits at scale', () => {
  it('touches each commit once: 300,000 commits and 30,000 deployments in well under the timeout', () => {
    const history = linearHistory(30_000, 10, 1);
    const started = performance.now();
    const results = computeBroughtCommits(history);
    const elapsed = performance.now() - started;
    expect(results).toHaveLength(30_000);
    expect(results.every((result) => result.shas?.length === 10)).toBe(true);
    // Linear work takes about a second here; a walk that did not stop at visited commits would take hours.
    expect(elapsed).toBeLessThan(20_000);
  });

  it('walks a long history without recursion: one deployment brings 200,000 commits', () => {
    const history = linearHistory(2_000, 100, 2_000);
    const [result] = computeBroughtCommits(history);
    expect(result?.shas).toHaveLength(200_000);
    expect(result?.leadTimeSeconds).toBe((200_000 - 1) * 60 + 3600);
  });
});
