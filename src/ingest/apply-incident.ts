import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, IncidentsTable } from '../db/schema.js';
import { type IncidentEvent, NOTHING_TO_CHANGE } from '../domain/index.js';
import { newId } from '../ids.js';
import { type IncidentState, mergeIncidentEvents } from '../metrics/merge-incident-events.js';
import type { ApplyContext } from './apply-deployment.js';
import { addLineage } from './lineage.js';
import type { ApplyResult } from './receive-delivery.js';

/** The columns of `incidents` that the folded events decide. */
export type FoldedColumns = Pick<
  IncidentsTable,
  | 'not_incident_reason'
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

export function columnsOf(state: IncidentState): FoldedColumns {
  return {
    not_incident_reason: state.notIncidentReason,
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
 * any order give the same incident. An event already kept stores nothing new (`duplicate`); a new event that
 * leaves the folded state as it was is `ignored` with "nothing to change" (kept all the same: a later delivery
 * may make it matter). Either way the webhook joins the incident's lineage. Attribution is not stored: it is
 * worked out when incidents are read (src/reports/incidents.ts).
 */
export async function applyIncident(ctx: ApplyContext, event: IncidentEvent): Promise<ApplyResult> {
  const { db, projectId, provider, webhookId, now } = ctx;
  const text = JSON.stringify(event);
  const eventKey = incidentEventKey(text);
  const existing = await findIncident(db, projectId, provider, event.providerIncidentId);
  let incident = existing;
  if (incident === undefined) {
    const row: IncidentsTable = {
      id: newId('in'),
      project_id: projectId,
      provider,
      incident_key: event.providerIncidentId,
      webhook_id: webhookId,
      ...columnsOf(mergeIncidentEvents([event]) as IncidentState),
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
  await addLineage(db, { type: 'incident', recordId: incident.id, webhookId, projectId, now });
  const inserted = await db
    .insertInto('incident_events')
    .values({ incident_id: incident.id, event_key: eventKey, event: text, created_at: now })
    .onConflict((oc) => oc.columns(['incident_id', 'event_key']).doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return { outcome: 'nothing-new' };

  const events = await db
    .selectFrom('incident_events')
    .select('event')
    .where('incident_id', '=', incident.id)
    .execute();
  const folded = mergeIncidentEvents(events.map((row) => JSON.parse(row.event) as IncidentEvent));
  if (folded === null) return { outcome: 'nothing-new' };
  const columns = columnsOf(folded);
  const changed = (Object.keys(columns) as (keyof FoldedColumns)[]).some(
    (key) => key !== 'ordered_at' && columns[key] !== incident[key],
  );
  await db
    .updateTable('incidents')
    .set({ ...columns, updated_at: now })
    .where('id', '=', incident.id)
    .execute();
  if (existing === undefined || changed) return { outcome: 'stored' };
  return { outcome: 'ignored', reason: NOTHING_TO_CHANGE };
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
