import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { conflict } from '../errors.js';
import { markRepositoriesStale } from '../ingest/mark-stale.js';
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

/**
 * Revokes a webhook, for good, in one transaction: marks it revoked, wipes its secrets, and deletes every record
 * that no other unrevoked webhook also delivered (CONTRACT.md, Webhooks). The receiver checks the revoked state
 * inside its own transaction, so a delivery either lands before this (and is deleted here) or is refused after.
 */
export async function revokeWebhook(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; now: number },
): Promise<RevokeResult> {
  return db.transaction().execute(async (trx) => {
    const row = await getWebhookRow(trx, input.id);
    if (row.revoked_at !== null) throw conflict(`Webhook ${input.id} is already revoked.`);
    const claimed = await trx
      .updateTable('webhooks')
      .set({ revoked_at: input.now, secret_enc: null, previous_secret_enc: null, previous_secret_expires_at: null })
      .where('id', '=', input.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw conflict(`Webhook ${input.id} is already revoked.`);
    const projectId = row.project_id;

    const orphanEvents = orphansOf(trx, input.id, 'deployment_event');
    const orphanDeployments = orphansOf(trx, input.id, 'deployment');
    const orphanPushes = orphansOf(trx, input.id, 'push');

    // Repositories whose figures change: their cache of brought commits is recomputed.
    const touchedRepos = await trx
      .selectFrom('deployments')
      .select('repository')
      .distinct()
      .where(
        'id',
        'in',
        trx
          .selectFrom('lineage')
          .select('record_id')
          .where('webhook_id', '=', input.id)
          .where('record_type', '=', 'deployment'),
      )
      .where('repository', 'is not', null)
      .union(trx.selectFrom('pushes').select('repository').where('id', 'in', orphanPushes))
      .execute();

    const keptWithLostEvents = await trx
      .selectFrom('deployment_events')
      .select('deployment_id')
      .distinct()
      .where('id', 'in', orphanEvents)
      .where('deployment_id', 'not in', orphanDeployments)
      .execute();

    const events = await trx.deleteFrom('deployment_events').where('id', 'in', orphanEvents).executeTakeFirst();
    const deployments = await trx.deleteFrom('deployments').where('id', 'in', orphanDeployments).executeTakeFirst();
    const pushes = await trx.deleteFrom('pushes').where('id', 'in', orphanPushes).executeTakeFirst();
    const commits = await trx
      .deleteFrom('commits')
      .where('project_id', '=', projectId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('push_commits as pc')
              .innerJoin('pushes as p', 'p.id', 'pc.push_id')
              .select(sql.lit(1).as('one'))
              .whereRef('p.project_id', '=', 'commits.project_id')
              .whereRef('p.repository', '=', 'commits.repository')
              .whereRef('pc.sha', '=', 'commits.sha'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deployment_listed_commits as dl')
              .innerJoin('deployments as d', 'd.id', 'dl.deployment_id')
              .select(sql.lit(1).as('one'))
              .whereRef('d.project_id', '=', 'commits.project_id')
              .whereRef('d.repository', '=', 'commits.repository')
              .whereRef('dl.sha', '=', 'commits.sha'),
          ),
        ),
      )
      .executeTakeFirst();
    await trx.deleteFrom('delivery_keys').where('webhook_id', '=', input.id).execute();
    const deliveries = await trx.deleteFrom('deliveries').where('webhook_id', '=', input.id).executeTakeFirst();
    await trx.deleteFrom('lineage').where('webhook_id', '=', input.id).execute();

    for (const { deployment_id } of keptWithLostEvents) await recomputeDeploymentStatus(trx, deployment_id);
    await markRepositoriesStale(
      trx,
      projectId,
      touchedRepos.flatMap((r) => (r.repository === null ? [] : [r.repository])),
      0,
    );
    await recordAudit(
      trx,
      { actor: input.actor, action: 'webhook.revoked', targetType: 'webhook', targetId: row.id, projectId },
      input.now,
    );
    return {
      id: row.id,
      revokedAt: new Date(input.now).toISOString(),
      deleted: {
        deployments: Number(deployments.numDeletedRows),
        statusEvents: Number(events.numDeletedRows),
        pushes: Number(pushes.numDeletedRows),
        commits: Number(commits.numDeletedRows),
        deliveries: Number(deliveries.numDeletedRows),
      },
    };
  });
}
