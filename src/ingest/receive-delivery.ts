import type { Kysely } from 'kysely';
import type { Dialect } from '../db/dialect/dialect.js';
import { prepared } from '../db/prepared.js';
import type { Database, DeliveriesTable, DeliveryKeysTable, WebhooksTable } from '../db/schema.js';
import type { WriteQueue } from '../db/write-queue.js';
import type { NormalizedEvent } from '../domain/index.js';
import { ERROR_CATALOGUE, type ErrorCode, HttpError } from '../errors.js';
import { newSortableId } from '../ids.js';
import { type ApplyContext, applyDeployment } from './apply-deployment.js';
import { applyIncident } from './apply-incident.js';
import { applyPullRequest } from './apply-pull-request.js';
import { applyPush } from './apply-push.js';
import { GONE_MESSAGE } from './find-live-webhook.js';
import { withoutNul } from './without-nul.js';

export type Outcome = 'accepted' | 'ignored' | 'duplicate';

export interface VerifiedDelivery {
  readonly webhook: Pick<WebhooksTable, 'id' | 'project_id' | 'provider' | 'verified_at'>;
  readonly event: string;
  readonly deliveryKey: string | null;
  readonly normalized: NormalizedEvent;
  readonly rawBody: string;
  /** The headers kept with the raw body, for replay (`kept-headers.ts`). */
  readonly keptHeaders: Readonly<Record<string, string>>;
  readonly now: number;
}

export interface DeliveryResult {
  readonly outcome: Outcome;
  readonly deliveryId: string;
  readonly reason?: string;
}

export interface ApplyResult {
  readonly outcome: 'stored' | 'ignored' | 'nothing-new';
  readonly reason?: string;
  /** The deployment a deployment event was about (stored or not): the delivery row links to it. */
  readonly deploymentId?: string;
}

/**
 * Applies what a delivery means: a deployment event, pushes, a ping (stored: it verifies the webhook), or
 * nothing (ignored). Idempotent: applying the same event again stores nothing new, but adds this webhook to
 * the lineage of what it carries. Shared by the receiver and `shipwatch replay`.
 */
export async function applyNormalized(ctx: ApplyContext, normalized: NormalizedEvent): Promise<ApplyResult> {
  switch (normalized.kind) {
    case 'ignored':
      return { outcome: 'ignored', reason: normalized.reason };
    case 'ping':
      return { outcome: 'stored', reason: normalized.ping.reason };
    case 'deployment': {
      const { stored, deploymentId } = await applyDeployment(ctx, normalized.deployment);
      return { outcome: stored ? 'stored' : 'nothing-new', deploymentId };
    }
    case 'incident':
      return applyIncident(ctx, normalized.incident);
    case 'push':
    case 'pushes': {
      const pushes = normalized.kind === 'push' ? [normalized.push] : normalized.pushes;
      let stored = false;
      for (const push of pushes) stored = (await applyPush(ctx, push)).stored || stored;
      return { outcome: stored ? 'stored' : 'nothing-new' };
    }
    case 'pull_request': {
      const { stored } = await applyPullRequest(ctx, normalized.pullRequest);
      return { outcome: stored ? 'stored' : 'nothing-new' };
    }
  }
}

// The statements every delivery runs, compiled once (src/db/prepared.ts).
const webhookState = prepared<{ id: string }, Pick<WebhooksTable, 'revoked_at'>>((db, p) =>
  db.selectFrom('webhooks').select(['revoked_at']).where('id', '=', p('id')),
);
const webhookStateLocked = prepared<{ id: string }, Pick<WebhooksTable, 'revoked_at'>>((db, p) =>
  db.selectFrom('webhooks').select(['revoked_at']).where('id', '=', p('id')).forShare(),
);
const claimKey = prepared<DeliveryKeysTable>((db, p) =>
  db
    .insertInto('delivery_keys')
    .values({ webhook_id: p('webhook_id'), key: p('key'), delivery_id: p('delivery_id') })
    .onConflict((oc) => oc.columns(['webhook_id', 'key']).doNothing()),
);
const insertDelivery = prepared<DeliveriesTable>((db, p) =>
  db.insertInto('deliveries').values({
    id: p('id'),
    webhook_id: p('webhook_id'),
    project_id: p('project_id'),
    received_at: p('received_at'),
    event: p('event'),
    outcome: p('outcome'),
    http_status: p('http_status'),
    reason: p('reason'),
    delivery_key: p('delivery_key'),
    raw_body: p('raw_body'),
    headers: p('headers'),
    body_expires_at: p('body_expires_at'),
    deployment_id: p('deployment_id'),
  }),
);

