import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { type CommitCandidate, commitCandidates, deleteUnlistedCommits } from './delete-unlisted-commits.js';
import { markRepositoriesStale } from './mark-stale.js';
import { recomputeDeploymentStatus } from './recompute-deployment-status.js';
import { revokeIncidents } from './revoke-incidents.js';

export type RecordType = 'deployment' | 'deployment_event' | 'push' | 'pull_request' | 'incident';

/** Ids of records of a type that this webhook delivered and no other unrevoked webhook also delivered. */
export function orphansOf(trx: Kysely<Database>, webhookId: string, type: RecordType) {
  return trx
    .selectFrom('lineage as l')
    .select('l.record_id')
    .where('l.webhook_id', '=', webhookId)
    .where('l.record_type', '=', type)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('lineage as l2')
            .innerJoin('webhooks as w', 'w.id', 'l2.webhook_id')
            .select(sql.lit(1).as('one'))
            .whereRef('l2.record_type', '=', 'l.record_type')
            .whereRef('l2.record_id', '=', 'l.record_id')
            .where('l2.webhook_id', '<>', webhookId)
            .where('w.revoked_at', 'is', null),
        ),
      ),
    );
}

/** Records deleted per transaction: other webhooks' deliveries get the writer between batches. */
export const REVOKE_BATCH = 2000;

/** What a revoke deleted (CONTRACT.md, "Lineage and revoke"). */
export interface RevokeCounts {
  deployments: number;
  statusEvents: number;
  pushes: number;
  commits: number;
  deliveries: number;
  pullRequests: number;
  incidents: number;
}

/**
 * The revoke's second phase, for a webhook already marked revoked (src/manage/revoke-webhook.ts): deletes, batch
 * by batch, every record that no other unrevoked webhook also delivered, the commits no remaining push or
 * deployment lists, its deliveries, keys and lineage; recomputes the status of kept deployments that lost status
 * events, and marks the touched repositories stale. Idempotent: run again (after a crash, by the next start or the
 * maintenance task), it deletes what is left and counts only that. A row marked `pending_delete` that another
 * unrevoked webhook delivered meanwhile is shown again.
 */
