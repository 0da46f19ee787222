import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, DeploymentEventsTable, DeploymentsTable } from '../db/schema.js';
import type { DeploymentEvent } from '../domain/index.js';
import { newSortableId } from '../ids.js';
import { ensureEnvironment } from './ensure-environment.js';
import { insertCommits } from './insert-commits.js';
import { addLineage, addLineagePair } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';
import { markVerdictsStale } from './mark-verdicts-stale.js';
import { recomputeDeploymentStatus, statusFromEvents } from './recompute-deployment-status.js';

export interface ApplyContext {
  readonly db: Kysely<Database>;
  readonly projectId: string;
  readonly provider: string;
  readonly webhookId: string;
  readonly now: number;
}

// The statements of every deployment delivery, compiled once (src/db/prepared.ts). They name their columns
// rather than `*`: on PostgreSQL a prepared statement whose result gains a column (a migration run by a newer
// process) fails until it is prepared again.
const DEPLOYMENT_COLUMNS = [
  'id',
  'project_id',
  'provider',
  'instance',
  'provider_deployment_id',
  'repository',
  'environment_id',
  'sha',
  'ref',
  'url',
  'commit_url',
  'started_at',
  'finished_at',
  'status',
  'status_at',
  'change_failure',
  'created_at',
  'commits_count',
  'commits_complete',
  'lead_time_seconds',
  'lists_commits',
] as const satisfies readonly (keyof DeploymentsTable)[];
type Identity = Pick<DeploymentsTable, 'project_id' | 'provider' | 'instance' | 'provider_deployment_id'>;
const selectDeployment = prepared<Identity, DeploymentsTable>((db, p) =>
  db
    .selectFrom('deployments')
    .select(DEPLOYMENT_COLUMNS)
    .where('project_id', '=', p('project_id'))
    .where('provider', '=', p('provider'))
    .where('instance', '=', p('instance'))
    .where('provider_deployment_id', '=', p('provider_deployment_id')),
);
/** Inserts a deployment unless its identity exists; returns the row when it did insert. */
const insertDeployment = prepared<DeploymentsTable, DeploymentsTable>((db, p) =>
  db
    .insertInto('deployments')
    .values(Object.fromEntries(DEPLOYMENT_COLUMNS.map((c) => [c, p(c)])) as unknown as DeploymentsTable)
    .onConflict((oc) => oc.columns(['project_id', 'provider', 'instance', 'provider_deployment_id']).doNothing())
    .returning(DEPLOYMENT_COLUMNS),
);
type NewEvent = Omit<DeploymentEventsTable, 'id'> & { id: string };
/** Inserts a status event unless its key exists for the deployment; returns its id when it did insert. */
const insertEvent = prepared<NewEvent, Pick<DeploymentEventsTable, 'id'>>((db, p) =>
  db
    .insertInto('deployment_events')
    .values({
      id: p('id'),
      deployment_id: p('deployment_id'),
      project_id: p('project_id'),
      event_key: p('event_key'),
      status: p('status'),
      provider_state: p('provider_state'),
      at: p('at'),
      created_at: p('created_at'),
    })
    .onConflict((oc) => oc.columns(['deployment_id', 'event_key']).doNothing())
    .returning('id'),
);
const selectEventId = prepared<Pick<DeploymentEventsTable, 'deployment_id' | 'event_key'>, { id: string }>((db, p) =>
  db
    .selectFrom('deployment_events')
    .select('id')
    .where('deployment_id', '=', p('deployment_id'))
    .where('event_key', '=', p('event_key')),
);

/**
 * Stores one deployment event: the deployment (one per provider deployment, whichever webhook brought it), its
 * status event (once per event key), and the lineage of both. Returns whether anything new was stored; the
 * deployment's status is re-derived from all its events, so arrival order does not matter.
 */
