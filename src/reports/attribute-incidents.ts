import type { Kysely } from 'kysely';
import type { Database, IncidentsTable } from '../db/schema.js';
import type { ProjectSettings } from '../domain/index.js';
import {
  type AttributionDeployment,
  attributeIncident,
  type IncidentAttribution,
} from '../metrics/attribute-incident.js';

/** What attribution reads of an incident row. */
export type AttributableRow = Pick<
  IncidentsTable,
  'id' | 'started_at' | 'repository' | 'service_id' | 'sha' | 'environment' | 'manual_link' | 'manual_deployment_id'
>;

/**
 * The attribution of each incident (CONTRACT.md, "Incidents"), worked out when incidents are read, never stored:
 * so a deployment received late, a revoke, or a settings PUT (`incidentWindowHours`, `pagerdutyServices`) applies to
 * every incident at once, with nothing to refresh. Incidents are few; the deployments read are only the project's
 * successful production ones that could be chosen: finished in the span of the incidents' windows, or of the shas
 * they name. A person's link to a deployment that no longer exists (a revoke removed it) is not applied: the
 * incident is attributed automatically.
 */
export async function attributeIncidents(
  db: Kysely<Database>,
  projectId: string,
  incidents: readonly AttributableRow[],
  settings: Pick<ProjectSettings, 'incidentWindowHours' | 'pagerdutyServices'>,
): Promise<Map<string, IncidentAttribution>> {
  const result = new Map<string, IncidentAttribution>();
  if (incidents.length === 0) return result;
  const starts = incidents.map((i) => i.started_at);
  const from = Math.min(...starts) - settings.incidentWindowHours * 3_600_000;
  const to = Math.max(...starts);
  const shas = [...new Set(incidents.flatMap((i) => (i.sha === null ? [] : [i.sha.toLowerCase()])))];
  const linked = [
    ...new Set(incidents.flatMap((i) => (i.manual_deployment_id === null ? [] : [i.manual_deployment_id]))),
  ];
  const rows = await db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select(['d.id', 'd.repository', 'e.name', 'd.sha', 'd.finished_at'])
    .where('d.project_id', '=', projectId)
    .where('e.production', '=', 1)
    .where('d.status', '=', 'success')
    .where((eb) =>
      eb.or([
        eb.and([eb('d.finished_at', '>=', from), eb('d.finished_at', '<=', to)]),
        ...(shas.length === 0 ? [] : [eb('d.sha', 'in', shas)]),
      ]),
    )
    .execute();
  const deployments: AttributionDeployment[] = rows.map((r) => ({
    id: r.id,
    repository: r.repository,
    environment: r.name,
    production: true,
    status: 'success',
    finishedAt: r.finished_at,
    sha: r.sha,
  }));
  const existing = new Set(
    linked.length === 0
      ? []
      : (
          await db
            .selectFrom('deployments')
            .select('id')
            .where('project_id', '=', projectId)
            .where('id', 'in', linked)
            .execute()
        ).map((r) => r.id),
  );
  for (const incident of incidents) {
    const manual =
      incident.manual_link === 1 &&
      (incident.manual_deployment_id === null || existing.has(incident.manual_deployment_id));
    result.set(
      incident.id,
      attributeIncident(
        {
          startedAt: incident.started_at,
          repository: incident.repository,
          serviceId: incident.service_id,
          sha: incident.sha,
          environment: incident.environment,
          ...(manual ? { manualDeploymentId: incident.manual_deployment_id } : {}),
        },
        deployments,
        settings,
      ),
    );
  }
  return result;
}
