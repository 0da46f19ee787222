import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommitRef, DeploymentEvent, StatusEvent } from '../domain/index.js';
import { newSortableId } from '../ids.js';
import { type ApplyContext, applyDeployment } from './apply-deployment.js';
import type { CommitCandidate } from './delete-unlisted-commits.js';
import { ensureEnvironment } from './ensure-environment.js';
import { correctCommits } from './insert-commits.js';
import { addLineage, addLineagePair } from './lineage.js';
import { markRepositoriesStale } from './mark-stale.js';
import { markVerdictsStale } from './mark-verdicts-stale.js';
import { recomputeDeploymentStatus, statusFromEvents } from './recompute-deployment-status.js';
import { changesOf, type Rederived, rebuildsAlone } from './rederived.js';

/** What a deployment's events, in the order they arrived, say of it, by the receiver's rules (apply-deployment.ts). */
function fold(first: DeploymentEvent, events: readonly DeploymentEvent[]) {
  const firstGiven = (key: 'repository' | 'sha' | 'ref' | 'url' | 'commitUrl') =>
    events.find((e) => e[key] !== null)?.[key] ?? null;
  const statuses = new Map<string, StatusEvent>();
  const commits = new Map<string, CommitRef>();
  let listsCommits = false;
  // Created with the first event's start (else its status time); an earlier start given later replaces it.
  let startedAt: number | null = null;
  for (const e of events) {
    if (e.status !== null && !statuses.has(e.status.key)) statuses.set(e.status.key, e.status);
    if (e.commits !== undefined) {
      listsCommits = true;
      for (const c of e.commits) if (!commits.has(c.sha)) commits.set(c.sha, c);
    }
    if (startedAt === null) startedAt = e.startedAt ?? e.status?.at ?? null;
    else if (e.startedAt !== null && e.startedAt < startedAt) startedAt = e.startedAt;
  }
  return {
    environment: first.environment,
    productionHint: first.productionHint,
    repository: firstGiven('repository'),
    sha: firstGiven('sha'),
    ref: firstGiven('ref'),
    url: firstGiven('url'),
    commitUrl: firstGiven('commitUrl'),
    startedAt,
    statuses,
    commits,
    listsCommits,
  };
}

/**
 * Replay: makes one deployment what the current parser derives from the events the replayed deliveries carry (in
 * the order they arrived). A deployment not stored yet is stored as the receiver would. A stored one keeps its id,
 * its person's marks (`change_failure`, `rework_override`) and the incidents linked to it; its environment,
 * repository, sha, ref, links and start are corrected, its status events updated or added (and, when the replay
 * rebuilds it alone, those no longer derived removed), its status re-derived from them, and its listed commits made
 * the derived ones. Any change marks the cache of brought commits and the verdicts of its old and new repository stale.
 */
export async function rederiveDeployment(
  ctx: ApplyContext,
  events: readonly DeploymentEvent[],
  complete: boolean,
): Promise<Rederived> {
  const { db } = ctx;
  const first = events[0];
  if (first === undefined) throw new Error('rederiveDeployment needs at least one event');
  const existing = await db
    .selectFrom('deployments')
    .select(['id', 'repository', 'environment_id', 'sha', 'ref', 'url', 'commit_url', 'started_at', 'lists_commits'])
    .select(['status', 'status_at', 'finished_at'])
    .where('project_id', '=', ctx.projectId)
    .where('provider', '=', ctx.provider)
    .where('instance', '=', first.instance)
    .where('provider_deployment_id', '=', first.providerDeploymentId)
    .executeTakeFirst();
  if (existing === undefined) {
    let id = '';
    for (const event of events) id = (await applyDeployment(ctx, event)).deploymentId;
    return { result: 'stored', id, candidates: [] };
  }
  const alone = await rebuildsAlone(db, {
    type: 'deployment',
    recordId: existing.id,
    webhookId: ctx.webhookId,
    complete,
  });
  const derived = fold(first, events);
  const environment = await ensureEnvironment(db, {
    projectId: ctx.projectId,
    name: derived.environment,
    productionHint: derived.productionHint,
    now: ctx.now,
  });
  // Rebuilt alone, the derived value holds even when it is none; otherwise a value only this replay lacks is kept.
  const pick = <T>(value: T | null, current: T | null): T | null => (alone ? value : (value ?? current));
  const derivedLists = derived.listsCommits ? 1 : 0;
  const { status: _status, status_at: _statusAt, finished_at: _finishedAt, ...columns } = existing;
  const row = changesOf(columns, {
    repository: pick(derived.repository, existing.repository),
    environment_id: environment.id,
    sha: pick(derived.sha, existing.sha),
    ref: pick(derived.ref, existing.ref),
    url: pick(derived.url, existing.url),
    commit_url: pick(derived.commitUrl, existing.commit_url),
    started_at: pick(derived.startedAt, existing.started_at),
    lists_commits: alone ? derivedLists : Math.max(existing.lists_commits, derivedLists),
  });
  if (Object.keys(row).length > 0) await db.updateTable('deployments').set(row).where('id', '=', existing.id).execute();
  const repository = row.repository === undefined ? existing.repository : row.repository;

  const eventsChanged = await rederiveEvents(ctx, existing.id, derived.statuses, alone);
  const listed = await rederiveListedCommits(db, existing.id, derived.commits, alone);
  const commitsChanged =
    repository !== null && derived.commits.size > 0
      ? await correctCommits(db, ctx.projectId, repository, [...derived.commits.values()])
      : false;
  // A status stored wrong is corrected even when its events were right; a right one is not written again.
  const derivedStatus = statusFromEvents(
    await db
      .selectFrom('deployment_events')
      .select(['status', 'at'])
      .where('deployment_id', '=', existing.id)
      .execute(),
  );
  const statusChanged =
    derivedStatus.status !== existing.status ||
    derivedStatus.statusAt !== existing.status_at ||
    derivedStatus.finishedAt !== existing.finished_at;
  if (statusChanged || eventsChanged || row.started_at !== undefined) await recomputeDeploymentStatus(db, existing.id);

  const changed = Object.keys(row).length > 0 || eventsChanged || statusChanged || listed.changed || commitsChanged;
  let candidates: CommitCandidate[] = [];
  if (changed) {
    const repositories = [existing.repository, repository];
    await markRepositoriesStale(
      db,
      ctx.projectId,
      repositories.filter((r): r is string => r !== null),
      0,
    );
    await markVerdictsStale(db, ctx.projectId, repositories);
    const old = existing.repository;
    if (old !== null && (listed.changed || repository !== old))
      candidates = listed.before.map((sha) => ({ repository: old, sha }));
  }
  return { result: changed ? 'corrected' : 'unchanged', id: existing.id, candidates };
}