export async function finishRevoke(
  db: Kysely<Database>,
  webhookId: string,
  batch: number = REVOKE_BATCH,
): Promise<RevokeCounts> {
  const webhook = await db
    .selectFrom('webhooks')
    .select('project_id')
    .where('id', '=', webhookId)
    .executeTakeFirstOrThrow();
  const projectId = webhook.project_id;
  const deleted: RevokeCounts = {
    deployments: 0,
    statusEvents: 0,
    pushes: 0,
    commits: 0,
    deliveries: 0,
    pullRequests: 0,
    incidents: 0,
  };

  // Repositories whose figures change: their cache of brought commits is recomputed.
  const touchedRepos = await db
    .selectFrom('deployments')
    .select('repository')
    .distinct()
    .where(
      'id',
      'in',
      db
        .selectFrom('lineage')
        .select('record_id')
        .where('webhook_id', '=', webhookId)
        .where('record_type', '=', 'deployment'),
    )
    .where('repository', 'is not', null)
    .union(
      db
        .selectFrom('pushes')
        .select('repository')
        .where(
          'id',
          'in',
          db
            .selectFrom('lineage')
            .select('record_id')
            .where('webhook_id', '=', webhookId)
            .where('record_type', '=', 'push'),
        ),
    )
    .execute();
  const keptWithLostEvents = new Set<string>();

  /** Runs a step until it finds fewer than a batch; counts the rows it really deleted. */
  const inBatches = async (
    step: (trx: Kysely<Database>) => Promise<{ found: number; deleted: bigint }>,
  ): Promise<number> => {
    let total = 0;
    for (;;) {
      const { found, deleted } = await db.transaction().execute(step);
      total += Number(deleted);
      if (found < batch) return total;
    }
  };
  const none = { found: 0, deleted: 0n };

  /** Commits a deleted push or deployment listed: the only ones that may have lost their last lister. */
  const candidates = new Map<string, CommitCandidate>();
  const addCandidates = (rows: { repository: string | null; sha: string }[]) => {
    for (const c of commitCandidates(rows)) candidates.set(`${c.repository}\n${c.sha}`, c);
  };

  /** Deletes, batch by batch, the records of one type that only this webhook delivered, and their lineage. */
  const deleteOrphans = (
    type: RecordType,
    table: 'deployment_events' | 'deployments' | 'pushes' | 'pull_requests',
    beforeDelete: (trx: Kysely<Database>, ids: string[]) => Promise<void>,
  ) =>
    inBatches(async (trx) => {
      const ids = (await orphansOf(trx, webhookId, type).limit(batch).execute()).map((r) => r.record_id);
      if (ids.length === 0) return none;
      await beforeDelete(trx, ids);
      const result = await trx.deleteFrom(table).where('id', 'in', ids).executeTakeFirst();
      await trx.deleteFrom('lineage').where('record_type', '=', type).where('record_id', 'in', ids).execute();
      return { found: ids.length, deleted: result.numDeletedRows };
    });

  deleted.statusEvents = await deleteOrphans('deployment_event', 'deployment_events', async (trx, ids) => {
    const owners = await trx
      .selectFrom('deployment_events')
      .select('deployment_id')
      .distinct()
      .where('id', 'in', ids)
      .execute();
    for (const o of owners) keptWithLostEvents.add(o.deployment_id);
  });
  deleted.deployments = await deleteOrphans('deployment', 'deployments', async (trx, ids) => {
    for (const id of ids) keptWithLostEvents.delete(id);
    addCandidates(
      await trx
        .selectFrom('deployment_listed_commits as dl')
        .innerJoin('deployments as d', 'd.id', 'dl.deployment_id')
        .select(['d.repository', 'dl.sha'])
        .where('dl.deployment_id', 'in', ids)
        .execute(),
    );
  });
  deleted.pushes = await deleteOrphans('push', 'pushes', async (trx, ids) => {
    addCandidates(
      await trx
        .selectFrom('push_commits as pc')
        .innerJoin('pushes as p', 'p.id', 'pc.push_id')
        .select(['p.repository', 'pc.sha'])
        .where('pc.push_id', 'in', ids)
        .execute(),
    );
  });
  deleted.pullRequests = await deleteOrphans('pull_request', 'pull_requests', async () => {});
  deleted.incidents = await revokeIncidents(db, { webhookId, projectId });
  // Only the candidates are checked, never the project's whole commit history, so no batch holds the writer long.
  const pending = [...candidates.values()];
  let next = 0;
  deleted.commits = await inBatches(async (trx) => {
    const chunk = pending.slice(next, next + batch);
    next += chunk.length;
    const rows = await deleteUnlistedCommits(trx, projectId, chunk);
    return { found: chunk.length, deleted: rows };
  });
  deleted.deliveries = await inBatches(async (trx) => {
    const ids = (
      await trx.selectFrom('deliveries').select('id').where('webhook_id', '=', webhookId).limit(batch).execute()
    ).map((r) => r.id);
    if (ids.length === 0) return none;
    const result = await trx.deleteFrom('deliveries').where('id', 'in', ids).executeTakeFirst();
    return { found: ids.length, deleted: result.numDeletedRows };
  });
  await db.transaction().execute(async (trx) => {
    await unmarkKept(trx, projectId);
    await trx.deleteFrom('delivery_keys').where('webhook_id', '=', webhookId).execute();
    await trx.deleteFrom('lineage').where('webhook_id', '=', webhookId).execute();
    for (const id of keptWithLostEvents) await recomputeDeploymentStatus(trx, id);
    await markRepositoriesStale(
      trx,
      projectId,
      touchedRepos.flatMap((r) => (r.repository === null ? [] : [r.repository])),
      0,
    );
  });
  return deleted;
}

/** Rows marked for deletion that an unrevoked webhook delivered (after the mark) are shown again. */
async function unmarkKept(trx: Kysely<Database>, projectId: string): Promise<void> {
  const tables = [
    ['deployment', 'deployments'],
    ['push', 'pushes'],
    ['pull_request', 'pull_requests'],
  ] as const;
  for (const [type, table] of tables) {
    await trx
      .updateTable(table)
      .set({ pending_delete: 0 })
      .where('project_id', '=', projectId)
      .where('pending_delete', '=', 1)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('lineage as l')
          .innerJoin('webhooks as w', 'w.id', 'l.webhook_id')
          .select('l.record_id')
          .where('l.record_type', '=', type)
          .where('w.revoked_at', 'is', null),
      )
      .execute();
  }
}

/**
 * Finishes every revoke a crash cut short: a revoked webhook that still has lineage, deliveries or delivery keys.
 * Run at start and by the maintenance task; returns the webhooks finished.
 */
export async function finishUnfinishedRevokes(db: Kysely<Database>): Promise<string[]> {
  const unfinished = await db
    .selectFrom('webhooks as w')
    .select('w.id')
    .where('w.revoked_at', 'is not', null)
    .where(({ or, exists, selectFrom }) =>
      or([
        exists(selectFrom('lineage as l').select(sql.lit(1).as('one')).whereRef('l.webhook_id', '=', 'w.id')),
        exists(selectFrom('deliveries as d').select(sql.lit(1).as('one')).whereRef('d.webhook_id', '=', 'w.id')),
        exists(selectFrom('delivery_keys as k').select(sql.lit(1).as('one')).whereRef('k.webhook_id', '=', 'w.id')),
      ]),
    )
    .orderBy('w.revoked_at')
    .execute();
  for (const { id } of unfinished) await finishRevoke(db, id);
  return unfinished.map((w) => w.id);
}
