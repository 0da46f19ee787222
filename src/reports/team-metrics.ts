import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import type { Access } from '../manage/access.js';
import { getTeam } from '../manage/teams.js';
import {
  bucketsFor,
  type MetricFigures,
  pooledFigures,
  poolProjectInputs,
  type SeriesInterval,
  seriesPoints,
} from '../metrics/index.js';
import { collectPoints, type MetricsQuery, windowOf } from './metrics.js';
import { loadProjectInputs } from './project-inputs.js';

/** `GET /api/teams/:teamId/metrics`: the pooled figures, and each project's in the team's window beside them. */
export interface TeamMetricsBody extends MetricFigures {
  from: string;
  to: string;
  projects: (MetricFigures & { projectId: string })[];
}

/** The team, its window in its time zone, and each project's input (stale repositories refreshed first). */
async function teamInputs(
  db: Kysely<Database>,
  access: Access,
  teamId: string,
  query: Omit<MetricsQuery, 'repository'> & { interval?: SeriesInterval },
  now: number,
) {
  const team = await getTeam(db, access, teamId);
  const timeZone = team.row.time_zone;
  const window = windowOf(query, timeZone, now);
  for (const projectId of team.projectIds) await refreshStaleRepositories(db, projectId);
  const starts =
    query.interval === undefined
      ? [window.from]
      : bucketsFor(window, query.interval, timeZone).map((bucket) => bucket.from);
  const inputs = await loadProjectInputs(db, team.projectIds, window, starts);
  return { team, timeZone, window, starts, inputs };
}

/**
 * The figures pooled over the team's projects (CONTRACT.md version 2, "Across projects"): their deployments,
 * streaks, incidents and lead times concatenated and every figure computed once (`poolProjectInputs`), so
 * medians are over the pooled values and deployment days are the distinct days on which any project deployed, in
 * the team's time zone. Each project's own figures, from the same inputs and window, come beside.
 */
export async function getTeamMetrics(
  db: Kysely<Database>,
  access: Access,
  teamId: string,
  query: Omit<MetricsQuery, 'repository'>,
  now: number,
): Promise<TeamMetricsBody> {
  const { team, timeZone, window, inputs } = await teamInputs(db, access, teamId, query, now);
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    ...pooledFigures(inputs, window, timeZone),
    projects: inputs.map((input, i) => ({
      projectId: team.projectIds[i] as string,
      ...pooledFigures([input], window, timeZone),
    })),
  };
}

/** `GET /api/teams/:teamId/metrics/series`: the pooled figures per day, ISO week or month of the team's zone. */
export async function getTeamSeries(
  db: Kysely<Database>,
  access: Access,
  teamId: string,
  query: Omit<MetricsQuery, 'repository'> & { interval: SeriesInterval },
  now: number,
  signal?: AbortSignal,
) {
  const { timeZone, window, inputs, starts } = await teamInputs(db, access, teamId, query, now);
  signal?.throwIfAborted();
  const pooled = poolProjectInputs(inputs, starts.length);
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    interval: query.interval,
    points: await collectPoints(seriesPoints(pooled.input, window, query.interval, timeZone, pooled.leadTimes), signal),
  };
}
