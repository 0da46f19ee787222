import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { type CommitRef, isZeroSha } from '../domain/index.js';
import {
  type AncestryPush,
  countsForAncestry,
  firstPush,
  type MergedPullRequest,
  type RepositoryHistory,
} from '../metrics/index.js';
import { loadDeployments } from './load-repository-history.js';

/** IN lists are cut to this size, under SQLite's bound-parameter limit. */
const IN_LIST = 500;
/** Past this many deployments to recompute, pushes read or rounds of look-ups, reading the repository whole costs less. */
const MAX_DEPLOYMENTS = 1000;
const MAX_PUSHES = 2000;
const MAX_ROUNDS = 100;

export interface ReachableHistory {
  /** The deployments from `from` on, and the part of the commit graph they can reach. */
  readonly history: RepositoryHistory;
  /** Which of the graph's shas the deployments before `from` brought or had replaced (`AncestryStart.brought`). */
  readonly broughtBefore: readonly string[];
}

/**
 * What the refresh of one repository from `from` on needs, read by sha rather than whole: the successful
 * production deployments from `from` on (their shas and listed commits the roots), then, round after round, every
 * push that lists a sha still open (whole, so its links and timestamps are those of the full graph), the commits it
 * lists before that sha and its `before` opened in turn, until each open sha is one that a deployment before
 * `from` already took (the walk stops there: `broughtBefore`) or has no parent left; the merged pull requests whose
 * merge commit is open (their head opened too, their merge's own pushes read); the pushes that list or name a root
 * or list a head, even one taken before (whether a deployment or a head is known); and the repository's first push
 * (the baseline), which depends on all of its pushes.
 *
 * Every sha a walk of `computeBroughtCommits` can cross from these roots is so opened with everything the full
 * graph knows of it, so the computation from `broughtBefore` equals the one over the whole repository (checked by
 * test/integration/incremental-caches.test.ts). A new deployment usually reaches a few pushes; when the reachable
 * part is large (a first deployment after an import of pushes) it returns null and the caller reads the repository.
 */
export async function loadReachableHistory(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  from: number,
): Promise<ReachableHistory | null> {
  const deployments = await loadDeployments(db, projectId, repository, from);
  if (deployments.length > MAX_DEPLOYMENTS) return null;
  const pushes = new Map<string, AncestryPush>();
  /** Per push read for a reachable commit, the position up to which its commits were opened. */
  const expandedTo = new Map<string, number>();
  const pullRequests = new Map<number, MergedPullRequest>();
  const broughtBefore: string[] = [];
  const queued = new Set<string>();
  let open: string[] = [];
  const queue = (sha: string) => {
    if (queued.has(sha) || isZeroSha(sha)) return;
    queued.add(sha);
    open.push(sha);
  };
  for (const deployment of deployments) {
    if (deployment.sha !== null) queue(deployment.sha);
    for (const commit of deployment.listedCommits ?? []) queue(commit.sha);
  }
  const scope = { db, projectId, repository };
  // A deployment is known when a push lists or names its sha, even one taken before: those pushes are read (not
  // opened: their other commits are not reachable through them).
  await readPushes(scope, pushes, await pushesNaming(scope, 'before_sha', open));
  await readPushes(scope, pushes, await pushesNaming(scope, 'after_sha', open));
  await readPushes(scope, pushes, await pushesListing(scope, open));
  for (let round = 0; open.length > 0; round += 1) {
    if (round >= MAX_ROUNDS || pushes.size > MAX_PUSHES) return null;
    const shas = open;
    open = [];
    const taken = await takenBefore(scope, shas, from);
    broughtBefore.push(...taken);
    const reachable = shas.filter((sha) => !taken.has(sha));
    if (reachable.length === 0) continue;
    const listing = await pushesListing(scope, reachable);
    await readPushes(scope, pushes, listing);
    const opened = new Set(reachable);
    for (const id of listing) {
      const push = pushes.get(id);
      if (push === undefined || !countsForAncestry(push)) continue;
      // A listed commit's parents in this push are the commits before it and `before`: opened up to the last one
      // reached (the commits after it are its children, reachable only some other way).
      let last = -1;
      push.commits.forEach((commit, position) => {
        if (opened.has(commit.sha)) last = position;
      });
      if (last <= (expandedTo.get(id) ?? -1)) continue;
      expandedTo.set(id, last);
      for (const commit of push.commits.slice(0, last)) queue(commit.sha);
      queue(push.before);
    }
    const merged = await mergedPullRequests(scope, reachable);
    const heads: string[] = [];
    for (const pullRequest of merged) {
      pullRequests.set(pullRequest.number, pullRequest);
      if (pullRequest.headSha !== null) heads.push(pullRequest.headSha);
    }
    // Whether a head is known (a push listed it) holds even for a head taken before: its pushes are read.
    await readPushes(scope, pushes, await pushesListing(scope, heads));
    for (const head of heads) queue(head);
    // The merge's own pushes (`after` the merge commit): the commits its pull request's own replace.
    await readPushes(
      scope,
      pushes,
      await pushesNaming(
        scope,
        'after_sha',
        merged.map((pullRequest) => pullRequest.mergeCommitSha),
      ),
    );
  }
  return {
    history: {
      pushes: [...pushes.values()],
      deployments,
      pullRequests: [...pullRequests.values()],
      baseline: await repositoryFirstPush(scope),
    },
    broughtBefore,
  };
}

