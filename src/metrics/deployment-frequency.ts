import { deploymentFrequencyLevel, type Level } from './levels.js';
import { indexAtOrBefore, localDayStarts } from './local-day-index.js';
import { isFinishedProduction, isInWindow, type MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';

export interface DeploymentFrequency {
  /** Successful production deployments that finished in the window. */
  readonly deployments: number;
  /** Distinct calendar days, in the project's time zone, on which at least one of them finished. */
  readonly deploymentDays: number;
  /** `deployments` / the window's length in days. */
  readonly perDay: number;
  /** By deployment days; null for a window under 7 days. */
  readonly level: Level | null;
}

/** Deployment frequency over `window` (CONTRACT.md, "Metrics"). `deployments` may hold any deployments; only successful production ones count. */
export function deploymentFrequency(
  deployments: readonly MetricDeployment[],
  window: MetricWindow,
  timeZone: string,
): DeploymentFrequency {
  const finishedAt: number[] = [];
  for (const deployment of deployments) {
    if (
      isFinishedProduction(deployment) &&
      deployment.status === 'success' &&
      isInWindow(deployment.finishedAt, window)
    ) {
      finishedAt.push(deployment.finishedAt);
    }
  }
  let deploymentDays = 0;
  if (finishedAt.length > 0) {
    // Only the local days between the first and the last deployment are needed.
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const instant of finishedAt) {
      first = Math.min(first, instant);
      last = Math.max(last, instant);
    }
    const starts = localDayStarts({ from: first, to: last + 1 }, timeZone);
    const days = new Set(finishedAt.map((instant) => indexAtOrBefore(starts, instant)));
    deploymentDays = days.size;
  }
  return {
    deployments: finishedAt.length,
    deploymentDays,
    perDay: finishedAt.length / window.days,
    level: deploymentFrequencyLevel(deploymentDays, window.days),
  };
}
