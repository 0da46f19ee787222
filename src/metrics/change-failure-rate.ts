import { changeFailureRateLevel, type Level } from './levels.js';
import { isFinishedProduction, isInWindow, type MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';

export interface ChangeFailureRate {
  /** Failed ones not marked `changeFailure: false`, plus successful ones marked `changeFailure: true`. */
  readonly failedDeployments: number;
  /** Successful plus failed production deployments that finished in the window. */
  readonly deployments: number;
  /** `failedDeployments` / `deployments`; null when there are none. */
  readonly rate: number | null;
  readonly level: Level | null;
}

/** Whether a finished production deployment counts as a failed change: its status, overridden by a person's `changeFailure` mark. */
export function isFailedChange(deployment: MetricDeployment): boolean {
  if (deployment.status === 'failure') return deployment.changeFailure !== false;
  if (deployment.status === 'success') return deployment.changeFailure === true;
  return false;
}

/** Change failure rate over `window` (CONTRACT.md, "Metrics"). */
export function changeFailureRate(deployments: readonly MetricDeployment[], window: MetricWindow): ChangeFailureRate {
  let total = 0;
  let failed = 0;
  for (const deployment of deployments) {
    if (!isFinishedProduction(deployment) || !isInWindow(deployment.finishedAt, window)) continue;
    total += 1;
    if (isFailedChange(deployment)) failed += 1;
  }
  const rate = total === 0 ? null : failed / total;
  return { failedDeployments: failed, deployments: total, rate, level: changeFailureRateLevel(rate) };
}