/** The deployment's status events made the derived ones (and their lineage); returns whether any changed. */
async function rederiveEvents(
  ctx: ApplyContext,
  deploymentId: string,
  statuses: ReadonlyMap<string, StatusEvent>,
  alone: boolean,
): Promise<boolean> {
  const { db } = ctx;
  const stored = await db
    .selectFrom('deployment_events')
    .select(['id', 'event_key', 'status', 'provider_state', 'at'])
    .where('deployment_id', '=', deploymentId)
    .execute();
  const byKey = new Map(stored.map((e) => [e.event_key, e]));
  const lineage = { webhookId: ctx.webhookId, projectId: ctx.projectId, now: ctx.now };
  let changed = false;
  for (const status of statuses.values()) {
    const current = byKey.get(status.key);
    const target = { status: status.status, provider_state: status.providerState, at: status.at };
    let eventId = current?.id;
    if (current === undefined) {
      eventId = newSortableId('dev', ctx.now);
      const inserted = await db
        .insertInto('deployment_events')
        .values({
          id: eventId,
          deployment_id: deploymentId,
          project_id: ctx.projectId,
          event_key: status.key,
          ...target,
          created_at: ctx.now,
        })
        .onConflict((oc) => oc.columns(['deployment_id', 'event_key']).doNothing())
        .executeTakeFirst();
      // The receiver stored it meanwhile (the same event from a new delivery): that row is the event.
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
        eventId = (
          await db
            .selectFrom('deployment_events')
            .select('id')
            .where('deployment_id', '=', deploymentId)
            .where('event_key', '=', status.key)
            .executeTakeFirstOrThrow()
        ).id;
      }
      changed = true;
    } else {
      const update = changesOf(current, target);
      if (Object.keys(update).length > 0) {
        await db.updateTable('deployment_events').set(update).where('id', '=', current.id).execute();
        changed = true;
      }
    }
    if (eventId !== undefined)
      await addLineagePair(db, { ...lineage, a: ['deployment', deploymentId], b: ['deployment_event', eventId] });
  }
  if (statuses.size === 0) await addLineage(db, { ...lineage, type: 'deployment', recordId: deploymentId });
  const gone = alone ? stored.filter((e) => !statuses.has(e.event_key)).map((e) => e.id) : [];
  if (gone.length > 0) {
    await db.deleteFrom('deployment_events').where('id', 'in', gone).execute();
    await db
      .deleteFrom('lineage')
      .where('record_type', '=', 'deployment_event')
      .where('record_id', 'in', gone)
      .execute();
    changed = true;
  }
  return changed;
}

/** The deployment's listed commits made the derived ones; returns whether they changed and the shas listed before. */
async function rederiveListedCommits(
  db: Kysely<Database>,
  deploymentId: string,
  commits: ReadonlyMap<string, CommitRef>,
  alone: boolean,
): Promise<{ changed: boolean; before: string[] }> {
  const stored = await db
    .selectFrom('deployment_listed_commits')
    .select(['sha', 'timestamp'])
    .where('deployment_id', '=', deploymentId)
    .execute();
  const have = new Map(stored.map((r) => [r.sha, r.timestamp]));
  const differing = [...commits.values()].filter((c) => have.get(c.sha) !== c.timestamp);
  for (let i = 0; i < differing.length; i += 500) {
    await db
      .insertInto('deployment_listed_commits')
      .values(
        differing.slice(i, i + 500).map((c) => ({ deployment_id: deploymentId, sha: c.sha, timestamp: c.timestamp })),
      )
      .onConflict((oc) =>
        oc.columns(['deployment_id', 'sha']).doUpdateSet((eb) => ({ timestamp: eb.ref('excluded.timestamp') })),
      )
      .execute();
  }
  const gone = alone ? stored.filter((r) => !commits.has(r.sha)).map((r) => r.sha) : [];
  for (let i = 0; i < gone.length; i += 500) {
    await db
      .deleteFrom('deployment_listed_commits')
      .where('deployment_id', '=', deploymentId)
      .where('sha', 'in', gone.slice(i, i + 500))
      .execute();
  }
  return { changed: differing.length > 0 || gone.length > 0, before: stored.map((r) => r.sha) };
}
