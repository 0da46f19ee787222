import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { type Access, canSeeProject } from '../manage/access.js';
import type { MetricFigures, MetricWindow } from '../metrics/index.js';
import { type MetricsQuery, projectFigures, windowOf } from './metrics.js';

/** One line of `GET /api/metrics`: a project's figures over the window read in its own time zone. */
export interface OverviewLine extends MetricFigures {
  projectId: string;
  name: string;
  from: string;
  to: string;
}

/** Projects whose figures are read at once: enough to keep a PostgreSQL pool busy, few enough to bound memory. */
const PROJECTS_AT_ONCE = 8;

/**
 * `GET /api/metrics` (CONTRACT.md version 2, "Across projects"): every project the credential may see, oldest
 * first, each with what `GET /api/projects/:projectId/metrics?from&to` answers for it (`projectFigures`, the same
 * pipeline), dates read in each project's time zone. Stale repositories are refreshed first, in one pass when the
 * credential sees every project.
 */
export async function getOverview(
  db: Kysely<Database>,
  access: Access,
  query: Omit<MetricsQuery, 'repository'>,
  now: number,
): Promise<{ projects: OverviewLine[] }> {
  const rows = (
    await db.selectFrom('projects').select(['id', 'name', 'time_zone']).orderBy('created_at').orderBy('id').execute()
  ).filter((row) => canSeeProject(access, row.id));
  // Every window first: a wrong query is a 400 before any work.
  const windows = rows.map((row) => windowOf(query, row.time_zone, now));
  if (rows.length === 0) windowOf(query, 'UTC', now);
  if (access.projectIds === null) await refreshStaleRepositories(db);
  else for (const row of rows) await refreshStaleRepositories(db, row.id);
  const lines: OverviewLine[] = new Array(rows.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < rows.length; i = next++) {
      const row = rows[i] as (typeof rows)[number];
      const { from, to, ...figures } = await projectFigures(db, row.id, row.time_zone, windows[i] as MetricWindow);
      lines[i] = {
        projectId: row.id,
        name: row.name,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...figures,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROJECTS_AT_ONCE, rows.length) }, worker));
  return { projects: lines };
}
