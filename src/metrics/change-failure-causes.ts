import { FAILURE_CAUSE_KINDS, type FailureCauseKind } from '../domain/failure-cause.js';
import type { JudgedDeployment } from './judged-deployment.js';
import { isInWindow } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import { isGroupMember } from './streak-groups.js';

/** `changeFailureRate.causes`: how many of the window's failed changes each cause holds for. */
export type ChangeFailureCauses = Readonly<Record<FailureCauseKind | 'manual', number>>;

/**
 * `changeFailureRate.causes` over `window` (CONTRACT.md version 2): among the successful and failed production
 * deployments that finished in the window and whose verdict is failed, how many each automatic cause holds for (a
 * deployment counts once per kind, under as many kinds as hold), and `manual`, how many a person marked
 * `changeFailure: true`. A deployment whose causes a person overruled (`false`) is no failed change: it counts
 * nowhere.
 */
export function changeFailureCauses(
  deployments: readonly JudgedDeployment[],
  window: MetricWindow,
): ChangeFailureCauses {
  const counts: Record<FailureCauseKind | 'manual', number> = {
    failed_status: 0,
    rollback: 0,
    revert: 0,
    hotfix: 0,
    incident: 0,
    manual: 0,
  };
  for (const deployment of deployments) {
    if (!isGroupMember(deployment) || !isInWindow(deployment.finishedAt, window)) continue;
    if (deployment.failedChange !== true) continue;
    const kinds = new Set(deployment.failureCauses.map((cause) => cause.kind));
    for (const kind of FAILURE_CAUSE_KINDS) if (kinds.has(kind)) counts[kind] += 1;
    if (deployment.changeFailure === true) counts.manual += 1;
  }
  return counts;
}
