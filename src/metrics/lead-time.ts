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
}

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
  const medianSeconds = median(leadTimes);
  return { medianSeconds, commits: leadTimes.length, deploymentsWithCommits, level: leadTimeLevel(medianSeconds) };
}
