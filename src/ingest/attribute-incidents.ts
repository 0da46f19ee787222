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

/** An incident's attribution with the deployment it names, as read (for the verdicts' `incident` cause). */
export interface ReadAttribution extends IncidentAttribution {
  readonly deployment: {
    readonly id: string;
    readonly repository: string | null;
    readonly finishedAt: number | null;
    readonly sha: string | null;
    /** A person may have linked it while it was successful: a later status may have changed it. */
    readonly status: string;
  } | null;
}

/** Ranges of finish times, or shas, per statement: under SQLite's bound-parameter limit. */
const PER_STATEMENT = 200;

/**
 * The attribution of each incident (CONTRACT.md, "Incidents"), the one place its rule is applied to stored data:
 * the incident list (src/reports/incidents.ts) and the verdicts' `incident` cause (src/ingest/refresh-incidents.ts)
 * both read it, so the list's deployment and the cause's are the same. Worked out from what is stored now, so a
 * deployment received late, a revoke, or a settings PUT (`incidentWindowHours`, `pagerdutyServices`) applies to
 * every incident at once. The deployments read are only the project's successful production ones that could be
 * chosen: finished within one of the incidents' windows, or of a sha they name; those a revoke is removing
 * (`pending_delete`) are left out. A person's link to a deployment that no longer exists is not applied: the
 * incident is attributed automatically.
 */
export async function attributeIncidents(
  db: Kysely<Database>,
  projectId: string,
  incidents: readonly AttributableRow[],
  settings: Pick<ProjectSettings, 'incidentWindowHours' | 'pagerdutyServices'>,
): Promise<Map<string, ReadAttribution>> {
  const result = new Map<string, ReadAttribution>();
  if (incidents.length === 0) return result;
  const deployments = await candidateDeployments(db, projectId, incidents, settings.incidentWindowHours);
  const linked = [
    ...new Set(
      incidents.flatMap((i) =>
        i.manual_link === 1 && i.manual_deployment_id !== null ? [i.manual_deployment_id] : [],
      ),
    ),
  ];
  const linkedRows = new Map<string, NonNullable<ReadAttribution['deployment']>>();
  for (let i = 0; i < linked.length; i += PER_STATEMENT) {
    const rows = await db
      .selectFrom('deployments')
      .select(['id', 'repository', 'finished_at', 'sha', 'status'])
      .where('project_id', '=', projectId)
      .where('pending_delete', '=', 0)
      .where('id', 'in', linked.slice(i, i + PER_STATEMENT))
      .execute();
    for (const r of rows)
      linkedRows.set(r.id, {
        id: r.id,
        repository: r.repository,
        finishedAt: r.finished_at,
        sha: r.sha,
        status: r.status,
      });
  }
  const byId = new Map(
    deployments.map((d) => [
      d.id,
      { id: d.id, repository: d.repository, finishedAt: d.finishedAt, sha: d.sha, status: 'success' },
    ]),
  );
  for (const incident of incidents) {
    const manual =
      incident.manual_link === 1 &&
      (incident.manual_deployment_id === null || linkedRows.has(incident.manual_deployment_id));
    const attribution = attributeIncident(
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
    );
    const id = attribution.deploymentId;
    result.set(incident.id, {
      ...attribution,
      deployment: id === null ? null : (linkedRows.get(id) ?? byId.get(id) ?? null),
    });
  }
  return result;
}

/** The successful production deployments that could be chosen: in an incident's window, or of a sha it names. */
async function candidateDeployments(
  db: Kysely<Database>,
  projectId: string,
  incidents: readonly AttributableRow[],
  windowHours: number,
): Promise<AttributionDeployment[]> {
  const ranges = windows(
    incidents.map((i) => i.started_at),
    windowHours * 3_600_000,
  );
  const shas = [...new Set(incidents.flatMap((i) => (i.sha === null ? [] : [i.sha.toLowerCase()])))];
  const base = () =>
    db
      .selectFrom('deployments as d')
      .innerJoin('environments as e', 'e.id', 'd.environment_id')
      .select(['d.id', 'd.repository', 'e.name', 'd.sha', 'd.finished_at'])
      .where('d.project_id', '=', projectId)
      .where('d.pending_delete', '=', 0)
      .where('e.production', '=', 1)
      .where('d.status', '=', 'success');
  const found = new Map<string, AttributionDeployment>();
  const add = (
    rows: { id: string; repository: string | null; name: string; sha: string | null; finished_at: number | null }[],
  ) => {
    for (const r of rows) {
      found.set(r.id, {
        id: r.id,
        repository: r.repository,
        environment: r.name,
        production: true,
        status: 'success',
        finishedAt: r.finished_at,
        sha: r.sha,
      });
    }
  };
  for (let i = 0; i < ranges.length; i += PER_STATEMENT) {
    const part = ranges.slice(i, i + PER_STATEMENT);
    add(
      await base()
        .where((eb) =>
          eb.or(part.map(([from, to]) => eb.and([eb('d.finished_at', '>=', from), eb('d.finished_at', '<=', to)]))),
        )
        .execute(),
    );
  }
  for (let i = 0; i < shas.length; i += PER_STATEMENT) {
    add(
      await base()
        .where('d.sha', 'in', shas.slice(i, i + PER_STATEMENT))
        .execute(),
    );
  }
  return [...found.values()];
}

/** `[start - window, start]` for each start, overlapping ones merged, in order. */
function windows(starts: readonly number[], windowMs: number): [number, number][] {
  const merged: [number, number][] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    const last = merged.at(-1);
    if (last !== undefined && start - windowMs <= last[1]) last[1] = start;
    else merged.push([start - windowMs, start]);
  }
  return merged;
}
