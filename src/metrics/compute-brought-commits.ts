import type { CommitRef } from '../domain/index.js';
import {
  type BridgedPullRequest,
  type BridgeState,
  type BroughtPullRequest,
  bridgePullRequests,
  indexPullRequests,
  type MergedPullRequest,
} from './bridge-pull-requests.js';
import {
  type AncestryPush,
  BASELINE,
  buildCommitGraph,
  FROM_SHORT_LIST,
  LISTED_BY_PUSH,
  NAMED_BY_PUSH,
} from './commit-graph.js';

/** A successful production deployment of the repository (any production environment). */
export interface AncestryDeployment {
  readonly id: string;
  /** Epoch ms. */
  readonly finishedAt: number;
  /** The deployed commit; null when the provider did not say. */
  readonly sha: string | null;
  /** The commits the deployment lists (generic `commits`); absent when it lists none. */
  readonly listedCommits?: readonly CommitRef[] | undefined;
}

/** One repository's history: every counted-or-not push, every successful production deployment, its merged pull requests. */
export interface RepositoryHistory {
  readonly pushes: readonly AncestryPush[];
  readonly deployments: readonly AncestryDeployment[];
  /** Absent or empty: version 1's rule alone. */
  readonly pullRequests?: readonly MergedPullRequest[] | undefined;
  /**
   * The repository's first push (`firstPush` of all its pushes), when `pushes` holds only the part of the graph the
   * deployments can reach (src/ingest/load-reachable-history.ts); absent: `firstPush(pushes)`.
   */
  readonly baseline?: AncestryPush | null | undefined;
}

/** Where deployments stand in line to bring commits: by `finishedAt`, then by id. */
export interface DeploymentOrderKey {
  readonly finishedAt: number;
  readonly id: string;
}

/**
 * A starting state, to recompute from one deployment on: `brought` must be exactly the shas that
 * the deployments ordered before `from` brought or reached (`shas` and `replacedShas` of an
 * earlier, complete computation: `broughtBefore`).
 */
export interface AncestryStart {
  readonly from: DeploymentOrderKey;
  readonly brought: Iterable<string>;
}

/** What one deployment brought first. */
export interface BroughtCommits {
  readonly deploymentId: string;
  readonly finishedAt: number;
  /** The shas it brought first, oldest commit first (then by sha); null when unknown. */
  readonly shas: readonly string[] | null;
  /** The lead time of each, whole seconds (finishedAt − commit time, 0 when negative); aligned with `shas`. */
  readonly commitLeadTimes: readonly number[] | null;
  /** The deployment's `leadTimeSeconds`: finishedAt − its oldest brought commit; null when none or unknown. */
  readonly leadTimeSeconds: number | null;
  /** False when a push that listed fewer commits than it carried fed it (`commitsComplete`). */
  readonly complete: boolean;
  /** Aligned with `shas`: the number of the pull request each commit came through, null for the others. */
  readonly viaPullRequest: readonly (number | null)[] | null;
  /** The merged pull requests it brought, in merge order. */
  readonly pullRequests: readonly BroughtPullRequest[];
  /** Commits it reached that its pull requests' own commits replaced (squash commits, rebased copies), by sha. */
  readonly replacedShas: readonly string[];
}

