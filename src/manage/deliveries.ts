import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { getWebhookRow } from './webhooks.js';

export interface DeliveryView {
  id: string;
  receivedAt: string;
  event: string | null;
  outcome: string;
  httpStatus: number;
  reason: string | null;
}

/** A webhook's delivery log, newest first (ids sort by time), optionally one outcome only. */
export async function listDeliveries(
  db: Kysely<Database>,
  input: { webhookId: string; limit: number; before?: string | undefined; outcome?: string | undefined },
): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  await getWebhookRow(db, input.webhookId);
  let query = db
    .selectFrom('deliveries')
    .select(['id', 'received_at', 'event', 'outcome', 'http_status', 'reason'])
    .where('webhook_id', '=', input.webhookId)
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.outcome !== undefined) query = query.where('outcome', '=', input.outcome as 'accepted');
  if (input.before !== undefined) query = query.where('id', '<', input.before);
  const rows = await query.execute();
  const page = rows.slice(0, input.limit);
  return {
    deliveries: page.map((r) => ({
      id: r.id,
      receivedAt: new Date(r.received_at).toISOString(),
      event: r.event,
      outcome: r.outcome,
      httpStatus: r.http_status,
      reason: r.reason,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
