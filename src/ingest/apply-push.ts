import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PushEvent } from '../domain/index.js';
import { newSortableId } from '../ids.js';
import { insertCommits } from './insert-commits.js';
import { addLineage } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';

/** How far before a push's oldest commit the cache of brought commits is recomputed (clock skew between hosts). */
export const PUSH_STALE_MARGIN_MS = 24 * 3600 * 1000;

/** A push's identity: stored once per repository, ref, before and after, whichever webhook brought it. */
export function pushKeyOf(push: PushEvent): string {
  return [push.repository, push.ref, push.before, push.after].join('\n');
}

/**
 * Stores a push once per (repository, ref, before, after), whichever webhook brought it, with its listed commits
 * (oldest to newest) and its lineage. The ancestry rules (which pushes count) are applied when lead time is
 * computed, so every push is kept as sent.
 */
export async function applyPush(
  ctx: { db: Kysely<Database>; projectId: string; webhookId: string; now: number },
  push: PushEvent,
): Promise<{ stored: boolean }> {
  const { db } = ctx;
  const pushKey = pushKeyOf(push);
  const firstCommitAt = push.commits.length === 0 ? null : Math.min(...push.commits.map((c) => c.timestamp));
  const inserted = await db
    .insertInto('pushes')
    .values({
      id: newSortableId('psh', ctx.now),
      project_id: ctx.projectId,
      repository: push.repository,
      ref: push.ref,
      before_sha: push.before,
      after_sha: push.after,
      forced: push.forced ? 1 : 0,
      deleted: push.deleted ? 1 : 0,
      listed_count: push.commits.length,
      total_count: Math.max(push.totalCommits, push.commits.length),
      first_commit_at: firstCommitAt,
      received_at: ctx.now,
      push_key: pushKey,
    })
    .onConflict((oc) => oc.columns(['project_id', 'push_key']).doNothing())
    .executeTakeFirst();
  const row = await db
    .selectFrom('pushes')
    .select('id')
    .where('project_id', '=', ctx.projectId)
    .where('push_key', '=', pushKey)
    .executeTakeFirstOrThrow();
  await addLineage(db, {
    type: 'push',
    recordId: row.id,
    webhookId: ctx.webhookId,
    projectId: ctx.projectId,
    now: ctx.now,
  });
  const stored = (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
  if (!stored) return { stored };
  if (push.commits.length > 0) {
    // Chunks keep each statement under SQLite's bound-parameter limit (8 columns a commit) for pushes of thousands.
    for (let i = 0; i < push.commits.length; i += 500) {
      const chunk = push.commits.slice(i, i + 500);
      await db
        .insertInto('push_commits')
        .values(chunk.map((c, j) => ({ push_id: row.id, position: i + j, sha: c.sha, timestamp: c.timestamp })))
        .execute();
      await insertCommits(db, ctx.projectId, push.repository, chunk);
    }
    await markRepositoriesStale(
      db,
      ctx.projectId,
      [push.repository],
      (firstCommitAt ?? ctx.now) - PUSH_STALE_MARGIN_MS,
    );
  }
  return { stored };
}
