import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { eventLoopTurns, yieldingBetweenStatements } from '../ingest/turns.js';
import { getProjectRow } from '../manage/projects.js';
import {
  bucketsFor,
  computeMetrics,
  type MetricFigures,
  type MetricsPoint,
  type MetricsReport,
  type MetricWindow,
  parseWindow,
  type SeriesInterval,
  seriesPoints,
} from '../metrics/index.js';
import { loadWindowIncidents } from './incidents.js';
import { leadTimeFigures } from './lead-time-figures.js';
import { loadWindowInput } from './load-window-input.js';

export interface MetricsQuery {
  from?: string | undefined;
  to?: string | undefined;
  repository?: string | undefined;
}

/** The window a query asks for, in `timeZone` (400 naming the field when it is wrong or too long). */
export function windowOf(
  query: MetricsQuery & { interval?: SeriesInterval },
  timeZone: string,
  now: number,
): MetricWindow {
  const result = parseWindow(query, timeZone, now);
  if (!result.ok) throw badRequest(result.message);
  return result.window;
}

export interface MetricsBody extends MetricFigures {
  from: string;
  to: string;
}

/**
 * `GET /api/projects/:projectId/metrics`: the window's deployments (`loadWindowInput`) and its lead-time summary
 * (`leadTimeFigures`), the figures put together by `computeMetrics` of src/metrics.
 */
export async function getMetrics(
  db: Kysely<Database>,
  projectId: string,
  query: MetricsQuery,
  now: number,
): Promise<MetricsBody> {
  const project = await getProjectRow(db, projectId);
  const window = windowOf(query, project.time_zone, now);
  await refreshStaleRepositories(db, projectId);
  const report = await projectFigures(db, projectId, project.time_zone, window, query.repository);
  return { ...report, from: new Date(report.from).toISOString(), to: new Date(report.to).toISOString() };
}

/**
 * What the figures of one project over `window` are computed from, each bucket's lead time starting at `starts`:
 * its deployments, the lead-time figures and its incidents, read at once, with other requests given turns between
 * the statements (`yieldingBetweenStatements`: on SQLite they run on the main thread).
 */
async function loadProjectWindow(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  starts: readonly number[],
  repository: string | undefined,
) {
  const reads = yieldingBetweenStatements(db, eventLoopTurns());
  const loading = loadWindowInput(reads, projectId, window, repository);
  const brought = loading.then((input) => input.broughtAt);
  const [deploymentsInput, leadTimes, incidents] = await Promise.all([
    loading,
    leadTimeFigures(reads, projectId, starts, window.to, repository, brought),
    loadWindowIncidents(reads, projectId, window, repository),
  ]);
  return { input: { ...deploymentsInput, incidents }, leadTimes };
}

/**
 * The figures of one project over `window` in `timeZone`, its stale repositories already refreshed: what
 * `getMetrics` answers (the overview reads many projects at once instead: src/reports/project-inputs.ts).
 */
export async function projectFigures(
  db: Kysely<Database>,
  projectId: string,
  timeZone: string,
  window: MetricWindow,
  repository?: string,
): Promise<MetricsReport> {
  const { input, leadTimes } = await loadProjectWindow(db, projectId, window, [window.from], repository);
  return computeMetrics(input, window, timeZone, leadTimes[0] as (typeof leadTimes)[number]);
}

/** Points computed between two yields to the event loop. */
export const SERIES_POINTS_PER_SLICE = 50;

/**
 * `GET /api/projects/:projectId/metrics/series`: the same pieces per bucket, put together by `seriesPoints` (what
 * `computeSeries` collects), in slices of `SERIES_POINTS_PER_SLICE` points with the event loop free between them;
 * `signal` aborted (the client went) stops it with the signal's reason.
 */
export async function getSeries(
  db: Kysely<Database>,
  projectId: string,
  query: MetricsQuery & { interval: SeriesInterval },
  now: number,
  signal?: AbortSignal,
) {
  const project = await getProjectRow(db, projectId);
  const window = windowOf(query, project.time_zone, now);
  await refreshStaleRepositories(db, projectId);
  const starts = bucketsFor(window, query.interval, project.time_zone).map((bucket) => bucket.from);
  const { input, leadTimes } = await loadProjectWindow(db, projectId, window, starts, query.repository);
  signal?.throwIfAborted();
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    interval: query.interval,
    points: await collectPoints(seriesPoints(input, window, query.interval, project.time_zone, leadTimes), signal),
  };
}

/**
 * The points of a series with their times written as ISO 8601, in slices of `SERIES_POINTS_PER_SLICE` with the
 * event loop free between them; `signal` aborted (the client went) stops it with the signal's reason.
 */
export async function collectPoints(points: Iterable<MetricsPoint>, signal?: AbortSignal) {
  const written = [];
  let sinceYield = 0;
  for (const p of points) {
    written.push({ ...p, from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() });
    sinceYield += 1;
    if (sinceYield === SERIES_POINTS_PER_SLICE) {
      // Other requests (/healthz, /hooks) run between slices; a client gone stops the computation here.
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  }
  return written;
}
