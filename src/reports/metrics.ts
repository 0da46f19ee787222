import { type ExpressionBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from '../db/is-postgres.js';
import type { Database } from '../db/schema.js';
import { badRequest } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import {
  bucketsFor,
  changeFailureRate,
  compareInStreakOrder,
  computeSeries,
  deploymentFrequency,
  failureStreaks,
  type LeadTimeForChanges,
  type LeadTimeSummary,
  leadTimeFigure,
  type MetricDeployment,
  type MetricFigures,
  type MetricsInput,
  type MetricWindow,
  medianInPlace,
  openStreakEdges,
  parseWindow,
  recoveryTimeOfStreaks,
  type SeriesInterval,
} from '../metrics/index.js';

export interface MetricsQuery {
  from?: string | undefined;
  to?: string | undefined;
  repository?: string | undefined;
}

const FINISHED = ['success', 'failure'] as const;

/**
 * The successful and failed production deployments of a project (or one repository), all of history, each with
 * its brought commits' lead times in `leadTimesIn` (when given). The endpoints no longer read this much (see
 * `loadWindowInput`): it is the reference the tests compare them with, the figures of src/metrics over everything.
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
    .where('d.status', 'in', FINISHED)
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

/** What the endpoints load for one window (see `loadWindowInput`). */
export interface WindowInput extends MetricsInput {
  /**
   * The `finishedAt` of each successful production deployment around the window that brought at least one
   * commit (`commits_count > 0`): `deploymentsWithCommits` counts them. The deployments carry no
   * `commitLeadTimes` (null): the lead times are summarized in SQL (`leadTimeSummaries`).
   */
  readonly broughtAt: readonly number[];
}

/**
 * The successful and failed production deployments of the window, widened to whole seconds, plus what failure
 * streaks need from outside it (`openStreakEdges` of src/metrics): for a group whose first deployment there
 * failed, its last deployment before; for a group whose last one failed, its first success after. With these,
 * deployment frequency, change failure rate and recovery time over the window equal those over all history, while
 * reading only the window and at most two short look-ups per group with a streak open at an edge.
 */
export async function loadWindowInput(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  repository?: string,
): Promise<WindowInput> {
  const environments = await db
    .selectFrom('environments')
    .select(['id', 'name'])
    .where('project_id', '=', projectId)
    .where('production', '=', 1)
    .execute();
  if (environments.length === 0) return { deployments: [], broughtAt: [] };
  const nameOf = new Map(environments.map((e) => [e.id, e.name]));
  const idOf = new Map(environments.map((e) => [e.name, e.id]));
  // Whole seconds: the streak order goes by the second, so [lo, hi) is a stretch of each group's order.
  const lo = Math.floor(window.from / 1000) * 1000;
  const hi = Math.ceil(window.to / 1000) * 1000;
  let query = db
    .selectFrom('deployments as d')
    .select(
      jsonRows(db, [
        'd.id',
        'd.repository',
        'd.environment_id',
        'd.status',
        'd.finished_at',
        'd.change_failure',
        'd.commits_count',
      ]).as('rows'),
    )
    .where('d.project_id', '=', projectId)
    .where(
      'd.environment_id',
      'in',
      environments.map((e) => e.id),
    )
    .where('d.status', 'in', FINISHED)
    .where('d.finished_at', '>=', lo)
    .where('d.finished_at', '<', hi);
  if (repository !== undefined) query = query.where('d.repository', '=', repository);
  type Row = [string, string | null, string, 'success' | 'failure', number, number | null, number | null];
  const rows = parseJsonRows<Row>((await query.executeTakeFirst())?.rows);
  const deployments: MetricDeployment[] = [];
  const broughtAt: number[] = [];
  for (const [id, repo, environmentId, status, finishedAt, changeFailure, commitsCount] of rows) {
    deployments.push({
      id,
      repository: repo,
      environment: nameOf.get(environmentId) as string,
      production: true,
      status,
      finishedAt,
      changeFailure: changeFailure === null ? null : changeFailure === 1,
      commitLeadTimes: null,
    });
    if (status === 'success' && commitsCount !== null && commitsCount > 0) broughtAt.push(finishedAt);
  }
  const edges = openStreakEdges(deployments);
  const groups = edges.map((edge) => ({
    projectId,
    environmentId: idOf.get(edge.environment) as string,
    repository: edge.repository,
  }));
  const [before, after] = await Promise.all([
    edgeRows(edges.flatMap((edge, i) => (edge.before ? [lastBeforeQuery(db, groups[i] as StreakGroup, lo, i)] : []))),
    edgeRows(edges.flatMap((edge, i) => (edge.after ? [firstSuccessQuery(db, groups[i] as StreakGroup, hi, i)] : []))),
  ]);
  edges.forEach((edge, i) => {
    for (const row of [pick(before.get(i) ?? [], 1), pick(after.get(i) ?? [], -1)]) {
      if (row === null) continue;
      deployments.push({
        id: row.id,
        repository: edge.repository,
        environment: edge.environment,
        production: true,
        status: row.status,
        finishedAt: row.finishedAt,
        changeFailure: null,
        commitLeadTimes: null,
      });
    }
  });
  return { deployments, broughtAt };
}

interface StreakGroup {
  readonly projectId: string;
  readonly environmentId: string;
  readonly repository: string | null;
}

interface EdgeRow {
  readonly id: string;
  readonly status: 'success' | 'failure';
  readonly finishedAt: number;
}

function inGroup(eb: ExpressionBuilder<Database, 'deployments'>, group: StreakGroup, statuses: readonly string[]) {
  return eb.and([
    eb('project_id', '=', group.projectId),
    eb('environment_id', '=', group.environmentId),
    group.repository === null ? eb('repository', 'is', null) : eb('repository', '=', group.repository),
    eb('status', 'in', statuses),
  ]);
}

/**
 * The rows that decide the group's last successful or failed deployment before `lo`, in contract order: those of
 * the last millisecond found and the 999 before it (which hold its whole second); the order is decided in
 * TypeScript (`pick`). `edge` tags the rows with the group's place in the list.
 */
function lastBeforeQuery(db: Kysely<Database>, group: StreakGroup, lo: number, edge: number) {
  // ORDER BY ... LIMIT 1 rather than max(): a backward index scan that stops at once, whatever the statistics say.
  const latest = db
    .selectFrom('deployments')
    .select('finished_at')
    .where((eb) => inGroup(eb, group, FINISHED))
    .where('finished_at', '<', lo)
    .orderBy('finished_at', 'desc')
    .limit(1);
  return db
    .selectFrom('deployments')
    .select(['id', 'status', 'finished_at', sql<number>`${sql.lit(edge)}`.as('edge')])
    .where((eb) => inGroup(eb, group, FINISHED))
    .where('finished_at', '<', lo)
    .where('finished_at', '>=', sql<number>`(${latest}) - 999`);
}

/** The rows that decide the group's first successful deployment at or after `hi` (see `lastBeforeQuery`). */
function firstSuccessQuery(db: Kysely<Database>, group: StreakGroup, hi: number, edge: number) {
  const earliest = db
    .selectFrom('deployments')
    .select('finished_at')
    .where((eb) => inGroup(eb, group, ['success']))
    .where('finished_at', '>=', hi)
    .orderBy('finished_at')
    .limit(1);
  return db
    .selectFrom('deployments')
    .select(['id', 'status', 'finished_at', sql<number>`${sql.lit(edge)}`.as('edge')])
    .where((eb) => inGroup(eb, group, ['success']))
    .where('finished_at', '>=', hi)
    .where('finished_at', '<=', sql<number>`(${earliest}) + 999`);
}

type EdgeQuery = ReturnType<typeof lastBeforeQuery>;
type EdgeQueryRow = { id: string; status: string; finished_at: number | null; edge: number };

/**
 * The look-ups of several groups in one statement each 100 groups (`UNION ALL`; SQLite allows 500 parts): a window
 * can leave every group with a streak open at an edge, and a round trip per group adds up on PostgreSQL.
 */
async function edgeRows(queries: readonly EdgeQuery[]): Promise<Map<number, EdgeQueryRow[]>> {
  const byEdge = new Map<number, EdgeQueryRow[]>();
  for (let i = 0; i < queries.length; i += 100) {
    const [first, ...rest] = queries.slice(i, i + 100) as [EdgeQuery, ...EdgeQuery[]];
    const rows = await rest.reduce((union, query) => union.unionAll(query), first).execute();
    for (const row of rows) {
      const edge = Number(row.edge);
      const list = byEdge.get(edge) ?? [];
      list.push(row);
      byEdge.set(edge, list);
    }
  }
  return byEdge;
}

/** The row that comes last (`sign` 1) or first (`sign` −1) in contract order. */
function pick(
  rows: readonly { id: string; status: string; finished_at: number | null }[],
  sign: 1 | -1,
): EdgeRow | null {
  let best: EdgeRow | null = null;
  for (const row of rows) {
    const candidate: EdgeRow = {
      id: row.id,
      status: row.status as 'success' | 'failure',
      finishedAt: row.finished_at as number,
    };
    if (best === null || sign * compareInStreakOrder(candidate, best) > 0) best = candidate;
  }
  return best;
}

/**
 * The selected rows as one JSON array of arrays, built by the database. The drivers make an object per row
 * (about 1 µs each, more than the query itself for a year of deployments); one JSON text is parsed far faster.
 */
function jsonRows(db: Kysely<Database>, columns: readonly string[]): RawBuilder<unknown> {
  const list = sql.join(columns.map((column) => sql.ref(column)));
  return isPostgres(db) ? sql`json_agg(json_build_array(${list}))` : sql`json_group_array(json_array(${list}))`;
}

/** `jsonRows`' result: SQLite gives the text, pg parses json itself, and PostgreSQL's `json_agg` of nothing is null. */
function parseJsonRows<Row>(value: unknown): Row[] {
  if (value === null || value === undefined) return [];
  return (typeof value === 'string' ? JSON.parse(value) : value) as Row[];
}

/**
 * Count and median lead time of the commits brought by the deployments that finished in each bucket
 * [starts[i], starts[i + 1]) (the last one ending at `to`), over the cache of brought commits.
 *
 * PostgreSQL: `percentile_cont(0.5)`, which for an even count is the mean of the two middle values, in the same
 * double precision, per `width_bucket`. SQLite has no percentile function: the lead times come back as one text per
 * bucket (or per `finished_at` for several buckets), read from the covering index `deployment_commits_window`,
 * and the median is a selection in TypeScript.
 */
export async function leadTimeSummaries(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository?: string,
): Promise<LeadTimeSummary[]> {
  const summaries: LeadTimeSummary[] = starts.map(() => ({ commits: 0, medianSeconds: null }));
  if (starts.length === 0) return summaries;
  let scope = db
    .selectFrom('deployment_commits')
    .where('project_id', '=', projectId)
    .where('finished_at', '>=', starts[0] as number)
    .where('finished_at', '<', to);
  if (repository !== undefined) scope = scope.where('repository', '=', repository);
  if (isPostgres(db)) {
    const median = sql<number | null>`percentile_cont(0.5) within group (order by lead_time_seconds)`.as('median');
    if (starts.length === 1) {
      const row = await scope.select([(eb) => eb.fn.countAll<number>().as('commits'), median]).executeTakeFirst();
      summaries[0] = summaryFromDatabase(row);
      return summaries;
    }
    const rows = await scope
      .select([
        sql<number>`width_bucket(finished_at, cast(${[...starts]} as bigint[]))`.as('bucket'),
        (eb) => eb.fn.countAll<number>().as('commits'),
        median,
      ])
      .groupBy(sql`1`)
      .execute();
    for (const row of rows) summaries[Number(row.bucket) - 1] = summaryFromDatabase(row);
    return summaries;
  }
  const leadTimes = sql<string | null>`string_agg(cast(lead_time_seconds as text), ',')`.as('lead_times');
  if (starts.length === 1) {
    const row = await scope.select(leadTimes).executeTakeFirst();
    summaries[0] = summaryOf([row?.lead_times ?? null]);
    return summaries;
  }
  const rows = await scope.select(['finished_at', leadTimes]).groupBy('finished_at').orderBy('finished_at').execute();
  const texts = starts.map((): (string | null)[] => []);
  let bucket = 0;
  for (const row of rows) {
    while (bucket + 1 < starts.length && row.finished_at >= (starts[bucket + 1] as number)) bucket += 1;
    texts[bucket]?.push(row.lead_times);
  }
  return texts.map(summaryOf);
}

function summaryFromDatabase(row: { commits: number; median: number | null } | undefined): LeadTimeSummary {
  if (row === undefined || Number(row.commits) === 0 || row.median === null) return { commits: 0, medianSeconds: null };
  return { commits: Number(row.commits), medianSeconds: Number(row.median) };
}

function summaryOf(texts: readonly (string | null)[]): LeadTimeSummary {
  const values = parseIntegerLists(texts);
  return { commits: values.length, medianSeconds: medianInPlace(values) };
}

/** The integers of comma-separated lists (`string_agg` of integers), in one array, without making a string per value. */
export function parseIntegerLists(texts: readonly (string | null)[]): Float64Array {
  let count = 0;
  for (const text of texts) {
    if (text === null || text.length === 0) continue;
    count += 1;
    for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 44) count += 1;
  }
  const values = new Float64Array(count);
  let n = 0;
  for (const text of texts) {
    if (text === null || text.length === 0) continue;
    let value = 0;
    let negative = false;
    for (let i = 0; i <= text.length; i += 1) {
      const code = i < text.length ? text.charCodeAt(i) : 44;
      if (code === 44) {
        values[n] = negative ? -value : value;
        n += 1;
        value = 0;
        negative = false;
      } else if (code === 45) {
        negative = true;
      } else if (code >= 48 && code <= 57) {
        value = value * 10 + (code - 48);
      } else {
        throw new Error(`not a list of integers: ${JSON.stringify(text.slice(0, 40))}`);
      }
    }
  }
  return values;
}

