import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { foldIncidentRow } from './apply-incident.js';
import { incidentEventRecord } from './lineage.js';
import { loadProjectSettings } from './load-project-settings.js';
import { markIncidentsStale } from './mark-incidents-stale.js';

/**
 * The incident part of revoking a webhook (CONTRACT.md, "Lineage and revoke, for what version 2 stores"), called
 * once by `revokeWebhook` after it removed the deployments: deletes the incidents that only this webhook delivered
 * (no other unrevoked webhook is in their lineage), with their events, and their lineage; a kept incident whose
 * `webhookId` was this one takes the earliest unrevoked webhook of its lineage, loses the events only this webhook
 * delivered (lineage `incident_event`; events kept before that lineage existed stay) and is folded again from the
 * rest. Rows that are no incident (issue candidates, declined incidents) are deleted the same way but not counted. A person's link to a deployment
 * that is gone returns the incident to automatic attribution. Answers how many incidents went.
 */
export async function revokeIncidents(
  db: Kysely<Database>,
  input: { webhookId: string; projectId: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const delivered = await trx
      .selectFrom('lineage')
      .select('record_id')
      .where('webhook_id', '=', input.webhookId)
      .where('record_type', '=', 'incident')
      .execute();
    const { incidentLabels } = await loadProjectSettings(trx, input.projectId);
    let deleted = 0;
    for (const { record_id: id } of delivered) {
      const others = await trx
        .selectFrom('lineage as l')
        .innerJoin('webhooks as w', 'w.id', 'l.webhook_id')
        .select(['l.webhook_id', 'l.created_at'])
        .where('l.record_type', '=', 'incident')
        .where('l.record_id', '=', id)
        .where('l.webhook_id', '<>', input.webhookId)
        .where('w.revoked_at', 'is', null)
        .orderBy('l.created_at')
        .orderBy('l.webhook_id')
        .execute();
      const heir = others[0];
      if (heir === undefined) {
        await trx.deleteFrom('incident_events').where('incident_id', '=', id).execute();
        const gone = await trx
          .deleteFrom('incidents')
          .where('id', '=', id)
          .returning('not_incident_reason')
          .executeTakeFirst();
        // Issue candidates and others that are no incident go too, but only incidents are counted.
        if (gone !== undefined && gone.not_incident_reason === null) deleted += 1;
        await trx.deleteFrom('lineage').where('record_type', '=', 'incident').where('record_id', '=', id).execute();
        await trx
          .deleteFrom('lineage')
          .where('record_type', '=', 'incident_event')
          .where('record_id', '>=', incidentEventRecord(id, ''))
          .where('record_id', '<', `${id};`)
          .execute();
      } else {
        await trx
          .updateTable('incidents')
          .set({ webhook_id: heir.webhook_id })
          .where('id', '=', id)
          .where('webhook_id', '=', input.webhookId)
          .execute();
        await dropOrphanEvents(trx, id, input.webhookId, incidentLabels);
      }
    }
    await trx
      .updateTable('incidents')
      .set({ manual_link: 0, manual_deployment_id: null })
      .where('project_id', '=', input.projectId)
      .where('manual_deployment_id', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deployments as d')
              .select(sql.lit(1).as('one'))
              .whereRef('d.id', '=', 'incidents.manual_deployment_id'),
          ),
        ),
      )
      .execute();
    // Removed incidents leave the verdicts of the deployments they were attributed to.
    await markIncidentsStale(trx, input.projectId);
    return deleted;
  });
}

/**
 * A kept incident's events that only the revoked webhook delivered (no unrevoked webhook in their lineage) go, with
 * their lineage; the row is folded again from the rest (an incident left with no event at all goes too).
 */
async function dropOrphanEvents(
  trx: Kysely<Database>,
  id: string,
  webhookId: string,
  incidentLabels: readonly string[],
): Promise<void> {
  const events = await trx.selectFrom('incident_events').select('event_key').where('incident_id', '=', id).execute();
  const records = events.map((e) => incidentEventRecord(id, e.event_key));
  if (records.length === 0) return;
  const orphans = await trx
    .selectFrom('lineage as l')
    .select('l.record_id')
    .where('l.record_type', '=', 'incident_event')
    .where('l.webhook_id', '=', webhookId)
    .where('l.record_id', 'in', records)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('lineage as l2')
            .innerJoin('webhooks as w', 'w.id', 'l2.webhook_id')
            .select(sql.lit(1).as('one'))
            .where('l2.record_type', '=', 'incident_event')
            .whereRef('l2.record_id', '=', 'l.record_id')
            .where('l2.webhook_id', '<>', webhookId)
            .where('w.revoked_at', 'is', null),
        ),
      ),
    )
    .execute();
  if (orphans.length === 0) return;
  const keys = orphans.map((o) => o.record_id.slice(id.length + 1));
  await trx.deleteFrom('incident_events').where('incident_id', '=', id).where('event_key', 'in', keys).execute();
  await trx
    .deleteFrom('lineage')
    .where('record_type', '=', 'incident_event')
    .where(
      'record_id',
      'in',
      orphans.map((o) => o.record_id),
    )
    .execute();
  if ((await foldIncidentRow(trx, id, incidentLabels)) === null) {
    await trx.deleteFrom('incidents').where('id', '=', id).execute();
    await trx.deleteFrom('lineage').where('record_type', '=', 'incident').where('record_id', '=', id).execute();
  }
}
