import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import {
  changeFailureRate,
  computeSeries,
  deploymentFrequency,
  failureStreaks,
  type LeadTimeForChanges,
  leadTimeLevel,
  type MetricDeployment,
  type MetricFigures,
  type MetricsInput,
  type MetricWindow,
  parseWindow,
  recoveryTimeOfStreaks,
  type SeriesInterval,
} from '../metrics/index.js';

export interface MetricsQuery {
  from?: string | undefined;
  to?: string | undefined;
  repository?: string | undefined;
}

/**
 * The successful and failed production deployments of a project (or one repository), all of history: what
 * deployment frequency, change failure rate and the failure streaks are computed from (in src/metrics).
 * `leadTimesIn` also attaches each deployment's brought commits' lead times for that window (the series).
 */
export async function loadMetricsInput(
  db: Kysely<Database>,
  projectId: string,
  options: { repository?: string | undefined; leadTimesIn?: MetricWindow },
): Promise<MetricsInput> {
  let query = db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select([
      'd.id',
      'd.repository',
      'e.name as environment',
      'd.status',
      'd.finished_at',
      'd.change_failure',
      'd.commits_count',
    ])
    .where('d.project_id', '=', projectId)
    .where('e.production', '=', 1)
    .where('d.status', 'in', ['success', 'failure'])
    .where('d.finished_at', 'is not', null);
  if (options.repository !== undefined) query = query.where('d.repository', '=', options.repository);
  const rows = await query.execute();
  const leadTimes = new Map<string, number[]>();
  if (options.leadTimesIn !== undefined) {
    let commits = db
      .selectFrom('deployment_commits')
      .select(['deployment_id', 'lead_time_seconds'])
      .where('project_id', '=', projectId)
      .where('finished_at', '>=', options.leadTimesIn.from)
      .where('finished_at', '<', options.leadTimesIn.to);
    if (options.repository !== undefined) commits = commits.where('repository', '=', options.repository);
    for (const c of await commits.execute()) {
      const list = leadTimes.get(c.deployment_id) ?? [];
      list.push(c.lead_time_seconds);
      leadTimes.set(c.deployment_id, list);
    }
  }
  const deployments: MetricDeployment[] = rows.map((r) => ({
    id: r.id,
    repository: r.repository,
    environment: r.environment,
    production: true,
    status: r.status as 'success' | 'failure',
    finishedAt: r.finished_at,
    changeFailure: r.change_failure === null ? null : r.change_failure === 1,
    commitLeadTimes: r.commits_count === null ? null : (leadTimes.get(r.id) ?? []),
  }));
  return { deployments };
}

/**
 * Lead time for changes in SQL over the cache of brought commits: counts with an indexed range scan, and
 * the median with ORDER BY ... LIMIT/OFFSET (SQLite has no percentile function). A test on generated data
 * proves it equals `leadTime` of src/metrics on both databases.
 */
export async function leadTimeInDatabase(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  repository?: string,
): Promise<LeadTimeForChanges> {
  let scope = db
    .selectFrom('deployment_commits')
    .where('project_id', '=', projectId)
    .where('finished_at', '>=', window.from)
    .where('finished_at', '<', window.to);
  if (repository !== undefined) scope = scope.where('repository', '=', repository);
  const counts = await scope
    .select((eb) => [
      eb.fn.countAll<number>().as('commits'),
      sql<number>`count(distinct deployment_id)`.as('deployments'),
    ])
    .executeTakeFirstOrThrow();
  const n = Number(counts.commits);
  if (n === 0) return { medianSeconds: null, commits: 0, deploymentsWithCommits: 0, level: null };
  const middle = await scope
    .select('lead_time_seconds')
    .orderBy('lead_time_seconds')
    .limit(n % 2 === 1 ? 1 : 2)
    .offset(n % 2 === 1 ? (n - 1) / 2 : n / 2 - 1)
    .execute();
  const values = middle.map((m) => Number(m.lead_time_seconds));
  const medianSeconds =
    values.length === 1 ? (values[0] as number) : ((values[0] as number) + (values[1] as number)) / 2;
  return {
    medianSeconds,
    commits: n,
    deploymentsWithCommits: Number(counts.deployments),
    level: leadTimeLevel(medianSeconds),
  };
}

function windowOf(query: MetricsQuery, timeZone: string, now: number): MetricWindow {
  const result = parseWindow(query, timeZone, now);
  if (!result.ok) throw badRequest(result.message);
  return result.window;
}

export interface MetricsBody extends MetricFigures {
  from: string;
  to: string;
}

/** `GET /api/projects/:projectId/metrics`. */
export async function getMetrics(
  db: Kysely<Database>,
  projectId: string,
  query: MetricsQuery,
  now: number,
): Promise<MetricsBody> {
  const project = await getProjectRow(db, projectId);
  const window = windowOf(query, project.time_zone, now);
  await refreshStaleRepositories(db, projectId);
  const input = await loadMetricsInput(db, projectId, { repository: query.repository });
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    deploymentFrequency: deploymentFrequency(input.deployments, window, project.time_zone),
    leadTimeForChanges: await leadTimeInDatabase(db, projectId, window, query.repository),
    changeFailureRate: changeFailureRate(input.deployments, window),
    failedDeploymentRecoveryTime: recoveryTimeOfStreaks(failureStreaks(input.deployments), window),
  };
}

/** `GET /api/projects/:projectId/metrics/series`. */
export async function getSeries(
  db: Kysely<Database>,
  projectId: string,
  query: MetricsQuery & { interval: SeriesInterval },
  now: number,
) {
  const project = await getProjectRow(db, projectId);
  const window = windowOf(query, project.time_zone, now);
  await refreshStaleRepositories(db, projectId);
  const input = await loadMetricsInput(db, projectId, { repository: query.repository, leadTimesIn: window });
  const series = computeSeries(input, window, query.interval, project.time_zone);
  return {
    from: new Date(series.from).toISOString(),
    to: new Date(series.to).toISOString(),
    interval: series.interval,
    points: series.points.map((p) => ({
      ...p,
      from: new Date(p.from).toISOString(),
      to: new Date(p.to).toISOString(),
    })),
  };
}
