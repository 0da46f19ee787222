import type { Kysely, Updateable } from 'kysely';
import type { Database, DeliveriesTable } from '../db/schema.js';
import { isProviderId } from '../domain/index.js';
import { conflict, notFound } from '../errors.js';
import { providers } from '../providers/registry.js';
import { type CommitCandidate, deleteUnlistedCommits } from './delete-unlisted-commits.js';
import { type DerivedDeliveries, deriveKeptBodies, type RecordEvents } from './derive-kept-bodies.js';
import { selectWebhookRow } from './find-live-webhook.js';
import { rederiveDeployment } from './rederive-deployment.js';
import { rederiveIncident } from './rederive-incident.js';
import { rederivePullRequest } from './rederive-pull-request.js';
import { rederivePush } from './rederive-push.js';
import type { Rederived } from './rederived.js';
import { type DerivedIds, removeUnderived } from './remove-underived.js';

export interface ReplayResult {
  /** Deliveries whose kept raw body was read again. */
  replayed: number;
  /** Records (deployments, pushes, pull requests, incidents) stored that were not stored before (after a parser fix, say). */
  stored: number;
  /** Records already stored that were changed to what the current parser derives. */
  corrected: number;
  /** Records only this webhook delivered that the current parser no longer derives from its kept bodies. */
  removed: number;
  /** Deliveries the current parser ignores. */
  ignored: number;
  /** Deliveries that stored or could store data but whose raw body is past its retention: they cannot be replayed. */
  pastRetention: number;
}

/**
 * `shipwatch replay` and `POST /api/webhooks/:webhookId/replay`: re-derives what a webhook's deliveries stored from
 * the raw bodies they kept (accepted and ignored ones, for SHIPWATCH_RAW_BODY_RETENTION_DAYS), oldest first, through
 * the receiver's parse → normalize steps, so that what an older parser stored wrong is corrected:
 * - each record the bodies carry (deployment, push, pull request, incident) becomes what the current parser derives
 *   (src/ingest/rederive-*.ts), one transaction each, keeping its id, so a person's marks and incident links stay;
 * - the records only this webhook delivered that the current parser no longer derives are removed
 *   (`removeUnderived`), but only when the replay read every delivery of the webhook that could have stored
 *   something: with a body past its retention, or a delivery before `since`, they are kept as they are;
 * - every change marks the caches it feeds stale (brought commits and lead times, verdicts), so the figures change
 *   at the next read;
 * - a delivery's record follows: `ignored` becomes `accepted` when it now stored or corrected something, and
 *   `accepted` becomes `ignored`, with the reason, when the current parser ignores it; its link to a deployment
 *   becomes the deployment its body carries now (so a replay links deliveries stored before migration 0011).
 * A replay of unchanged data changes nothing. A delivery whose raw body is past its retention (or was never kept,
 * with SHIPWATCH_RAW_BODY_RETENTION_DAYS=0) cannot be replayed: what it stored stays as stored, and `pastRetention`
 * counts such deliveries. Deliveries received while the replay runs are left to the receiver, and a replay that
 * sees one removes nothing.
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
  const lastId = await lastDeliveryId(db, webhook.id);
  const storing = () =>
    db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('webhook_id', '=', webhook.id)
      .where('outcome', 'in', ['accepted', 'ignored'])
      .where('id', '<=', lastId);
  let expired = storing().where('raw_body', 'is', null);
  if (input.since !== undefined) expired = expired.where('received_at', '>=', input.since);
  const pastRetention = Number((await expired.executeTakeFirst())?.n ?? 0);
  const before =
    input.since === undefined
      ? 0
      : Number((await storing().where('received_at', '<', input.since).executeTakeFirst())?.n ?? 0);
  const complete = pastRetention === 0 && before === 0;

  const derived = await deriveKeptBodies(db, {
    webhookId: webhook.id,
    provider,
    since: input.since,
    lastId,
  });
  const result: ReplayResult = {
    replayed: derived.deliveries.length,
    stored: 0,
    corrected: 0,
    removed: 0,
    ignored: derived.deliveries.filter((d) => d.ignoredReason !== null).length,
    pastRetention,
  };
  const ctx = { projectId: webhook.project_id, provider: webhook.provider, webhookId: webhook.id, now: input.now };
  const ids = {
    deployment: new Set<string>(),
    push: new Set<string>(),
    pull_request: new Set<string>(),
    incident: new Set<string>(),
  };
  const candidates: CommitCandidate[] = [];
  const contributed = new Set<string>();
  /** Each replayed delivery that carries a deployment, and that deployment's id. */
  const carried = new Map<string, string>();
  const run = async <E>(
    type: keyof DerivedIds,
    groups: Map<string, RecordEvents<E>>,
    rederive: (trx: Kysely<Database>, events: readonly E[]) => Promise<Rederived>,
  ) => {
    for (const group of groups.values()) {
      const done = await db.transaction().execute((trx) => rederive(trx, group.events));
      ids[type].add(done.id);
      if (type === 'deployment') for (const id of group.deliveryIds) carried.set(id, done.id);
      candidates.push(...done.candidates);
      if (done.result === 'unchanged') continue;
      result[done.result] += 1;
      for (const id of group.deliveryIds) contributed.add(id);
    }
  };
  await run('deployment', derived.deployments, (trx, events) =>
    rederiveDeployment({ ...ctx, db: trx }, events, complete),
  );
  // A push is one event: every delivery of it carries the same.
  await run('push', derived.pushes, (trx, [push]) => {
    if (push === undefined) throw new Error('a push group without a push');
    return rederivePush({ ...ctx, db: trx }, push);
  });
  await run('pull_request', derived.pullRequests, (trx, events) =>
    rederivePullRequest({ ...ctx, db: trx }, events, complete),
  );
  await run('incident', derived.incidents, (trx, events) => rederiveIncident({ ...ctx, db: trx }, events, complete));
  // A delivery received meanwhile may have stored what this replay did not derive: then nothing is removed.
  if (complete && (await lastDeliveryId(db, webhook.id)) === lastId) {
    result.removed = await removeUnderived(db, {
      projectId: webhook.project_id,
      webhookId: webhook.id,
      derived: ids,
      candidates,
    });
  } else if (candidates.length > 0) {
    await db.transaction().execute((trx) => deleteUnlistedCommits(trx, webhook.project_id, candidates));
  }
  await updateDeliveries(db, derived.deliveries, contributed, carried);
  return result;
}

