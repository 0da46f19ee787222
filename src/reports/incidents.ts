import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database, IncidentsTable } from '../db/schema.js';
import type { ProjectSettings } from '../domain/index.js';
import { badRequest } from '../errors.js';
import { attributeIncidents } from '../ingest/attribute-incidents.js';
import { loadProjectSettings } from '../ingest/load-project-settings.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import type { AttributionKind } from '../metrics/attribute-incident.js';
import type { RestorableIncident } from '../metrics/time-to-restore.js';
import { parseQueryBounds } from './query-bounds.js';

/** An incident as the API answers it (CONTRACT.md, "Incidents"). */
export interface IncidentView {
  id: string;
  webhookId: string;
  provider: string;
  title: string | null;
  url: string | null;
  status: 'open' | 'resolved';
  startedAt: string;
  resolvedAt: string | null;
  /** The incident's repository, or its PagerDuty service's through `pagerdutyServices`. */
  repository: string | null;
  deploymentId: string | null;
  attribution: AttributionKind | null;
}

export interface IncidentQuery {
  from?: string | undefined;
  to?: string | undefined;
  repository?: string | undefined;
  before?: string | undefined;
  limit: number;
}

type IncidentSelect = SelectQueryBuilder<Database, 'incidents', object>;

/** Incidents that count (not declined, test, unlabelled...), of one repository when asked: its own or its service's. */
function counted(query: IncidentSelect, repository: string | undefined, services: Record<string, string>) {
  let q = query.where('not_incident_reason', 'is', null);
  if (repository !== undefined) {
    const mapped = Object.entries(services).flatMap(([service, repo]) => (repo === repository ? [service] : []));
    q = q.where((eb) =>
      eb.or([
        eb('repository', '=', repository),
        ...(mapped.length === 0 ? [] : [eb.and([eb('repository', 'is', null), eb('service_id', 'in', mapped)])]),
      ]),
    );
  }
  return q;
}

/** `GET /api/projects/:projectId/incidents`: newest first by start, `?from&to` on the start, cursor `<start>.<id>`. */
export async function listIncidents(
  db: Kysely<Database>,
  projectId: string,
  q: IncidentQuery,
): Promise<{ incidents: IncidentView[]; nextCursor: string | null }> {
  const project = await getProjectRow(db, projectId);
  // Issues are re-decided by the current incidentLabels in the refresh, as the verdicts are.
  await refreshStaleRepositories(db, projectId);
  const settings = await loadProjectSettings(db, projectId);
  let query = counted(
    db.selectFrom('incidents').where('project_id', '=', projectId),
    q.repository,
    settings.pagerdutyServices,
  );
  const bounds = parseQueryBounds(q, project.time_zone);
  if (bounds.from !== undefined) query = query.where('started_at', '>=', bounds.from);
  if (bounds.to !== undefined) query = query.where('started_at', '<', bounds.to);
  if (q.before !== undefined) {
    const match = /^(\d+)\.(.+)$/.exec(q.before);
    if (match === null) throw badRequest('before must be the nextCursor of a previous page.');
    const key = Number(match[1]);
    const id = match[2] as string;
    query = query.where((eb) =>
      eb.or([eb('started_at', '<', key), eb.and([eb('started_at', '=', key), eb('id', '<', id)])]),
    );
  }
  const rows = await query
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    incidents: await incidentViews(db, projectId, page, settings),
    nextCursor: rows.length > q.limit && last !== undefined ? `${last.started_at}.${last.id}` : null,
  };
}

async function incidentViews(
  db: Kysely<Database>,
  projectId: string,
  rows: readonly IncidentsTable[],
  settings: ProjectSettings,
): Promise<IncidentView[]> {
  const attributions = await attributeIncidents(db, projectId, rows, settings);
  return rows.map((row) => {
    const attribution = attributions.get(row.id) ?? { deploymentId: null, attribution: null };
    const services = settings.pagerdutyServices;
    return {
      id: row.id,
      webhookId: row.webhook_id,
      provider: row.provider,
      title: row.title,
      url: row.url,
      status: row.status,
      startedAt: new Date(row.started_at).toISOString(),
      resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at).toISOString(),
      repository:
        row.repository ??
        (row.service_id !== null && Object.hasOwn(services, row.service_id)
          ? (services[row.service_id] ?? null)
          : null),
      deploymentId: attribution.deploymentId,
      attribution: attribution.attribution,
    };
  });
}

/** One incident, as the list shows it (the answer of `PATCH /api/incidents/:id`). */
export async function getIncident(db: Kysely<Database>, id: string): Promise<IncidentView | undefined> {
  const owner = await db.selectFrom('incidents').select('project_id').where('id', '=', id).executeTakeFirst();
  if (owner === undefined) return undefined;
  await refreshStaleRepositories(db, owner.project_id);
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const settings = await loadProjectSettings(db, row.project_id);
  return (await incidentViews(db, row.project_id, [row], settings))[0];
}

/**
 * The incidents that started in `[from, to)` and count, for time to restore service (`?repository=` leaves out
 * those of other repositories and those without one).
 */
export async function loadWindowIncidents(
  db: Kysely<Database>,
  projectId: string,
  window: { from: number; to: number },
  repository?: string,
): Promise<RestorableIncident[]> {
  // The services' repositories matter only for `?repository=`: the figure of the whole project reads one table.
  const services = repository === undefined ? {} : (await loadProjectSettings(db, projectId)).pagerdutyServices;
  const rows = await counted(db.selectFrom('incidents').where('project_id', '=', projectId), repository, services)
    .select(['started_at', 'resolved_at'])
    .where('started_at', '>=', window.from)
    .where('started_at', '<', window.to)
    .execute();
  return rows.map((r) => ({ startedAt: r.started_at, resolvedAt: r.resolved_at }));
}

/** `loadWindowIncidents` of several whole projects (no `?repository=`) in one statement, by project. */
export async function loadWindowIncidentsOf(
  db: Kysely<Database>,
  projectIds: readonly string[],
  window: { from: number; to: number },
): Promise<Map<string, RestorableIncident[]>> {
  const found = new Map(projectIds.map((id): [string, RestorableIncident[]] => [id, []]));
  if (projectIds.length === 0) return found;
  const rows = await counted(db.selectFrom('incidents').where('project_id', 'in', [...projectIds]), undefined, {})
    .select(['project_id', 'started_at', 'resolved_at'])
    .where('started_at', '>=', window.from)
    .where('started_at', '<', window.to)
    .execute();
  for (const r of rows) found.get(r.project_id)?.push({ startedAt: r.started_at, resolvedAt: r.resolved_at });
  return found;
}
