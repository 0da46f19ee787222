import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, IncidentsTable } from '../db/schema.js';
import { type IncidentEvent, NOTHING_TO_CHANGE } from '../domain/index.js';
import { newId } from '../ids.js';
import { incidentLabelsKey, issueNotIncidentReason } from '../metrics/issue-incident.js';
import { type IncidentState, mergeIncidentEvents } from '../metrics/merge-incident-events.js';
import type { ApplyContext } from './apply-deployment.js';
import { addLineagePair, incidentEventRecord } from './lineage.js';
import { loadProjectSettings } from './load-project-settings.js';
import { markIncidentsStale } from './mark-incidents-stale.js';
import type { ApplyResult } from './receive-delivery.js';

/** The columns of `incidents` that the folded events decide. */
export type FoldedColumns = Pick<
  IncidentsTable,
  | 'not_incident_reason'
  | 'source_reason'
  | 'issue'
  | 'labels_key'
  | 'title'
  | 'url'
  | 'status'
  | 'started_at'
  | 'resolved_at'
  | 'repository'
  | 'environment'
  | 'sha'
  | 'service_id'
  | 'ordered_at'
>;

/** The columns a change of which is something Shipwatch keeps (what the API shows, or whether it counts). */
const KEPT: readonly (keyof FoldedColumns)[] = [
  'not_incident_reason',
  'title',
  'url',
  'status',
  'started_at',
  'resolved_at',
  'repository',
  'environment',
  'sha',
  'service_id',
];

export function columnsOf(state: IncidentState, incidentLabels: readonly string[]): FoldedColumns {
  return {
    not_incident_reason: issueNotIncidentReason(state.notIncidentReason, state.issue, incidentLabels),
    source_reason: state.notIncidentReason,
    issue: state.issue === null ? null : JSON.stringify(state.issue),
    labels_key: state.issue === null ? null : incidentLabelsKey(incidentLabels),
    title: state.title,
    url: state.url,
    status: state.status,
    started_at: state.startedAt,
    resolved_at: state.resolvedAt,
    repository: state.repository,
    environment: state.environment,
    sha: state.sha,
    service_id: state.serviceId,
    ordered_at: state.orderedAt,
  };
}

/**
 * Stores one delivery's view of an incident (CONTRACT.md, "Incidents"). The incident is keyed by project, the
 * webhook's provider and the provider's incident id, whichever webhook delivered it. Each distinct event is kept
 * (`incident_events`), and the row's state is the fold of all of them (`mergeIncidentEvents`), so deliveries in
 * any order give the same incident. Every GitHub and GitLab issue event is kept, incident or not: whether an issue
 * is one is decided by the project's `incidentLabels` as they are now, here and again when they change
 * (src/ingest/refresh-incidents.ts). An event already kept stores nothing new (`duplicate`); a new event after
 * which the row is no incident, as it was none before, is `ignored` with the reason; one that leaves what
 * Shipwatch keeps as it was is `ignored` with "nothing to change" (kept all the same: a later delivery may make it
 * matter). Either way the webhook joins the incident's lineage. A change marks the project's incidents stale
 * (`markIncidentsStale`): attribution, and the `incident` cause of the verdicts, are worked out from all of them.
 */
export async function applyIncident(ctx: ApplyContext, event: IncidentEvent): Promise<ApplyResult> {
  const { db, projectId, provider, webhookId, now } = ctx;
  const text = JSON.stringify(event);
  const eventKey = incidentEventKey(text);
  const { incidentLabels } = await loadProjectSettings(db, projectId);
  const existing = await findIncident(db, projectId, provider, event.providerIncidentId);
  let incident = existing;
  if (incident === undefined) {
    const row: IncidentsTable = {
      id: newId('in'),
      project_id: projectId,
      provider,
      incident_key: event.providerIncidentId,
      webhook_id: webhookId,
      ...columnsOf(mergeIncidentEvents([event]) as IncidentState, incidentLabels),
      manual_link: 0,
      manual_deployment_id: null,
      created_at: now,
      updated_at: now,
    };
    await db
      .insertInto('incidents')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'provider', 'incident_key']).doNothing())
      .execute();
    incident = (await findIncident(db, projectId, provider, event.providerIncidentId)) as IncidentsTable;
  }
  // The webhook delivered the incident and this event of it (a revoke removes the events only it delivered).
  await addLineagePair(db, {
    a: ['incident', incident.id],
    b: ['incident_event', incidentEventRecord(incident.id, eventKey)],
    webhookId,
    projectId,
    now,
  });
  const inserted = await db
    .insertInto('incident_events')
    .values({ incident_id: incident.id, event_key: eventKey, event: text, created_at: now })
    .onConflict((oc) => oc.columns(['incident_id', 'event_key']).doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return { outcome: 'nothing-new' };

  const columns = await foldIncidentRow(db, incident.id, incidentLabels, now);
  if (columns === null) return { outcome: 'nothing-new' };
  const before = existing ?? incident;
  const changed = existing === undefined || KEPT.some((key) => columns[key] !== before[key]);
  const counted = columns.not_incident_reason === null;
  const countedBefore = existing !== undefined && existing.not_incident_reason === null;
  if (changed) await markIncidentsStale(db, projectId);
  if (!counted && !countedBefore && columns.not_incident_reason !== null) {
    return { outcome: 'ignored', reason: columns.not_incident_reason };
  }
  if (changed) return { outcome: 'stored' };
  return { outcome: 'ignored', reason: NOTHING_TO_CHANGE };
}

/**
 * Folds the events kept for an incident into its row (`mergeIncidentEvents`, issues decided by `incidentLabels`),
 * and answers the columns written; null, writing nothing, when it has none. `now` sets `updated_at` when given.
 */
export async function foldIncidentRow(
  db: Kysely<Database>,
  incidentId: string,
  incidentLabels: readonly string[],
  now?: number,
): Promise<FoldedColumns | null> {
  const events = await db.selectFrom('incident_events').select('event').where('incident_id', '=', incidentId).execute();
  const folded = mergeIncidentEvents(events.map((row) => JSON.parse(row.event) as IncidentEvent));
  if (folded === null) return null;
  const columns = columnsOf(folded, incidentLabels);
  await db
    .updateTable('incidents')
    .set({ ...columns, ...(now === undefined ? {} : { updated_at: now }) })
    .where('id', '=', incidentId)
    .execute();
  return columns;
}

/** The key of an incident event in `incident_events`: the SHA-256 of its JSON. */
export function incidentEventKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function findIncident(
  db: Kysely<Database>,
  projectId: string,
  provider: string,
  key: string,
): Promise<IncidentsTable | undefined> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('provider', '=', provider)
    .where('incident_key', '=', key)
    .executeTakeFirst();
}
