import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { getWebhookRow } from './webhooks.js';

export interface DeliveryView {
  id: string;
  receivedAt: string;
  event: string | null;
  outcome: string;
  httpStatus: number;
  reason: string | null;
}

/** A delivery that fed a deployment: the log's row, with its webhook and the provider's delivery key. */
export interface DeploymentDeliveryView extends DeliveryView {
  webhookId: string;
  deliveryKey: string | null;
}

const COLUMNS = ['d.id', 'd.received_at', 'd.event', 'd.outcome', 'd.http_status', 'd.reason'] as const;

function toView(r: {
  id: string;
  received_at: number;
  event: string | null;
  outcome: string;
  http_status: number;
  reason: string | null;
}): DeliveryView {
  return {
    id: r.id,
    receivedAt: new Date(Number(r.received_at)).toISOString(),
    event: r.event,
    outcome: r.outcome,
    httpStatus: r.http_status,
    reason: r.reason,
  };
}

/** One page of newest-first rows read with one row more than the limit: the page, and the cursor when more follow. */
function paged<R extends { id: string }, V>(rows: R[], limit: number, view: (row: R) => V) {
  const page = rows.slice(0, limit);
  return { items: page.map(view), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * A webhook's delivery log, newest first (ids sort by time), optionally one outcome only. `at` starts the page at
 * that delivery (it and older ones): the deployment page's link to one delivery in the log.
 */
export async function listDeliveries(
  db: Kysely<Database>,
  input: {
    webhookId: string;
    limit: number;
    before?: string | undefined;
    at?: string | undefined;
    outcome?: string | undefined;
  },
): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  await getWebhookRow(db, input.webhookId);
  let query = db
    .selectFrom('deliveries as d')
    .select(COLUMNS)
    .where('d.webhook_id', '=', input.webhookId)
    .orderBy('d.id', 'desc')
    .limit(input.limit + 1);
  if (input.outcome !== undefined) query = query.where('d.outcome', '=', input.outcome as 'accepted');
  if (input.before !== undefined) query = query.where('d.id', '<', input.before);
  if (input.at !== undefined) query = query.where('d.id', '<=', input.at);
  const { items, nextCursor } = paged(await query.execute(), input.limit, toView);
  return { deliveries: items, nextCursor };
}

/**
 * `GET /api/deployments/:deploymentId/deliveries`: the deliveries that carried the deployment (its creation or one
 * of its status events, accepted, or duplicate when it was already stored), newest first, through any webhook that
 * is not revoked (a revoked webhook's deliveries leave at once, as its records do). Deliveries stored before
 * migration 0011 are not linked until a replay reads their kept bodies again.
 */
export async function listDeploymentDeliveries(
  db: Kysely<Database>,
  input: { deploymentId: string; limit: number; before?: string | undefined },
): Promise<{ deliveries: DeploymentDeliveryView[]; nextCursor: string | null }> {
  const deployment = await db
    .selectFrom('deployments')
    .select('id')
    .where('id', '=', input.deploymentId)
    .where('pending_delete', '=', 0)
    .executeTakeFirst();
  if (deployment === undefined) throw notFound(`Deployment ${input.deploymentId} does not exist.`);
  let query = db
    .selectFrom('deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(COLUMNS)
    .select(['d.webhook_id', 'd.delivery_key'])
    .where('d.deployment_id', '=', input.deploymentId)
    .where('w.revoked_at', 'is', null)
    .orderBy('d.id', 'desc')
    .limit(input.limit + 1);
  if (input.before !== undefined) query = query.where('d.id', '<', input.before);
  const { items, nextCursor } = paged(await query.execute(), input.limit, (r) => ({
    ...toView(r),
    webhookId: r.webhook_id,
    deliveryKey: r.delivery_key,
  }));
  return { deliveries: items, nextCursor };
}
