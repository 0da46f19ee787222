import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { conflict } from '../errors.js';
import { finishRevoke, orphansOf, REVOKE_BATCH, type RevokeCounts } from '../ingest/finish-revoke.js';
import { markIncidentsStale } from '../ingest/mark-incidents-stale.js';
import { markRepositoriesStale } from '../ingest/mark-stale.js';
import { markVerdictsStale } from '../ingest/mark-verdicts-stale.js';
import { type Actor, recordAudit } from './audit.js';
import { getWebhookRow } from './webhooks.js';

export interface RevokeResult {
  id: string;
  revokedAt: string;
  deleted: RevokeCounts;
}

export interface RevokeOptions {
  readonly batchSize?: number;
  /** Called between the mark and the deletions: the reliability suite kills the process there. */
  readonly afterMark?: () => Promise<void>;
}

/**
 * Revokes a webhook, for good (CONTRACT.md, Webhooks). A first, short transaction marks it revoked, wipes its
 * secrets, and marks `pending_delete` every deployment, push and pull request that no other unrevoked webhook
 * also delivered, and the repositories they touch stale: from then on its URL answers 410, records nothing, and
 * every read leaves out what it will delete (the receiver checks the revoked state inside its own transaction, so
 * a delivery either lands before this, and is deleted below, or is refused). Then `finishRevoke` deletes in
 * batches of short transactions, so a revoke of a webhook with a million records never holds the writer for long;
 * the answer counts what went. A process that dies in between leaves the mark: `finishUnfinishedRevokes` (at
 * start and hourly) completes the deletions, idempotently.
 */
export async function revokeWebhook(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; now: number },
  options: RevokeOptions = {},
): Promise<RevokeResult> {
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
    await markPendingDelete(trx, found.id, found.project_id);
    return found;
  });
  await options.afterMark?.();
  const deleted = await finishRevoke(db, row.id, options.batchSize ?? REVOKE_BATCH);
  return { id: row.id, revokedAt: new Date(input.now).toISOString(), deleted };
}

/**
 * In the revoke's first transaction: hides what it will delete. The repositories whose figures change are marked
 * stale, so the lead-time cache is recomputed without the hidden rows before the next figure is read.
 * Incidents are not hidden by the mark: the second phase removes them (src/ingest/revoke-incidents.ts).
 */
async function markPendingDelete(trx: Kysely<Database>, webhookId: string, projectId: string): Promise<void> {
  const tables = [
    ['deployment', 'deployments'],
    ['push', 'pushes'],
    ['pull_request', 'pull_requests'],
  ] as const;
  for (const [type, table] of tables) {
    await trx
      .updateTable(table)
      .set({ pending_delete: 1 })
      .where('id', 'in', orphansOf(trx, webhookId, type))
      .execute();
  }
  const repos = await trx
    .selectFrom('deployments')
    .select('repository')
    .distinct()
    .where('project_id', '=', projectId)
    .where('pending_delete', '=', 1)
    .union(
      trx.selectFrom('pushes').select('repository').where('project_id', '=', projectId).where('pending_delete', '=', 1),
    )
    .execute();
  await markRepositoriesStale(
    trx,
    projectId,
    repos.flatMap((r) => (r.repository === null ? [] : [r.repository])),
    0,
  );
  // Deployments without a repository form a group of their own for the verdicts (rollback, hotfix).
  await markVerdictsStale(
    trx,
    projectId,
    repos.map((r) => r.repository),
  );
  // A deployment being removed may hold incidents (attributed or linked): they are attributed again.
  await markIncidentsStale(trx, projectId);
}