/**
 * What a delivery's write needs, as plain data: the writer thread runs it (src/ingest/writer-thread.ts). The
 * verified delivery without the webhook's verification time (written after the commit, on the main thread).
 */
export interface DeliveryJob extends Omit<VerifiedDelivery, 'webhook'> {
  /** Made on the main thread, as a rejected record's: ids made in the same millisecond keep their order. */
  readonly deliveryId: string;
  readonly webhook: Omit<VerifiedDelivery['webhook'], 'verified_at'>;
  readonly rawBodyRetentionDays: number;
}

/**
 * A delivery's write, inside the group commit's transaction: the webhook's revoked state (locked on PostgreSQL),
 * the delivery key, what the event means, and the delivery record.
 */
export async function storeDelivery(
  trx: Kysely<Database>,
  dialect: Dialect,
  job: DeliveryJob,
): Promise<DeliveryResult> {
  const { webhook, now, deliveryKey, deliveryId } = job;
  const current = (await (dialect.locksRowsForShare ? webhookStateLocked : webhookState).run(trx, { id: webhook.id }))
    .rows[0];
  if (current === undefined || current.revoked_at !== null) throw new HttpError('gone', GONE_MESSAGE);

  let keyIsNew = true;
  if (deliveryKey !== null) {
    const claim = await claimKey.run(trx, { webhook_id: webhook.id, key: deliveryKey, delivery_id: deliveryId });
    keyIsNew = (claim.numAffectedRows ?? 0n) > 0n;
  }

  const applied = await applyNormalized(
    { db: trx, projectId: webhook.project_id, provider: webhook.provider, webhookId: webhook.id, now },
    job.normalized,
  );
  let outcome: Outcome =
    applied.outcome === 'stored' ? 'accepted' : applied.outcome === 'ignored' ? 'ignored' : 'duplicate';
  if (!keyIsNew) outcome = 'duplicate';
  let reason = applied.reason;
  if (outcome === 'duplicate' && reason === undefined) {
    reason = keyIsNew
      ? 'Everything this delivery carries was already stored.'
      : 'This delivery key was already received on this webhook.';
  }
  const keepBody = outcome !== 'duplicate' && job.rawBodyRetentionDays > 0;
  await insertDelivery.run(trx, {
    id: deliveryId,
    webhook_id: webhook.id,
    project_id: webhook.project_id,
    received_at: now,
    event: job.event,
    outcome,
    http_status: 200,
    reason: reason ?? null,
    delivery_key: deliveryKey,
    raw_body: keepBody ? job.rawBody : null,
    headers: keepBody ? JSON.stringify(job.keptHeaders) : null,
    body_expires_at: keepBody ? now + job.rawBodyRetentionDays * 86_400_000 : null,
    // In the insert that runs anyway: the link costs the receiver no statement of its own (issue 21).
    deployment_id: applied.deploymentId ?? null,
  });
  return reason === undefined ? { outcome, deliveryId } : { outcome, deliveryId, reason };
}

/**
 * Stores a verified delivery and everything it changes in one transaction, then returns what the receiver answers.
 * The webhook's revoked state is read inside the transaction (locked on PostgreSQL), never from a cache: a
 * delivery racing a revoke either lands before it, or is refused with 410 after it.
 */
