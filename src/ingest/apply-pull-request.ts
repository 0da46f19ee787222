import type { Kysely } from 'kysely';
import type { Database, PullRequestsTable } from '../db/schema.js';
import type { PullRequestEvent } from '../domain/index.js';
import { newSortableId } from '../ids.js';
import { PUSH_STALE_MARGIN_MS } from './apply-push.js';
import { addLineage } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';

export type StoredPullRequest = Omit<
  PullRequestsTable,
  'id' | 'project_id' | 'repository' | 'number' | 'created_at' | 'pending_delete'
>;

/**
 * Stores a pull request event: one row per (project, repository, number), whatever the order its events arrive in
 * (CONTRACT.md version 2). The event with the latest provider time (`updatedAt`; on a tie, a fixed order of the
 * values) wins for title, labels, branches, state and url; `openedAt` is the earliest given. Once merged, a pull
 * request stays merged: the merge (`mergedAt`, merge commit and the head it merged) comes from the earliest merge
 * any event reported and no event clears it. When the merge, or the branch it landed on, changes, the
 * repository's cache of brought commits is marked stale from just before the merge. Nothing changed: `stored`
 * false (the receiver answers `duplicate`); the webhook joins the lineage either way.
 */
export async function applyPullRequest(
  ctx: { db: Kysely<Database>; projectId: string; webhookId: string; now: number },
  event: PullRequestEvent,
): Promise<{ stored: boolean }> {
  const { db } = ctx;
  const existing = await db
    .selectFrom('pull_requests')
    .selectAll()
    .where('project_id', '=', ctx.projectId)
    .where('repository', '=', event.repository)
    .where('number', '=', event.number)
    .executeTakeFirst();
  const incoming = fromEvent(event);
  let id: string;
  let stored: boolean;
  let previous: StoredPullRequest | null = null;
  let next: StoredPullRequest;
  if (existing === undefined) {
    id = newSortableId('pr', ctx.now);
    next = incoming;
    const inserted = await db
      .insertInto('pull_requests')
      .values({
        id,
        project_id: ctx.projectId,
        repository: event.repository,
        number: event.number,
        created_at: ctx.now,
        ...next,
      })
      .onConflict((oc) => oc.columns(['project_id', 'repository', 'number']).doNothing())
      .executeTakeFirst();
    stored = (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
    if (!stored) return applyPullRequest(ctx, event);
  } else {
    id = existing.id;
    previous = existing;
    next = combine(existing, incoming);
    stored = !samePullRequest(existing, next);
    if (stored) await db.updateTable('pull_requests').set(next).where('id', '=', id).execute();
  }
  await addLineage(db, {
    type: 'pull_request',
    recordId: id,
    webhookId: ctx.webhookId,
    projectId: ctx.projectId,
    now: ctx.now,
  });
  if (stored && mergeChanged(previous, next)) {
    const mergedAt = Math.min(next.merged_at ?? ctx.now, previous?.merged_at ?? Number.POSITIVE_INFINITY);
    await markRepositoriesStale(db, ctx.projectId, [event.repository], mergedAt - PUSH_STALE_MARGIN_MS);
  }
  return { stored };
}

export function fromEvent(event: PullRequestEvent): StoredPullRequest {
  const merged = event.mergedAt !== null && event.mergeCommitSha !== null;
  return {
    title: event.title,
    labels: JSON.stringify(event.labels),
    source_branch: event.sourceBranch,
    target_branch: event.targetBranch,
    opened_at: event.openedAt,
    merged_at: merged ? event.mergedAt : null,
    head_sha: event.headSha,
    merge_commit_sha: merged ? event.mergeCommitSha : null,
    state: event.state,
    updated_at: event.updatedAt,
    url: event.url,
  };
}

/** What the latest event decides, as one comparable text: on equal provider times the greater text wins. */
function latestKey(row: StoredPullRequest): string {
  return JSON.stringify([
    row.title,
    row.labels,
    row.source_branch,
    row.target_branch,
    row.state,
    row.head_sha,
    row.url,
  ]);
}

/** The stored row after one more event, the same whichever of the two came first. */
export function combine(current: StoredPullRequest, incoming: StoredPullRequest): StoredPullRequest {
  const incomingWins =
    incoming.updated_at > current.updated_at ||
    (incoming.updated_at === current.updated_at && latestKey(incoming) > latestKey(current));
  const latest = incomingWins ? incoming : current;
  const other = incomingWins ? current : incoming;
  const merge = earliestMerge(current, incoming);
  return {
    title: latest.title,
    labels: latest.labels,
    source_branch: latest.source_branch,
    target_branch: latest.target_branch,
    opened_at: minOrNull(current.opened_at, incoming.opened_at),
    merged_at: merge?.merged_at ?? null,
    // Once merged, the head is the one the merge reported; before, the latest event's (else whichever is known).
    head_sha: merge?.head_sha ?? latest.head_sha ?? other.head_sha,
    merge_commit_sha: merge?.merge_commit_sha ?? null,
    state: merge !== null ? 'merged' : latest.state,
    updated_at: Math.max(current.updated_at, incoming.updated_at),
    url: latest.url ?? other.url,
  };
}

function earliestMerge(a: StoredPullRequest, b: StoredPullRequest): StoredPullRequest | null {
  if (a.merged_at === null) return b.merged_at === null ? null : b;
  if (b.merged_at === null) return a;
  if (a.merged_at !== b.merged_at) return a.merged_at < b.merged_at ? a : b;
  return `${a.merge_commit_sha}\n${a.head_sha}` <= `${b.merge_commit_sha}\n${b.head_sha}` ? a : b;
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

const COLUMNS = [
  'title',
  'labels',
  'source_branch',
  'target_branch',
  'opened_at',
  'merged_at',
  'head_sha',
  'merge_commit_sha',
  'state',
  'updated_at',
  'url',
] as const;

export function samePullRequest(a: StoredPullRequest, b: StoredPullRequest): boolean {
  return COLUMNS.every((column) => a[column] === b[column]);
}

/** Whether what the bridge reads of a merged pull request changed (the brought-commits cache must be recomputed). */
export function mergeChanged(previous: StoredPullRequest | null, next: StoredPullRequest): boolean {
  if (next.merged_at === null) return false;
  if (previous === null) return true;
  return (['merged_at', 'merge_commit_sha', 'head_sha', 'target_branch'] as const).some(
    (column) => previous[column] !== next[column],
  );
}
