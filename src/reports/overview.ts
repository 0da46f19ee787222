import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { type Access, canSeeProject } from '../manage/access.js';
import { type MetricFigures, type MetricWindow, pooledFigures } from '../metrics/index.js';
import { type MetricsQuery, windowOf } from './metrics.js';
import { loadProjectInputs } from './project-inputs.js';

/** One line of `GET /api/metrics`: a project's figures over the window read in its own time zone. */
export interface OverviewLine extends MetricFigures {
  projectId: string;
  name: string;
  from: string;
  to: string;
}

/**
 * `GET /api/metrics` (CONTRACT.md version 2, "Across projects"): every project the credential may see, oldest
 * first, each with what `GET /api/projects/:projectId/metrics?from&to` answers for it, dates read in each project's
 * time zone. Stale repositories are refreshed first, in one pass when the credential sees every project. The
 * projects whose windows agree (those of one time zone) are read together (`loadProjectInputs`: a few statements
 * per 200 projects), and each project's figures computed from its own input, in its own zone (`pooledFigures` of
 * one project: what its endpoint computes, `test/integration/pooled-metrics-property.test.ts`).
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
  const byWindow = new Map<string, number[]>();
  windows.forEach((window, i) => {
    const key = `${window.from}/${window.to}`;
    const group = byWindow.get(key);
    if (group === undefined) byWindow.set(key, [i]);
    else group.push(i);
  });
  const lines: OverviewLine[] = new Array(rows.length);
  for (const indexes of byWindow.values()) {
    const window = windows[indexes[0] as number] as MetricWindow;
    const ids = indexes.map((i) => (rows[i] as (typeof rows)[number]).id);
    const inputs = await loadProjectInputs(db, ids, window, [window.from]);
    indexes.forEach((index, k) => {
      const row = rows[index] as (typeof rows)[number];
      const own = windows[index] as MetricWindow;
      lines[index] = {
        projectId: row.id,
        name: row.name,
        from: new Date(own.from).toISOString(),
        to: new Date(own.to).toISOString(),
        ...pooledFigures([inputs[k] as (typeof inputs)[number]], own, row.time_zone),
      };
    });
  }
  return { projects: lines };
}