/** The newest delivery that may have stored something (rejected ones store nothing). */
async function lastDeliveryId(db: Kysely<Database>, webhookId: string): Promise<string> {
  const last = await db
    .selectFrom('deliveries')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .where('outcome', '<>', 'rejected')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.id ?? '';
}

/**
 * A delivery's record says what its body means now: `ignored` → `accepted` when it stored or corrected something,
 * `accepted` → `ignored` when the current parser ignores it; and the deployment it links to is the one its body
 * carries now (none when ignored). So a replay also links deliveries stored before the link existed (migration 0011).
 * Only a record that changes is written.
 */
async function updateDeliveries(
  db: Kysely<Database>,
  deliveries: DerivedDeliveries['deliveries'],
  contributed: ReadonlySet<string>,
  carried: ReadonlyMap<string, string>,
): Promise<void> {
  for (const d of deliveries) {
    const outcome =
      d.outcome === 'ignored' && d.ignoredReason === null && contributed.has(d.id)
        ? 'accepted'
        : d.outcome === 'accepted' && d.ignoredReason !== null
          ? 'ignored'
          : d.outcome;
    const change: Updateable<DeliveriesTable> = {};
    if (outcome !== d.outcome) {
      change.outcome = outcome;
      change.reason = outcome === 'ignored' ? d.ignoredReason : null;
    }
    const deploymentId = outcome === 'ignored' ? null : (carried.get(d.id) ?? null);
    if (deploymentId !== d.deploymentId) change.deployment_id = deploymentId;
    if (Object.keys(change).length > 0) await db.updateTable('deliveries').set(change).where('id', '=', d.id).execute();
  }
}