/** How many of `instants` lie in each bucket [starts[i], starts[i + 1]), the last one ending at `to`. */
function countPerBucket(instants: readonly number[], starts: readonly number[], to: number): number[] {
  const counts = starts.map(() => 0);
  for (const instant of instants) {
    if (starts.length === 0 || instant < (starts[0] as number) || instant >= to) continue;
    let low = 0;
    let high = starts.length;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if ((starts[middle] as number) <= instant) low = middle;
      else high = middle;
    }
    counts[low] = (counts[low] as number) + 1;
  }
  return counts;
}

/**
 * Lead time for changes in SQL over the cache of brought commits (`leadTimeSummaries`), the deployments that
 * brought them counted from `deployments.commits_count`. The endpoints compute the same from the pieces they
 * load anyway; tests prove it equals `leadTime` of src/metrics on both databases.
 */
export async function leadTimeInDatabase(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  repository?: string,
): Promise<LeadTimeForChanges> {
  const [summary] = await leadTimeSummaries(db, projectId, [window.from], window.to, repository);
  let brought = db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select((eb) => eb.fn.countAll<number>().as('deployments'))
    .where('d.project_id', '=', projectId)
    .where('e.production', '=', 1)
    .where('d.status', '=', 'success')
    .where('d.commits_count', '>', 0)
    .where('d.finished_at', '>=', window.from)
    .where('d.finished_at', '<', window.to);
  if (repository !== undefined) brought = brought.where('d.repository', '=', repository);
  const { deployments } = await brought.executeTakeFirstOrThrow();
  return leadTimeFigure(summary as LeadTimeSummary, Number(deployments));
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
  const [input, summaries] = await Promise.all([
    loadWindowInput(db, projectId, window, query.repository),
    leadTimeSummaries(db, projectId, [window.from], window.to, query.repository),
  ]);
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    deploymentFrequency: deploymentFrequency(input.deployments, window, project.time_zone),
    leadTimeForChanges: leadTimeFigure(
      summaries[0] as LeadTimeSummary,
      countPerBucket(input.broughtAt, [window.from], window.to)[0] as number,
    ),
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
  const starts = bucketsFor(window, query.interval, project.time_zone).map((bucket) => bucket.from);
  const [input, summaries] = await Promise.all([
    loadWindowInput(db, projectId, window, query.repository),
    leadTimeSummaries(db, projectId, starts, window.to, query.repository),
  ]);
  const brought = countPerBucket(input.broughtAt, starts, window.to);
  const leadTimes = summaries.map((summary, index) => leadTimeFigure(summary, brought[index] as number));
  const series = computeSeries(input, window, query.interval, project.time_zone, leadTimes);
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
