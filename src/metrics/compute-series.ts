import type { SeriesInterval } from './buckets-for.js';
import { bucketsFor } from './buckets-for.js';
import { type MetricFigures, type MetricsInput, metricFigures } from './compute-metrics.js';
import type { FailureStreak } from './failure-streaks.js';
import { type LeadTimeForChanges, leadTime } from './lead-time.js';
import { indexAtOrBefore } from './local-day-index.js';
import { isFinishedProduction, isInWindow, type MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import { verdictStreaks } from './verdict-streaks.js';

/** One point of a series: an interval's window (epoch ms) and its four figures. */
export interface MetricsPoint extends MetricFigures {
  readonly from: number;
  readonly to: number;
}

/** The body of `GET /api/projects/:projectId/metrics/series`, times as epoch ms (the HTTP layer writes ISO 8601). */
export interface MetricsSeries {
  readonly from: number;
  readonly to: number;
  readonly interval: SeriesInterval;
  readonly points: readonly MetricsPoint[];
}

/**
 * The four figures per day, ISO week or month of `window` (see `bucketsFor`), every point present
 * even when nothing happened in it. Each point follows the window rules, so a day (under 7 days)
 * has no deployment frequency level. Streaks are found once over all of history; each counts in
 * the point where it starts.
 *
 * `leadTimes`, when given, is each point's lead time (one per point of `bucketsFor(window, interval,
 * timeZone)`, in order), worked out elsewhere (the database, src/reports/lead-time-summaries.ts); otherwise it comes from
 * the deployments' `commitLeadTimes`.
 */
export function computeSeries(
  input: MetricsInput,
  window: MetricWindow,
  interval: SeriesInterval,
  timeZone: string,
  leadTimes?: readonly LeadTimeForChanges[],
): MetricsSeries {
  const points = [...seriesPoints(input, window, interval, timeZone, leadTimes)];
  return { from: window.from, to: window.to, interval, points };
}

/**
 * `computeSeries`' points one at a time, for a caller that yields to the event loop between them and stops when
 * its client goes (src/reports/metrics.ts): a long series then neither holds the process nor outlives its request.
 */
export function* seriesPoints(
  input: MetricsInput,
  window: MetricWindow,
  interval: SeriesInterval,
  timeZone: string,
  leadTimes?: readonly LeadTimeForChanges[],
): Generator<MetricsPoint, void, undefined> {
  const buckets = bucketsFor(window, interval, timeZone);
  if (leadTimes !== undefined && leadTimes.length !== buckets.length) {
    throw new Error(`computeSeries: ${leadTimes.length} lead times for ${buckets.length} points`);
  }
  const starts = buckets.map((bucket) => bucket.from);
  const deploymentsOf = buckets.map((): MetricDeployment[] => []);
  const streaksOf = buckets.map((): FailureStreak[] => []);
  for (const deployment of input.deployments) {
    if (!isFinishedProduction(deployment) || !isInWindow(deployment.finishedAt, window)) continue;
    deploymentsOf[indexAtOrBefore(starts, deployment.finishedAt)]?.push(deployment);
  }
  for (const streak of input.streaks ?? verdictStreaks(input.deployments)) {
    if (isInWindow(streak.startedAt, window)) streaksOf[indexAtOrBefore(starts, streak.startedAt)]?.push(streak);
  }
  for (const [index, bucket] of buckets.entries()) {
    const deployments = deploymentsOf[index] ?? [];
    const leadTimeForChanges = leadTimes?.[index] ?? leadTime(deployments, bucket);
    yield {
      from: bucket.from,
      to: bucket.to,
      ...metricFigures(deployments, streaksOf[index] ?? [], bucket, timeZone, leadTimeForChanges, input.incidents),
    };
  }
}