export function compareDeploymentOrder(a: DeploymentOrderKey, b: DeploymentOrderKey): number {
  return a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Which commits each successful production deployment of one repository brought first, and their
 * lead times (CONTRACT.md, "Lead time for changes" and "Ancestry comes from push events").
 *
 * Deployments are taken in order (earliest `finishedAt`, then id). A deployment is known when it
 * lists commits or its sha is named by a counted push (listed, or as `before`/`after`); otherwise
 * its commits are unknown (null). A known deployment walks from its listed commits and its sha
 * through every recorded parent link, never visiting a commit twice, and brings each commit it
 * reaches that has a timestamp (listed by a push or a deployment) and is not BASELINE.
 *
 * Invariant: once a walk has visited a commit, it has visited all of that commit's ancestors, so
 * every bringable ancestor is already brought. A later walk can therefore stop at any commit
 * visited before, and the whole computation touches each commit and each link once: O(commits +
 * links), plus sorting each deployment's output. The same invariant makes `start` work: a walk
 * may stop at a commit brought before `start.from`; it may cross again commits that were visited
 * but not brought (baseline or without a timestamp), which brings nothing new, as their ancestors
 * were all visited. So a computation from `start` gives, for the deployments from `start.from`
 * on, exactly what a computation from scratch gives (deployments before it are left out).
 *
 * The bridge (CONTRACT.md version 2, "Commits, pull requests and what a deployment brought"):
 * after a deployment's walk, each merged pull request whose merge commit it reaches (brings by
 * version 1's rule: a commit with a time, not history older than Shipwatch), with a
 * head commit some push listed, has its merge push's listed commits replaced by what the walk
 * from its head brings (`bridgePullRequests`). That walk takes what it crosses for the
 * deployment, so the invariant still holds, and what a deployment reached and had replaced counts
 * as taken for `start` (`replacedShas`). Without pull requests, the result is version 1's.
 *
 * The result does not depend on the order of `pushes`, `deployments` or `pullRequests` in the input.
 */
export function computeBroughtCommits(history: RepositoryHistory, start?: AncestryStart): BroughtCommits[] {
  return [...walkBroughtCommits(history, start)];
}

/**
 * `computeBroughtCommits` one deployment at a time, in deployment order, so that a caller can give the event loop a
 * turn between deployments (src/ingest/refresh-lead-times.ts). The graph is built before the first one.
 */
export function* walkBroughtCommits(history: RepositoryHistory, start?: AncestryStart): Generator<BroughtCommits> {
  const lists: (readonly CommitRef[])[] = [];
  for (const deployment of history.deployments) {
    if (deployment.listedCommits !== undefined) lists.push(deployment.listedCommits);
  }
  const graph =
    history.baseline === undefined
      ? buildCommitGraph(history.pushes, lists)
      : buildCommitGraph(history.pushes, lists, history.baseline);
  const { index, shas, timestamps, flags, parentStart, parents } = graph;
  const bridges = indexPullRequests(graph, history.pushes, history.pullRequests ?? []);
  const owner = new Int32Array(shas.length).fill(-1);
  const state: BridgeState = { graph, owner, seen: new Int32Array(bridges.size === 0 ? 0 : shas.length), stamp: 0 };
  if (start !== undefined) {
    for (const sha of start.brought) {
      const id = index.get(sha);
      if (id !== undefined) owner[id] = -2;
    }
  }
  const ordered = history.deployments
    .filter((deployment) => start === undefined || compareDeploymentOrder(deployment, start.from) >= 0)
    .sort(compareDeploymentOrder);
  const stack: number[] = [];
  for (const [order, deployment] of ordered.entries()) {
    const shaId = deployment.sha === null ? undefined : index.get(deployment.sha);
    const named = shaId !== undefined && ((flags[shaId] as number) & NAMED_BY_PUSH) !== 0;
    if (deployment.listedCommits === undefined && !named) {
      yield {
        deploymentId: deployment.id,
        finishedAt: deployment.finishedAt,
        shas: null,
        commitLeadTimes: null,
        leadTimeSeconds: null,
        complete: true,
        viaPullRequest: null,
        pullRequests: [],
        replacedShas: [],
      };
      continue;
    }
    const roots = (deployment.listedCommits ?? []).map((commit) => index.get(commit.sha) as number);
    if (shaId !== undefined) roots.push(shaId);
    const reached: number[] = [];
    const applicable: BridgedPullRequest[] = [];
    for (const root of roots) {
      if (owner[root] !== -1) continue;
      owner[root] = order;
      stack.push(root);
      while (stack.length > 0) {
        const id = stack.pop() as number;
        const nodeFlags = flags[id] as number;
        if ((nodeFlags & BASELINE) === 0 && !Number.isNaN(timestamps[id] as number)) {
          reached.push(id);
          // A pull request applies when the deployment reaches its merge commit (version 1 would bring it).
          const merged = bridges.size === 0 ? undefined : bridges.get(id);
          if (merged !== undefined) applicable.push(...merged);
        }
        if ((nodeFlags & LISTED_BY_PUSH) === 0) continue;
        const end = parentStart[id + 1] as number;
        for (let edge = parentStart[id] as number; edge < end; edge += 1) {
          const parent = parents[edge] as number;
          if (owner[parent] !== -1) continue;
          owner[parent] = order;
          stack.push(parent);
        }
      }
    }
    applicable.sort(
      (a, b) => a.pullRequest.mergedAt - b.pullRequest.mergedAt || a.pullRequest.number - b.pullRequest.number,
    );
    const replaced = new Set<number>();
    const via = new Map<number, number>();
    const pullRequests = applicable.length === 0 ? [] : bridgePullRequests(state, order, applicable, replaced, via);
    const brought = reached.filter((id) => !replaced.has(id) || via.has(id));
    for (const id of via.keys()) if (!replaced.has(id)) brought.push(id);
    brought.sort(
      (a, b) =>
        (timestamps[a] as number) - (timestamps[b] as number) || ((shas[a] as string) < (shas[b] as string) ? -1 : 1),
    );
    const finishedSecond = Math.floor(deployment.finishedAt / 1000);
    const commitLeadTimes = brought.map((id) =>
      Math.max(0, finishedSecond - Math.floor((timestamps[id] as number) / 1000)),
    );
    yield {
      deploymentId: deployment.id,
      finishedAt: deployment.finishedAt,
      shas: brought.map((id) => shas[id] as string),
      commitLeadTimes,
      leadTimeSeconds: commitLeadTimes[0] ?? null,
      complete: brought.every((id) => ((flags[id] as number) & FROM_SHORT_LIST) === 0),
      viaPullRequest: brought.map((id) => via.get(id) ?? null),
      pullRequests,
      replacedShas: [...replaced].filter((id) => !via.has(id)).map((id) => shas[id] as string),
    };
  }
}

/**
 * The starting state for recomputing from `from` on, out of an earlier result: the shas brought or
 * reached (and replaced) by the deployments ordered before `from`.
 */
export function broughtBefore(results: readonly BroughtCommits[], from: DeploymentOrderKey): AncestryStart {
  const brought = new Set<string>();
  for (const result of results) {
    if (compareDeploymentOrder({ finishedAt: result.finishedAt, id: result.deploymentId }, from) >= 0) continue;
    for (const sha of result.shas ?? []) brought.add(sha);
    for (const sha of result.replacedShas) brought.add(sha);
  }
  return { from, brought };
}
