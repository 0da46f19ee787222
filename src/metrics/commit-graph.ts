import { type CommitRef, isZeroSha, type PushEvent } from '../domain/index.js';

/** A push as the ancestry needs it: the domain's push, identified (its id only breaks ties). */
export type AncestryPush = Pick<
  PushEvent,
  'ref' | 'before' | 'after' | 'forced' | 'deleted' | 'totalCommits' | 'commits'
> & {
  readonly id: string;
};

/** Node flags. */
export const LISTED_BY_PUSH = 1;
export const NAMED_BY_PUSH = 2;
export const BASELINE = 4;
export const FROM_SHORT_LIST = 8;

/**
 * One repository's commit graph, built from its pushes (and the commits deployments list):
 * nodes are shas, numbered; `parentStart`/`parents` hold each node's parents (CSR layout).
 */
export interface CommitGraph {
  readonly index: ReadonlyMap<string, number>;
  readonly shas: readonly string[];
  /** Commit time in epoch ms, NaN when no push or deployment listed the commit. */
  readonly timestamps: Float64Array;
  readonly flags: Uint8Array;
  readonly parentStart: Int32Array;
  readonly parents: Int32Array;
}

/** Whether a push counts for ancestry: to a branch (`refs/heads/*`), not deleting it. */
export function countsForAncestry(push: AncestryPush): boolean {
  return push.ref.startsWith('refs/heads/') && !push.deleted && !isZeroSha(push.after);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * "The first push seen for a repository", decided from the data rather than from arrival order:
 * the counted push whose newest listed commit (its head, the best stand-in for when the push
 * happened) is the oldest; ties go to the oldest first listed commit, then the smallest `after`,
 * `ref`, `id`. A new branch pushed later that lists old history is not the first push: its head
 * is new.
 */
export function firstPush(pushes: readonly AncestryPush[]): AncestryPush | null {
  let first: AncestryPush | null = null;
  let firstNewest = Number.POSITIVE_INFINITY;
  let firstOldest = Number.POSITIVE_INFINITY;
  for (const push of pushes) {
    if (push.commits.length === 0 || !countsForAncestry(push)) continue;
    let newest = Number.NEGATIVE_INFINITY;
    let oldest = Number.POSITIVE_INFINITY;
    for (const commit of push.commits) {
      newest = Math.max(newest, commit.timestamp);
      oldest = Math.min(oldest, commit.timestamp);
    }
    const order =
      first === null
        ? -1
        : newest - firstNewest ||
          oldest - firstOldest ||
          compareText(push.after, first.after) ||
          compareText(push.ref, first.ref) ||
          compareText(push.id, first.id);
    if (order < 0) {
      first = push;
      firstNewest = newest;
      firstOldest = oldest;
    }
  }
  return first;
}

/**
 * Builds the graph (CONTRACT.md, "Ancestry comes from push events"): each listed commit's parent
 * is the one before it in its push; the first one's is the push's `before`, unless `before` is all
 * zeros, the push is forced, `before` is among the listed commits, or the push lists fewer commits
 * than it carries (whose commits are then flagged FROM_SHORT_LIST). Every push adds its own links.
 * The first push's commits, when its `before` is all zeros, are flagged BASELINE (`baseline`: the repository's
 * first push, `firstPush(pushes)` unless `pushes` is only part of the repository's).
 * A commit listed several times keeps its earliest timestamp, so the order of the input does not matter.
 */
export function buildCommitGraph(
  pushes: readonly AncestryPush[],
  deploymentLists: readonly (readonly CommitRef[])[],
  baseline: AncestryPush | null = firstPush(pushes),
): CommitGraph {
  const index = new Map<string, number>();
  const shas: string[] = [];
  const times: number[] = [];
  const flagList: number[] = [];
  const children: number[] = [];
  const parentsOf: number[] = [];
  const node = (sha: string): number => {
    let id = index.get(sha);
    if (id === undefined) {
      id = shas.length;
      index.set(sha, id);
      shas.push(sha);
      times.push(Number.NaN);
      flagList.push(0);
    }
    return id;
  };
  const list = (commit: CommitRef, flags: number): number => {
    const id = node(commit.sha);
    const known = times[id] as number;
    if (!(known <= commit.timestamp)) times[id] = commit.timestamp;
    flagList[id] = (flagList[id] as number) | flags;
    return id;
  };
  for (const push of pushes) {
    if (!countsForAncestry(push)) continue;
    const short = push.commits.length < push.totalCommits;
    const flags =
      LISTED_BY_PUSH |
      NAMED_BY_PUSH |
      (short ? FROM_SHORT_LIST : 0) |
      (push.id === baseline?.id && isZeroSha(push.before) ? BASELINE : 0);
    let previous = -1;
    for (const commit of push.commits) {
      const id = list(commit, flags);
      if (previous >= 0) {
        children.push(id);
        parentsOf.push(previous);
      }
      previous = id;
    }
    const after = node(push.after);
    flagList[after] = (flagList[after] as number) | NAMED_BY_PUSH;
    if (isZeroSha(push.before)) continue;
    const before = node(push.before);
    flagList[before] = (flagList[before] as number) | NAMED_BY_PUSH;
    const oldest = push.commits[0];
    if (oldest === undefined || push.forced || short) continue;
    if (push.commits.some((commit) => commit.sha === push.before)) continue;
    children.push(index.get(oldest.sha) as number);
    parentsOf.push(before);
  }
  for (const commits of deploymentLists) for (const commit of commits) list(commit, 0);
  const parentStart = new Int32Array(shas.length + 1);
  for (const child of children) parentStart[child + 1] = (parentStart[child + 1] as number) + 1;
  for (let id = 0; id < shas.length; id += 1) {
    parentStart[id + 1] = (parentStart[id + 1] as number) + (parentStart[id] as number);
  }
  const fill = parentStart.slice(0, shas.length);
  const parents = new Int32Array(children.length);
  for (let edge = 0; edge < children.length; edge += 1) {
    const child = children[edge] as number;
    parents[fill[child] as number] = parentsOf[edge] as number;
    fill[child] = (fill[child] as number) + 1;
  }
  return {
    index,
    shas,
    timestamps: Float64Array.from(times),
    flags: Uint8Array.from(flagList),
    parentStart,
    parents,
  };
}