export async function receiveDelivery(
  db: Kysely<Database>,
  writes: WriteQueue,
  dialect: Dialect,
  delivery: VerifiedDelivery,
  options: { rawBodyRetentionDays: number },
): Promise<DeliveryResult> {
  const { webhook, now } = delivery;
  const job: DeliveryJob = {
    deliveryId: newSortableId('dl', now),
    webhook: { id: webhook.id, project_id: webhook.project_id, provider: webhook.provider },
    event: withoutNul(delivery.event),
    deliveryKey: delivery.deliveryKey === null ? null : withoutNul(delivery.deliveryKey),
    normalized: withoutNul(delivery.normalized),
    rawBody: withoutNul(delivery.rawBody),
    keptHeaders: delivery.keptHeaders,
    now,
    rawBodyRetentionDays: options.rawBodyRetentionDays,
  };
  const result = await writes.job('delivery', job, (trx) => storeDelivery(trx, dialect, job)).catch(rethrowHttpError);
  // verifiedAt: set after the commit, in a statement of its own. Inside the delivery's transaction, two first
  // deliveries holding the webhook row FOR SHARE would each wait to upgrade to a write lock: a deadlock.
  if (webhook.verified_at === null) {
    await db
      .updateTable('webhooks')
      .set({ verified_at: now })
      .where('id', '=', webhook.id)
      .where('verified_at', 'is', null)
      .execute();
  }
  return result;
}

/** A refusal the writer thread answered with (its name and code travel as data) is thrown as the HttpError it was. */
function rethrowHttpError(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && error.name === 'HttpError' && typeof code === 'string' && code in ERROR_CATALOGUE)
    throw new HttpError(code as ErrorCode, error.message);
  throw error;
}

/** Rejected requests leave a record (no body); only the newest 1000 per webhook are kept. */
export const REJECTED_KEPT = 1000;

/** A rejected request's record, as plain data (the writer thread runs it too). */
export interface RejectedJob {
  readonly id: string;
  readonly webhook: Pick<WebhooksTable, 'id' | 'project_id'>;
  readonly event: string | null;
  readonly httpStatus: number;
  readonly reason: string;
  readonly now: number;
}

/** Stores a rejected request's record and keeps only the newest REJECTED_KEPT of its webhook. */
export async function storeRejected(db: Kysely<Database>, input: RejectedJob): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({
      id: input.id,
      webhook_id: input.webhook.id,
      project_id: input.webhook.project_id,
      received_at: input.now,
      event: input.event === null ? null : withoutNul(input.event),
      outcome: 'rejected',
      http_status: input.httpStatus,
      reason: withoutNul(input.reason),
      delivery_key: null,
      raw_body: null,
      headers: null,
      body_expires_at: null,
    })
    .execute();
  const cutoff = await db
    .selectFrom('deliveries')
    .select('id')
    .where('webhook_id', '=', input.webhook.id)
    .where('outcome', '=', 'rejected')
    .orderBy('id', 'desc')
    .offset(REJECTED_KEPT)
    .limit(1)
    .executeTakeFirst();
  if (cutoff !== undefined) {
    await db
      .deleteFrom('deliveries')
      .where('webhook_id', '=', input.webhook.id)
      .where('outcome', '=', 'rejected')
      .where('id', '<=', cutoff.id)
      .execute();
  }
}

export async function recordRejected(
  writes: WriteQueue,
  input: Omit<RejectedJob, 'id'> & { webhook: Pick<WebhooksTable, 'id' | 'project_id'> },
): Promise<string> {
  const job: RejectedJob = {
    id: newSortableId('dl', input.now),
    webhook: { id: input.webhook.id, project_id: input.webhook.project_id },
    event: input.event,
    httpStatus: input.httpStatus,
    reason: input.reason,
    now: input.now,
  };
  // Through the write queue: on SQLite a flood of rejected requests shares commits with everything else.
  await writes.job('rejected', job, (db) => storeRejected(db, job));
  return job.id;
}
