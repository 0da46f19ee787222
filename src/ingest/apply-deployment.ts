import type { Kysely } from 'kysely';
import type { Database, DeploymentsTable } from '../db/schema.js';
import type { DeploymentEvent } from '../domain/index.js';
import { newId } from '../ids.js';
import { ensureEnvironment } from './ensure-environment.js';
import { addLineage } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';
import { recomputeDeploymentStatus } from './recompute-deployment-status.js';

export interface ApplyContext {
  readonly db: Kysely<Database>;
  readonly projectId: string;
  readonly provider: string;
  readonly webhookId: string;
  readonly now: number;
}

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
  const identity = (q: ReturnType<typeof selectDeployment>) =>
    q
      .where('project_id', '=', ctx.projectId)
      .where('provider', '=', ctx.provider)
      .where('instance', '=', event.instance)
      .where('provider_deployment_id', '=', event.providerDeploymentId);
  const selectDeployment = () => db.selectFrom('deployments').selectAll();

  let stored = false;
  let deployment = await identity(selectDeployment()).executeTakeFirst();
  if (deployment === undefined) {
    const environment = await ensureEnvironment(db, {
      projectId: ctx.projectId,
      name: event.environment,
      productionHint: event.productionHint,
      now: ctx.now,
    });
    const row: DeploymentsTable = {
      id: newId('dep'),
      project_id: ctx.projectId,
      provider: ctx.provider,
      instance: event.instance,
      provider_deployment_id: event.providerDeploymentId,
      repository: event.repository,
      environment_id: environment.id,
      sha: event.sha,
      ref: event.ref,
      url: event.url,
      commit_url: event.commitUrl,
      started_at: event.startedAt,
      finished_at: null,
      status: 'pending',
      status_at: null,
      change_failure: null,
      created_at: ctx.now,
      commits_count: null,
      commits_complete: 1,
      lead_time_seconds: null,
      lists_commits: 0,
    };
    const inserted = await db
      .insertInto('deployments')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'provider', 'instance', 'provider_deployment_id']).doNothing())
      .executeTakeFirst();
    stored = (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
    deployment = await identity(selectDeployment()).executeTakeFirstOrThrow();
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
      deployment = { ...deployment, ...fill };
    }
  }
  await addLineage(db, {
    type: 'deployment',
    recordId: deployment.id,
    webhookId: ctx.webhookId,
    projectId: ctx.projectId,
    now: ctx.now,
  });

  if (event.status !== null) {
    const eventId = newId('dev');
    const inserted = await db
      .insertInto('deployment_events')
      .values({
        id: eventId,
        deployment_id: deployment.id,
        project_id: ctx.projectId,
        event_key: event.status.key,
        status: event.status.status,
        provider_state: event.status.providerState,
        at: event.status.at,
        created_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['deployment_id', 'event_key']).doNothing())
      .executeTakeFirst();
    const stored_event = await db
      .selectFrom('deployment_events')
      .select('id')
      .where('deployment_id', '=', deployment.id)
      .where('event_key', '=', event.status.key)
      .executeTakeFirstOrThrow();
    await addLineage(db, {
      type: 'deployment_event',
      recordId: stored_event.id,
      webhookId: ctx.webhookId,
      projectId: ctx.projectId,
      now: ctx.now,
    });
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) {
      stored = true;
      const before = { status: deployment.status, finishedAt: deployment.finished_at };
      const after = await recomputeDeploymentStatus(db, deployment.id, deployment);
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
    await db
      .insertInto('commits')
      .values(event.commits.map((c) => ({ project_id: ctx.projectId, repository, sha: c.sha, timestamp: c.timestamp })))
      .onConflict((oc) => oc.columns(['project_id', 'repository', 'sha']).doNothing())
      .execute();
    if ((listed.numInsertedOrUpdatedRows ?? 0n) > 0n) {
      stored = true;
      const oldest = Math.min(...event.commits.map((c) => c.timestamp));
      await markRepositoriesStale(db, ctx.projectId, [repository], Math.min(oldest, deployment.finished_at ?? oldest));
    }
  }
  return { stored, deploymentId: deployment.id };
}
