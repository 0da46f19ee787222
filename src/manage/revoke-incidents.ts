import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { markIncidentsStale } from '../ingest/mark-incidents-stale.js';

/**
 * The incident part of revoking a webhook (CONTRACT.md, "Lineage and revoke, for what version 2 stores"), called
 * once by `revokeWebhook` after it removed the deployments: deletes the incidents that only this webhook delivered
 * (no other unrevoked webhook is in their lineage), with their events, and their lineage; a kept incident whose
 * `webhookId` was this one takes the earliest unrevoked webhook of its lineage. Rows that are no incident (issue
 * candidates, declined incidents) are deleted the same way but not counted. A person's link to a deployment
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
      } else {
        await trx
          .updateTable('incidents')
          .set({ webhook_id: heir.webhook_id })
          .where('id', '=', id)
          .where('webhook_id', '=', input.webhookId)
          .execute();
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
