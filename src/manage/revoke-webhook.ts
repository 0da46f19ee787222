import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { conflict } from '../errors.js';
import { markRepositoriesStale } from '../ingest/mark-stale.js';
import { markVerdictsStale } from '../ingest/mark-verdicts-stale.js';
import { recomputeDeploymentStatus } from '../ingest/recompute-deployment-status.js';
import { type Actor, recordAudit } from './audit.js';
import { getWebhookRow } from './webhooks.js';

export interface RevokeResult {
  id: string;
  revokedAt: string;
  deleted: { deployments: number; statusEvents: number; pushes: number; commits: number; deliveries: number };
}

type RecordType = 'deployment' | 'deployment_event' | 'push';

/** Ids of records of a type that this webhook delivered and no other unrevoked webhook also delivered. */
function orphansOf(trx: Kysely<Database>, webhookId: string, type: RecordType) {
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

/**
 * Revokes a webhook, for good (CONTRACT.md, Webhooks). A first, short transaction marks it revoked and wipes
 * its secrets: from then on its URL answers 410 and records nothing (the receiver checks the revoked state
 * inside its own transaction, so a delivery either lands before this, and is deleted below, or is refused).
 * Then every record that no other unrevoked webhook also delivered is deleted in batches of short
 * transactions, so a revoke of a webhook with a million records never holds the writer for long; the answer
 * counts what went.
 */
export async function revokeWebhook(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; now: number },
  options: { batchSize: number } = { batchSize: REVOKE_BATCH },
): Promise<RevokeResult> {
  const batch = options.batchSize;
  const row = await db.transaction().execute(async (trx) => {
    const found = await getWebhookRow(trx, input.id);
    if (found.revoked_at !== null) throw conflict(`Webhook ${input.id} is already revoked.`);
    const claimed = await trx
      .updateTable('webhooks')
      .set({ revoked_at: input.now, secret_enc: null, previous_secret_enc: null, previous_secret_expires_at: null })
      .where('id', '=', input.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw conflict(`Webhook ${input.id} is already revoked.`);
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'webhook.revoked',
        targetType: 'webhook',
        targetId: found.id,
        projectId: found.project_id,
      },
      input.now,
    );
    return found;
  });
  const projectId = row.project_id;
  const deleted = { deployments: 0, statusEvents: 0, pushes: 0, commits: 0, deliveries: 0 };

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
        .where('webhook_id', '=', input.id)
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
            .where('webhook_id', '=', input.id)
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
  const candidates = new Map<string, { repository: string; sha: string }>();
  const addCandidates = (rows: { repository: string | null; sha: string }[]) => {
    for (const r of rows)
      if (r.repository !== null) candidates.set(`${r.repository}\n${r.sha}`, { repository: r.repository, sha: r.sha });
  };

  /** Deletes, batch by batch, the records of one type that only this webhook delivered, and their lineage. */
  const deleteOrphans = (
    type: RecordType,
    table: 'deployment_events' | 'deployments' | 'pushes',
    beforeDelete: (trx: Kysely<Database>, ids: string[]) => Promise<void>,
  ) =>
    inBatches(async (trx) => {
      const ids = (await orphansOf(trx, input.id, type).limit(batch).execute()).map((r) => r.record_id);
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
  // Only the candidates are checked, never the project's whole commit history, so no batch holds the writer long.
  const pending = [...candidates.values()];
  let next = 0;
  deleted.commits = await inBatches(async (trx) => {
    const chunk = pending.slice(next, next + batch);
    next += chunk.length;
    let rows = 0n;
    for (const c of chunk) {
      const result = await trx
        .deleteFrom('commits')
        .where('project_id', '=', projectId)
        .where('repository', '=', c.repository)
        .where('sha', '=', c.sha)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('push_commits as pc')
                .innerJoin('pushes as p', 'p.id', 'pc.push_id')
                .select(sql.lit(1).as('one'))
                .where('p.project_id', '=', projectId)
                .where('p.repository', '=', c.repository)
                .where('pc.sha', '=', c.sha),
            ),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('deployment_listed_commits as dl')
                .innerJoin('deployments as d', 'd.id', 'dl.deployment_id')
                .select(sql.lit(1).as('one'))
                .where('d.project_id', '=', projectId)
                .where('d.repository', '=', c.repository)
                .where('dl.sha', '=', c.sha),
            ),
          ),
        )
        .executeTakeFirst();
      rows += result.numDeletedRows;
    }
    return { found: chunk.length, deleted: rows };
  });
  deleted.deliveries = await inBatches(async (trx) => {
    const ids = (
      await trx.selectFrom('deliveries').select('id').where('webhook_id', '=', input.id).limit(batch).execute()
    ).map((r) => r.id);
    if (ids.length === 0) return none;
    const result = await trx.deleteFrom('deliveries').where('id', 'in', ids).executeTakeFirst();
    return { found: ids.length, deleted: result.numDeletedRows };
  });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('delivery_keys').where('webhook_id', '=', input.id).execute();
    await trx.deleteFrom('lineage').where('webhook_id', '=', input.id).execute();
    for (const id of keptWithLostEvents) await recomputeDeploymentStatus(trx, id);
    await markRepositoriesStale(
      trx,
      projectId,
      touchedRepos.flatMap((r) => (r.repository === null ? [] : [r.repository])),
      0,
    );
    await markVerdictsStale(
      trx,
      projectId,
      touchedRepos.map((r) => r.repository),
    );
  });
  return { id: row.id, revokedAt: new Date(input.now).toISOString(), deleted };
}
