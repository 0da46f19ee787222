import { type ChangeFailureCauses, changeFailureCauses } from './change-failure-causes.js';
import type { ChangeFailureRate } from './change-failure-rate.js';
import type { JudgedDeployment } from './judged-deployment.js';
import { changeFailureRateLevel } from './levels.js';
import { isInWindow } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import { isGroupMember } from './streak-groups.js';

/** Version 2's `changeFailureRate`: the verdicts counted, with their causes. */
export interface VerdictChangeFailureRate extends ChangeFailureRate {
  readonly causes: ChangeFailureCauses;
}

/**
 * `changeFailureRate` over `window` by the verdicts (CONTRACT.md version 2): `failedDeployments` counts the window's
 * successful and failed production deployments whose `failedChange` is true; the denominator is version 1's.
 */
export function verdictChangeFailureRate(
  deployments: readonly JudgedDeployment[],
  window: MetricWindow,
): VerdictChangeFailureRate {
  let total = 0;
  let failed = 0;
  for (const deployment of deployments) {
    if (!isGroupMember(deployment) || !isInWindow(deployment.finishedAt, window)) continue;
    total += 1;
    if (deployment.failedChange === true) failed += 1;
  }
  const rate = total === 0 ? null : failed / total;
  return {
    failedDeployments: failed,
    deployments: total,
    rate,
    level: changeFailureRateLevel(rate),
    causes: changeFailureCauses(deployments, window),
  };
}
