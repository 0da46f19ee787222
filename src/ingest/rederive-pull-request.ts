import type { PullRequestEvent } from '../domain/index.js';
import type { ApplyContext } from './apply-deployment.js';
import { applyPullRequest, combine, fromEvent, type StoredPullRequest, samePullRequest } from './apply-pull-request.js';
import { addLineage } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';
import { type Rederived, rebuildsAlone } from './rederived.js';

/**
 * Replay: makes one pull request what the current parser derives from the events the replayed deliveries carry.
 * Not stored yet: stored as the receiver would. Stored, and rebuilt alone (`rebuildsAlone`): the row becomes the
 * fold of the derived events only, so a value an old parser stored wrong goes. Otherwise the derived events are
 * folded into the stored row, as the receiver does. A change marks the repository's cache stale.
 */
export async function rederivePullRequest(
  ctx: ApplyContext,
  events: readonly PullRequestEvent[],
  complete: boolean,
): Promise<Rederived> {
  const { db } = ctx;
  const first = events[0];
  if (first === undefined) throw new Error('rederivePullRequest needs at least one event');
  const find = () =>
    db
      .selectFrom('pull_requests')
      .selectAll()
      .where('project_id', '=', ctx.projectId)
      .where('repository', '=', first.repository)
      .where('number', '=', first.number)
      .executeTakeFirst();
  const existing = await find();
  if (existing === undefined) {
    for (const event of events) await applyPullRequest(ctx, event);
    const stored = await find();
    if (stored === undefined) throw new Error('A pull request is not there after its insert');
    return { result: 'stored', id: stored.id, candidates: [] };
  }
  const alone = await rebuildsAlone(db, {
    type: 'pull_request',
    recordId: existing.id,
    webhookId: ctx.webhookId,
    complete,
  });
  const incoming = events.map(fromEvent);
  const start: StoredPullRequest = alone ? (incoming[0] as StoredPullRequest) : existing;
  const next = incoming.slice(alone ? 1 : 0).reduce(combine, start);
  const changed = !samePullRequest(existing, next);
  if (changed) {
    await db
      .updateTable('pull_requests')
      .set({
        title: next.title,
        labels: next.labels,
        source_branch: next.source_branch,
        target_branch: next.target_branch,
        opened_at: next.opened_at,
        merged_at: next.merged_at,
        head_sha: next.head_sha,
        merge_commit_sha: next.merge_commit_sha,
        state: next.state,
        updated_at: next.updated_at,
        url: next.url,
      })
      .where('id', '=', existing.id)
      .execute();
    await markRepositoriesStale(db, ctx.projectId, [first.repository], 0);
  }
  await addLineage(db, {
    type: 'pull_request',
    recordId: existing.id,
    webhookId: ctx.webhookId,
    projectId: ctx.projectId,
    now: ctx.now,
  });
  return { result: changed ? 'corrected' : 'unchanged', id: existing.id, candidates: [] };
}
