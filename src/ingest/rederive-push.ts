import type { PushEvent } from '../domain/index.js';
import type { ApplyContext } from './apply-deployment.js';
import { applyPush, pushKeyOf } from './apply-push.js';
import { correctCommits } from './insert-commits.js';
import { addLineage } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';
import { changesOf, type Rederived } from './rederived.js';

/**
 * Replay: makes one push what the current parser derives. A push not stored yet (a repository, ref or sha the
 * old parser read wrong gives another push) is stored as the receiver would; a stored one keeps its id and has its
 * flags, counts and listed commits (in order) made the derived ones. A push is one event, whichever webhook sent it,
 * so what the current parser derives of it holds whoever else delivered it. The commits it lists are stored as
 * derived (their time, message and author). Any change marks the repository's cache stale.
 */
export async function rederivePush(ctx: ApplyContext, push: PushEvent): Promise<Rederived> {
  const { db } = ctx;
  const find = () =>
    db
      .selectFrom('pushes')
      .select(['id', 'forced', 'deleted', 'listed_count', 'total_count', 'first_commit_at'])
      .where('project_id', '=', ctx.projectId)
      .where('push_key', '=', pushKeyOf(push))
      .executeTakeFirst();
  const existing = await find();
  if (existing === undefined) {
    await applyPush(ctx, push);
    const stored = await find();
    if (stored === undefined) throw new Error('A push is not there after its insert');
    return { result: 'stored', id: stored.id, candidates: [] };
  }
  const row = changesOf(existing, {
    forced: push.forced ? 1 : 0,
    deleted: push.deleted ? 1 : 0,
    listed_count: push.commits.length,
    total_count: Math.max(push.totalCommits, push.commits.length),
    first_commit_at: push.commits.length === 0 ? null : Math.min(...push.commits.map((c) => c.timestamp)),
  });
  if (Object.keys(row).length > 0) await db.updateTable('pushes').set(row).where('id', '=', existing.id).execute();

  const listed = await db
    .selectFrom('push_commits')
    .select(['sha', 'timestamp'])
    .where('push_id', '=', existing.id)
    .orderBy('position')
    .execute();
  const sameList =
    listed.length === push.commits.length &&
    listed.every((c, i) => c.sha === push.commits[i]?.sha && c.timestamp === push.commits[i]?.timestamp);
  if (!sameList) {
    await db.deleteFrom('push_commits').where('push_id', '=', existing.id).execute();
    for (let i = 0; i < push.commits.length; i += 500) {
      await db
        .insertInto('push_commits')
        .values(
          push.commits
            .slice(i, i + 500)
            .map((c, j) => ({ push_id: existing.id, position: i + j, sha: c.sha, timestamp: c.timestamp })),
        )
        .execute();
    }
  }
  const commitsChanged = await correctCommits(db, ctx.projectId, push.repository, push.commits);
  await addLineage(db, {
    type: 'push',
    recordId: existing.id,
    webhookId: ctx.webhookId,
    projectId: ctx.projectId,
    now: ctx.now,
  });
  const changed = Object.keys(row).length > 0 || !sameList || commitsChanged;
  if (changed) await markRepositoriesStale(db, ctx.projectId, [push.repository], 0);
  return {
    result: changed ? 'corrected' : 'unchanged',
    id: existing.id,
    candidates: sameList ? [] : listed.map((c) => ({ repository: push.repository, sha: c.sha })),
  };
}