export async function applyDeployment(
  ctx: ApplyContext,
  event: DeploymentEvent,
): Promise<{ stored: boolean; deploymentId: string }> {
  const { db } = ctx;
  const identity: Identity = {
    project_id: ctx.projectId,
    provider: ctx.provider,
    instance: event.instance,
    provider_deployment_id: event.providerDeploymentId,
  };

  let stored = false;
  /** Set when this call created the deployment with its first status already applied. */
  let createdWithStatus = false;
  let deployment = (await selectDeployment.run(db, identity)).rows[0];
  if (deployment === undefined) {
    const environment = await ensureEnvironment(db, {
      projectId: ctx.projectId,
      name: event.environment,
      productionHint: event.productionHint,
      now: ctx.now,
    });
    // A new deployment with a status: its status is that event's, as recomputeDeploymentStatus would derive it
    // from its only event; written with the row instead of by a second statement.
    const derived = event.status === null ? null : statusFromEvents([event.status]);
    const row: DeploymentsTable = {
      ...identity,
      id: newSortableId('dep', ctx.now),
      repository: event.repository,
      environment_id: environment.id,
      sha: event.sha,
      ref: event.ref,
      url: event.url,
      commit_url: event.commitUrl,
      started_at: event.startedAt ?? derived?.firstAt ?? null,
      finished_at: derived?.finishedAt ?? null,
      status: derived?.status ?? 'pending',
      status_at: derived?.statusAt ?? null,
      change_failure: null,
      created_at: ctx.now,
      commits_count: null,
      commits_complete: 1,
      lead_time_seconds: null,
      lists_commits: 0,
    };
    const inserted = (await insertDeployment.run(db, row)).rows[0];
    if (inserted !== undefined) {
      stored = true;
      createdWithStatus = derived !== null;
      deployment = inserted;
    } else {
      // Another transaction created it first (PostgreSQL): apply this event to that row as to any other.
      deployment = (await selectDeployment.run(db, identity)).rows[0];
      if (deployment === undefined) throw new Error('A deployment that conflicted on insert is not there');
    }
  } else {
    // A later event may know what an earlier one did not (GitHub `deployment` before its statuses, say).
    const fill: Partial<DeploymentsTable> = {};
    if (deployment.sha === null && event.sha !== null) fill.sha = event.sha;
    if (deployment.ref === null && event.ref !== null) fill.ref = event.ref;
    if (deployment.url === null && event.url !== null) fill.url = event.url;
    if (deployment.commit_url === null && event.commitUrl !== null) fill.commit_url = event.commitUrl;
    if (deployment.repository === null && event.repository !== null) fill.repository = event.repository;
    if (event.startedAt !== null && (deployment.started_at === null || event.startedAt < deployment.started_at))
      fill.started_at = event.startedAt;
    if (Object.keys(fill).length > 0) {
      await db.updateTable('deployments').set(fill).where('id', '=', deployment.id).execute();
      await markVerdictsStale(db, ctx.projectId, [deployment.repository, fill.repository ?? deployment.repository]);
      deployment = { ...deployment, ...fill };
    }
  }
  const lineage = { webhookId: ctx.webhookId, projectId: ctx.projectId, now: ctx.now };
  if (event.status === null) {
    await addLineage(db, { ...lineage, type: 'deployment', recordId: deployment.id });
  } else {
    const eventRow: NewEvent = {
      id: newSortableId('dev', ctx.now),
      deployment_id: deployment.id,
      project_id: ctx.projectId,
      event_key: event.status.key,
      status: event.status.status,
      provider_state: event.status.providerState,
      at: event.status.at,
      created_at: ctx.now,
    };
    const insertedId = (await insertEvent.run(db, eventRow)).rows[0]?.id;
    const eventId =
      insertedId ??
      (await selectEventId.run(db, { deployment_id: deployment.id, event_key: eventRow.event_key })).rows[0]?.id;
    if (eventId === undefined) throw new Error('A status event that conflicted on insert is not there');
    await addLineagePair(db, { ...lineage, a: ['deployment', deployment.id], b: ['deployment_event', eventId] });
    if (insertedId !== undefined) {
      stored = true;
      // A deployment created with this status starts from `pending` with no finish time.
      const before = createdWithStatus
        ? { status: 'pending', finishedAt: null }
        : { status: deployment.status, finishedAt: deployment.finished_at };
      const after = createdWithStatus
        ? { status: deployment.status, finishedAt: deployment.finished_at }
        : await recomputeDeploymentStatus(db, deployment.id, deployment);
      if (
        deployment.repository !== null &&
        (before.status !== after.status || before.finishedAt !== after.finishedAt)
      ) {
        const times = [before.finishedAt, after.finishedAt].filter((t): t is number => t !== null);
        if (times.length > 0)
          await markRepositoriesStale(db, ctx.projectId, [deployment.repository], Math.min(...times));
      }
    }
  }

  if (event.commits !== undefined && deployment.lists_commits === 0) {
    // An empty list too: the deployment's commits are known, and there are none.
    await db.updateTable('deployments').set({ lists_commits: 1 }).where('id', '=', deployment.id).execute();
    stored = true;
    if (deployment.repository !== null && deployment.finished_at !== null) {
      await markRepositoriesStale(db, ctx.projectId, [deployment.repository], deployment.finished_at);
    }
  }
  if (event.commits !== undefined && event.commits.length > 0 && deployment.repository !== null) {
    const repository = deployment.repository;
    const listed = await db
      .insertInto('deployment_listed_commits')
      .values(event.commits.map((c) => ({ deployment_id: deployment.id, sha: c.sha, timestamp: c.timestamp })))
      .onConflict((oc) => oc.columns(['deployment_id', 'sha']).doNothing())
      .executeTakeFirst();
    await insertCommits(db, ctx.projectId, repository, event.commits);
    if ((listed.numInsertedOrUpdatedRows ?? 0n) > 0n) {
      stored = true;
      const oldest = Math.min(...event.commits.map((c) => c.timestamp));
      await markRepositoriesStale(db, ctx.projectId, [repository], Math.min(oldest, deployment.finished_at ?? oldest));
    }
  }
  // Any change to a deployment (a status, its commits) may change the verdicts of its repository's history.
  if (stored) await markVerdictsStale(db, ctx.projectId, [deployment.repository]);
  return { stored, deploymentId: deployment.id };
}