interface Scope {
  readonly db: Kysely<Database>;
  readonly projectId: string;
  readonly repository: string;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_LIST) out.push(items.slice(i, i + IN_LIST));
  return out;
}

function livePushes({ db, projectId, repository }: Scope) {
  return db
    .selectFrom('pushes')
    .where('pushes.project_id', '=', projectId)
    .where('pushes.repository', '=', repository)
    .where('pushes.pending_delete', '=', 0);
}

async function pushesNaming(scope: Scope, column: 'before_sha' | 'after_sha', shas: readonly string[]) {
  const ids: string[] = [];
  for (const part of chunks([...new Set(shas)])) {
    const rows = await livePushes(scope).select('id').where(column, 'in', part).execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

async function pushesListing(scope: Scope, shas: readonly string[]) {
  const ids = new Set<string>();
  for (const part of chunks(shas)) {
    const rows = await livePushes(scope)
      .innerJoin('push_commits', 'push_commits.push_id', 'pushes.id')
      .select('pushes.id')
      .distinct()
      .where('push_commits.sha', 'in', part)
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  return [...ids];
}

/** Reads the pushes of `ids` not read yet, each whole, into `pushes`. */
async function readPushes(scope: Scope, pushes: Map<string, AncestryPush>, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids.filter((id) => !pushes.has(id)))) {
    const rows = await livePushes(scope)
      .select(['id', 'ref', 'before_sha', 'after_sha', 'forced', 'deleted', 'total_count'])
      .where('id', 'in', part)
      .execute();
    const commits = await scope.db
      .selectFrom('push_commits')
      .select(['push_id', 'sha', 'timestamp'])
      .where('push_id', 'in', part)
      .orderBy('push_id')
      .orderBy('position')
      .execute();
    const byPush = new Map<string, CommitRef[]>();
    for (const commit of commits) {
      const list = byPush.get(commit.push_id) ?? [];
      list.push({ sha: commit.sha, timestamp: commit.timestamp });
      byPush.set(commit.push_id, list);
    }
    for (const row of rows) {
      pushes.set(row.id, {
        id: row.id,
        ref: row.ref,
        before: row.before_sha,
        after: row.after_sha,
        forced: row.forced === 1,
        deleted: row.deleted === 1,
        totalCommits: row.total_count,
        commits: byPush.get(row.id) ?? [],
      });
    }
  }
}

/** Which of `shas` a deployment finished before `from` brought or reached and had replaced. */
async function takenBefore({ db, projectId, repository }: Scope, shas: readonly string[], from: number) {
  const taken = new Set<string>();
  if (from <= 0) return taken;
  for (const part of chunks(shas)) {
    const rows = await db
      .selectFrom('deployment_commits')
      .select('sha')
      .where('project_id', '=', projectId)
      .where('repository', '=', repository)
      .where('sha', 'in', part)
      .where('finished_at', '<', from)
      .unionAll(
        db
          .selectFrom('deployment_replaced_commits')
          .select('sha')
          .where('project_id', '=', projectId)
          .where('repository', '=', repository)
          .where('sha', 'in', part)
          .where('finished_at', '<', from),
      )
      .execute();
    for (const row of rows) taken.add(row.sha);
  }
  return taken;
}

async function mergedPullRequests({ db, projectId, repository }: Scope, shas: readonly string[]) {
  const found: MergedPullRequest[] = [];
  for (const part of chunks(shas)) {
    const rows = await db
      .selectFrom('pull_requests')
      .select(['number', 'merge_commit_sha', 'head_sha', 'target_branch', 'merged_at'])
      .where('project_id', '=', projectId)
      .where('pending_delete', '=', 0)
      .where('repository', '=', repository)
      .where('merged_at', 'is not', null)
      .where('merge_commit_sha', 'in', part)
      .execute();
    for (const r of rows) {
      found.push({
        number: Number(r.number),
        mergeCommitSha: r.merge_commit_sha as string,
        headSha: r.head_sha,
        targetBranch: r.target_branch,
        mergedAt: r.merged_at as number,
      });
    }
  }
  return found;
}

/**
 * The repository's first push (`firstPush`): among its counted pushes with commits, those whose newest commit is
 * the oldest, then whose oldest commit is, found by the database over all of them; `firstPush` breaks the ties.
 */
async function repositoryFirstPush(scope: Scope): Promise<AncestryPush | null> {
  const newest = sql<number>`max(push_commits.timestamp)`;
  const oldest = sql<number>`min(push_commits.timestamp)`;
  const counted = livePushes(scope)
    .innerJoin('push_commits', 'push_commits.push_id', 'pushes.id')
    .where(sql<boolean>`substr(pushes.ref, 1, 11) = 'refs/heads/'`)
    .where('pushes.deleted', '=', 0)
    .where(sql<boolean>`replace(pushes.after_sha, '0', '') <> ''`)
    .groupBy('pushes.id');
  const first = await counted
    .select([newest.as('newest'), oldest.as('oldest')])
    .orderBy(newest)
    .orderBy(oldest)
    .limit(1)
    .executeTakeFirst();
  if (first === undefined) return null;
  const tied = await counted
    .select('pushes.id')
    .having(newest, '=', Number(first.newest))
    .having(oldest, '=', Number(first.oldest))
    .execute();
  const candidates = new Map<string, AncestryPush>();
  await readPushes(
    scope,
    candidates,
    tied.map((row) => row.id),
  );
  return firstPush([...candidates.values()]);
}
