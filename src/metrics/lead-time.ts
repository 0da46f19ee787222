import type { LeadTimeStages } from './lead-time-stages.js';
import { type Level, leadTimeLevel } from './levels.js';
import { median } from './median.js';
import { isFinishedProduction, isInWindow, type MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';

export interface LeadTimeForChanges {
  /** Median over every commit brought by the window's deployments; null when there are none. */
  readonly medianSeconds: number | null;
  /** Commits brought by the successful production deployments that finished in the window. */
  readonly commits: number;
  /** Those deployments that brought at least one commit. */
  readonly deploymentsWithCommits: number;
  readonly level: Level | null;
  /** Commits those deployments brought whose author `leadTimeExcludedAuthors` excludes: left out of the rest. */
  readonly excludedCommits: number;
  /** Merged pull requests those deployments brought. */
  readonly pullRequests: number;
  /** Medians over those pull requests (src/metrics/lead-time-stages.ts). */
  readonly stages: LeadTimeStages;
}

/** What version 2 adds to lead time: exclusions and pull requests (CONTRACT.md version 2). */
export type LeadTimePullRequestFigures = Pick<LeadTimeForChanges, 'excludedCommits' | 'pullRequests' | 'stages'>;

/** No exclusions, no pull requests. */
export const NO_PULL_REQUEST_FIGURES: LeadTimePullRequestFigures = {
  excludedCommits: 0,
  pullRequests: 0,
  stages: { codingSeconds: null, reviewSeconds: null, deploySeconds: null },
};

/**
 * Lead time for changes over `window` (CONTRACT.md, "Metrics"), from each successful production
 * deployment's `commitLeadTimes` (the commits it brought first; unknown ones add nothing).
 */
export function leadTime(deployments: readonly MetricDeployment[], window: MetricWindow): LeadTimeForChanges {
  const leadTimes: number[] = [];
  let deploymentsWithCommits = 0;
  for (const deployment of deployments) {
    if (!isFinishedProduction(deployment) || deployment.status !== 'success') continue;
    if (!isInWindow(deployment.finishedAt, window) || deployment.commitLeadTimes === null) continue;
    if (deployment.commitLeadTimes.length === 0) continue;
    deploymentsWithCommits += 1;
    for (const seconds of deployment.commitLeadTimes) leadTimes.push(seconds);
  }
  return leadTimeFigure({ commits: leadTimes.length, medianSeconds: median(leadTimes) }, deploymentsWithCommits);
}

/** What the database works out of the brought commits of a window: their count and median lead time. */
export interface LeadTimeSummary {
  readonly commits: number;
  readonly medianSeconds: number | null;
}

/** Lead time for changes from a summary of the window's brought commits and the deployments that brought them. */
export function leadTimeFigure(
  summary: LeadTimeSummary,
  deploymentsWithCommits: number,
  pullRequestFigures: LeadTimePullRequestFigures = NO_PULL_REQUEST_FIGURES,
): LeadTimeForChanges {
  return {
    medianSeconds: summary.medianSeconds,
    commits: summary.commits,
    deploymentsWithCommits,
    level: leadTimeLevel(summary.medianSeconds),
    excludedCommits: pullRequestFigures.excludedCommits,
    pullRequests: pullRequestFigures.pullRequests,
    stages: pullRequestFigures.stages,
  };
}
