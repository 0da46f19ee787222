import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { conflict, notFound } from '../errors.js';
import { markIncidentsStale } from '../ingest/mark-incidents-stale.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getIncident, type IncidentView } from '../reports/incidents.js';
import { type Actor, recordAudit } from './audit.js';

/**
 * `PATCH /api/incidents/:incidentId` `{"deploymentId": "<id>" | null | "auto"}` (CONTRACT.md, "Incidents"): a
 * person's link wins over automatic attribution (null: "not caused by a deployment"), "auto" returns the incident
 * to automatic attribution. A link to a deployment that is not a successful production deployment of the same
 * project answers 409. Audited.
 */
export async function linkIncident(
  db: Kysely<Database>,
  input: { id: string; deploymentId: string | null; actor: Actor; now: number },
): Promise<IncidentView> {
  // Whether it is an incident at all follows the current incidentLabels, applied by the refresh.
  const owner = await db.selectFrom('incidents').select('project_id').where('id', '=', input.id).executeTakeFirst();
  if (owner !== undefined) await refreshStaleRepositories(db, owner.project_id);
  await db.transaction().execute(async (trx) => {
    const incident = await trx
      .selectFrom('incidents')
      .select(['id', 'project_id'])
      .where('id', '=', input.id)
      .where('not_incident_reason', 'is', null)
      .executeTakeFirst();
    if (incident === undefined) throw notFound(`Incident ${input.id} does not exist.`);
    const auto = input.deploymentId === 'auto';
    if (!auto && input.deploymentId !== null) {
      const deployment = await trx
        .selectFrom('deployments as d')
        .innerJoin('environments as e', 'e.id', 'd.environment_id')
        .select(['d.status', 'e.production'])
        .where('d.id', '=', input.deploymentId)
        .where('d.project_id', '=', incident.project_id)
        .executeTakeFirst();
      if (deployment === undefined || deployment.status !== 'success' || deployment.production !== 1) {
        throw conflict(
          `Deployment ${input.deploymentId} is not a successful production deployment of this project: an incident links only to one.`,
        );
      }
    }
    await trx
      .updateTable('incidents')
      .set({ manual_link: auto ? 0 : 1, manual_deployment_id: auto ? null : input.deploymentId, updated_at: input.now })
      .where('id', '=', input.id)
      .execute();
    // The verdicts' `incident` cause follows the link: the deployment it leaves and the one it names.
    await markIncidentsStale(trx, incident.project_id);
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: auto ? 'incident.link_cleared' : 'incident.linked',
        targetType: 'incident',
        targetId: input.id,
        projectId: incident.project_id,
      },
      input.now,
    );
  });
  const view = await getIncident(db, input.id);
  if (view === undefined) throw notFound(`Incident ${input.id} does not exist.`);
  return view;
}
