import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isProviderId } from '../domain/index.js';
import { conflict, notFound } from '../errors.js';
import type { Headers } from '../providers/provider.js';
import { providers } from '../providers/registry.js';
import { selectWebhookRow } from './find-live-webhook.js';
import { applyNormalized } from './receive-delivery.js';
import { withoutNul } from './without-nul.js';

export interface ReplayResult {
  /** Deliveries whose kept raw body was read again. */
  replayed: number;
  /** Of those, the ones that stored something not stored before (after a parser fix, say). */
  stored: number;
  ignored: number;
  /** Deliveries that stored or could store data but whose raw body is past its retention: they cannot be replayed. */
  pastRetention: number;
}

/**
 * `shipwatch replay`: re-derives deployments, statuses and commits from the raw bodies a webhook's deliveries
 * kept (accepted and ignored ones, for SHIPWATCH_RAW_BODY_RETENTION_DAYS), oldest first, through the same
 * parse → normalize → apply path as the receiver. Applying is idempotent, so a replay of unchanged data stores
 * nothing new and leaves every figure as it was; an ignored delivery that a fixed parser now understands is
 * stored, and its record says so. A delivery whose raw body is past its retention (or was never kept, with
 * SHIPWATCH_RAW_BODY_RETENTION_DAYS=0) cannot be replayed: what it stored stays as stored, and `pastRetention`
 * counts such deliveries. Also served as `POST /api/webhooks/:webhookId/replay`.
 */
export async function replayDeliveries(
  db: Kysely<Database>,
  input: { webhookId: string; since?: number; now: number },
): Promise<ReplayResult> {
  const webhook = await selectWebhookRow(db, input.webhookId);
  if (webhook === undefined) throw notFound(`Webhook ${input.webhookId} does not exist.`);
  if (!isProviderId(webhook.provider)) throw new Error(`webhook ${webhook.id} has an unknown provider`);
  if (webhook.revoked_at !== null) throw conflict(`Webhook ${webhook.id} is revoked: there is nothing to replay.`);
  const provider = providers[webhook.provider];
  let expired = db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('webhook_id', '=', webhook.id)
    .where('outcome', 'in', ['accepted', 'ignored'])
    .where('raw_body', 'is', null);
  if (input.since !== undefined) expired = expired.where('received_at', '>=', input.since);
  const pastRetention = Number((await expired.executeTakeFirst())?.n ?? 0);
  const result: ReplayResult = { replayed: 0, stored: 0, ignored: 0, pastRetention };
  let after = '';
  for (;;) {
    let query = db
      .selectFrom('deliveries')
      .select(['id', 'raw_body', 'headers'])
      .where('webhook_id', '=', webhook.id)
      .where('raw_body', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(200);
    if (input.since !== undefined) query = query.where('received_at', '>=', input.since);
    const page = await query.execute();
    if (page.length === 0) return result;
    for (const delivery of page) {
      after = delivery.id;
      const headers = JSON.parse(delivery.headers ?? '{}') as Headers;
      const rawBody = Buffer.from(delivery.raw_body ?? '', 'utf8');
      const parsed = provider.parse({ headers, rawBody });
      if (!parsed.ok) continue;
      const normalized = withoutNul(provider.normalize(parsed.event, parsed.payload, headers));
      if (normalized.kind === 'ping') continue;
      const applied = await db.transaction().execute(async (trx) => {
        const outcome = await applyNormalized(
          { db: trx, projectId: webhook.project_id, provider: webhook.provider, webhookId: webhook.id, now: input.now },
          normalized,
        );
        if (outcome.outcome === 'stored') {
          await trx
            .updateTable('deliveries')
            .set({ outcome: 'accepted', reason: outcome.reason ?? null })
            .where('id', '=', delivery.id)
            .where('outcome', '=', 'ignored')
            .execute();
        }
        return outcome;
      });
      result.replayed += 1;
      if (applied.outcome === 'stored') result.stored += 1;
      if (applied.outcome === 'ignored') result.ignored += 1;
    }
  }
}
