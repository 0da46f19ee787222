import type { IncidentEvent } from '../domain/index.js';
import { mergeIncidentEvents } from '../metrics/merge-incident-events.js';
import type { ApplyContext } from './apply-deployment.js';
import { applyIncident, columnsOf, findIncident, incidentEventKey } from './apply-incident.js';
import { addLineage, addLineagePair, incidentEventRecord } from './lineage.js';
import { loadProjectSettings } from './load-project-settings.js';
import { markIncidentsStale } from './mark-incidents-stale.js';
import { changesOf, type Rederived, rebuildsAlone } from './rederived.js';

/**
 * Replay: makes one incident what the current parser derives from the events the replayed deliveries carry. Not
 * stored yet: stored as the receiver would. Stored: the derived events are kept (and, rebuilt alone, the events
 * an old parser derived and the current one does not are removed), and the row is folded again from its events. The
 * incident keeps its id and a person's link to a deployment (`manual_link`, `manual_deployment_id`).
 */
export async function rederiveIncident(
  ctx: ApplyContext,
  events: readonly IncidentEvent[],
  complete: boolean,
): Promise<Rederived> {
  const { db } = ctx;
  const first = events[0];
  if (first === undefined) throw new Error('rederiveIncident needs at least one event');
  const existing = await findIncident(db, ctx.projectId, ctx.provider, first.providerIncidentId);
  if (existing === undefined) {
    for (const event of events) await applyIncident(ctx, event);
    const stored = await findIncident(db, ctx.projectId, ctx.provider, first.providerIncidentId);
    if (stored === undefined) throw new Error('An incident is not there after its insert');
    return { result: 'stored', id: stored.id, candidates: [] };
  }
  const alone = await rebuildsAlone(db, {
    type: 'incident',
    recordId: existing.id,
    webhookId: ctx.webhookId,
    complete,
  });
  const derived = new Map(events.map((e) => [incidentEventKey(JSON.stringify(e)), JSON.stringify(e)]));
  const stored = await db
    .selectFrom('incident_events')
    .select('event_key')
    .where('incident_id', '=', existing.id)
    .execute();
  const have = new Set(stored.map((e) => e.event_key));
  const missing = [...derived].filter(([key]) => !have.has(key));
  if (missing.length > 0) {
    await db
      .insertInto('incident_events')
      .values(
        missing.map(([key, text]) => ({ incident_id: existing.id, event_key: key, event: text, created_at: ctx.now })),
      )
      .onConflict((oc) => oc.columns(['incident_id', 'event_key']).doNothing())
      .execute();
  }
  // The webhook delivered each derived event (a revoke removes the events only it delivered).
  for (const key of derived.keys()) {
    await addLineagePair(db, {
      a: ['incident', existing.id],
      b: ['incident_event', incidentEventRecord(existing.id, key)],
      webhookId: ctx.webhookId,
      projectId: ctx.projectId,
      now: ctx.now,
    });
  }
  const gone = alone ? stored.filter((e) => !derived.has(e.event_key)).map((e) => e.event_key) : [];
  if (gone.length > 0) {
    await db
      .deleteFrom('incident_events')
      .where('incident_id', '=', existing.id)
      .where('event_key', 'in', gone)
      .execute();
    await db
      .deleteFrom('lineage')
      .where('record_type', '=', 'incident_event')
      .where(
        'record_id',
        'in',
        gone.map((key) => incidentEventRecord(existing.id, key)),
      )
      .execute();
  }
  const all = await db.selectFrom('incident_events').select('event').where('incident_id', '=', existing.id).execute();
  const folded = mergeIncidentEvents(all.map((row) => JSON.parse(row.event) as IncidentEvent));
  const { incidentLabels } = await loadProjectSettings(db, ctx.projectId);
  const row = folded === null ? {} : changesOf(existing, columnsOf(folded, incidentLabels));
  if (Object.keys(row).length > 0) await markIncidentsStale(db, ctx.projectId);
  if (Object.keys(row).length > 0) {
    await db
      .updateTable('incidents')
      .set({ ...row, updated_at: ctx.now })
      .where('id', '=', existing.id)
      .execute();
  }
  await addLineage(db, {
    type: 'incident',
    recordId: existing.id,
    webhookId: ctx.webhookId,
    projectId: ctx.projectId,
    now: ctx.now,
  });
  const changed = missing.length > 0 || gone.length > 0 || Object.keys(row).length > 0;
  return { result: changed ? 'corrected' : 'unchanged', id: existing.id, candidates: [] };
}
