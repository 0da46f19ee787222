import { type AncestryPush, BASELINE, type CommitGraph, countsForAncestry, LISTED_BY_PUSH } from './commit-graph.js';

/** A merged pull request of the repository, as the bridge needs it (CONTRACT.md version 2). */
export interface MergedPullRequest {
  readonly number: number;
  /** The commit the merge put on the target branch. */
  readonly mergeCommitSha: string;
  /** The source branch's head when merged; null when no event said. */
  readonly headSha: string | null;
  /** Branch name without `refs/heads/`. */
  readonly targetBranch: string;
  /** Epoch ms; orders the pull requests one deployment brings (then `number`). */
  readonly mergedAt: number;
}

/** A pull request a deployment brought, and whether its own commits replaced its merge push's. */
export interface BroughtPullRequest {
  readonly number: number;
  /** False when its head commits are unknown (no push listed its head): version 1's rule stood. */
  readonly replaced: boolean;
}

/** A merged pull request placed in the graph: its head node (when a push listed it) and its merge push's listed nodes. */
export interface BridgedPullRequest {
  readonly pullRequest: MergedPullRequest;
  readonly head: number | undefined;
  readonly listed: readonly number[];
}

/**
 * The merged pull requests by the graph node of their merge commit (an empty map, built at no
 * cost, without pull requests). The merge's own push is the
 * counted push to `refs/heads/<targetBranch>` whose `after` is the merge commit (the merge commit
 * of a merge, the squash commit of a squash, the last rebased copy of a rebase); its listed
 * commits are the ones to replace (several such pushes: all their commits). A head commit counts
 * as known only when a push listed it.
 */
export function indexPullRequests(
  graph: CommitGraph,
  pushes: readonly AncestryPush[],
  pullRequests: readonly MergedPullRequest[],
): Map<number, BridgedPullRequest[]> {
  const byMerge = new Map<number, BridgedPullRequest[]>();
  if (pullRequests.length === 0) return byMerge;
  const listedByMerge = new Map<string, number[]>();
  for (const push of pushes) {
    if (!countsForAncestry(push)) continue;
    const key = `${push.ref}\n${push.after}`;
    const ids = listedByMerge.get(key) ?? [];
    for (const commit of push.commits) ids.push(graph.index.get(commit.sha) as number);
    listedByMerge.set(key, ids);
  }
  for (const pullRequest of pullRequests) {
    const merge = graph.index.get(pullRequest.mergeCommitSha);
    if (merge === undefined) continue;
    const head = pullRequest.headSha === null ? undefined : graph.index.get(pullRequest.headSha);
    const known = head !== undefined && ((graph.flags[head] as number) & LISTED_BY_PUSH) !== 0;
    const bridged: BridgedPullRequest = {
      pullRequest,
      head: known ? head : undefined,
      listed: listedByMerge.get(`refs/heads/${pullRequest.targetBranch}\n${pullRequest.mergeCommitSha}`) ?? [],
    };
    const list = byMerge.get(merge) ?? [];
    list.push(bridged);
    byMerge.set(merge, list);
  }
  return byMerge;
}

/** Per-node state the walks share: which deployment (by its place in line) took each node; -1 none, -2 before `start`. */
export interface BridgeState {
  readonly graph: CommitGraph;
  readonly owner: Int32Array;
  /** Per-walk marks, so one pull request's walk visits a node once. */
  readonly seen: Int32Array;
  stamp: number;
}

/**
 * What deployment `order` brings through the pull requests whose merge commit its own walk took
 * (`applicable`, in merge order): for each with a known head, its merge push's commits that this
 * deployment took are `replaced`, and the walk from its head brings (into `via`, node → number)
 * every bringable commit no deployment took before, nor this one took for itself or through an
 * earlier pull request. The walk crosses the commits its own merge push listed (a merge commit's
 * pull request commits are among them) and stops anywhere else already taken, another pull
 * request's merge push included. Every node it crosses is taken
 * by this deployment, so a later walk never crosses it again.
 */
export function bridgePullRequests(
  state: BridgeState,
  order: number,
  applicable: readonly BridgedPullRequest[],
  replaced: Set<number>,
  via: Map<number, number>,
): BroughtPullRequest[] {
  const { graph, owner, seen } = state;
  const { flags, timestamps, parentStart, parents } = graph;
  const brought: BroughtPullRequest[] = [];
  const stack: number[] = [];
  for (const { pullRequest, head, listed } of applicable) {
    if (head === undefined) {
      brought.push({ number: pullRequest.number, replaced: false });
      continue;
    }
    const own = new Set<number>();
    for (const id of listed) {
      if (owner[id] !== order || via.has(id)) continue;
      replaced.add(id);
      own.add(id);
    }
    state.stamp += 1;
    stack.push(head);
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (seen[id] === state.stamp) continue;
      seen[id] = state.stamp;
      if (owner[id] === -1) owner[id] = order;
      else if (owner[id] !== order || !own.has(id) || via.has(id)) continue;
      const nodeFlags = flags[id] as number;
      if ((nodeFlags & BASELINE) === 0 && !Number.isNaN(timestamps[id] as number)) via.set(id, pullRequest.number);
      if ((nodeFlags & LISTED_BY_PUSH) === 0) continue;
      const end = parentStart[id + 1] as number;
      for (let edge = parentStart[id] as number; edge < end; edge += 1) stack.push(parents[edge] as number);
    }
    brought.push({ number: pullRequest.number, replaced: true });
  }
  return brought;
}
