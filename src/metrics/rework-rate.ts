import type { ReworkKind } from '../domain/failure-cause.js';
import type { JudgedDeployment } from './judged-deployment.js';
import { isInWindow } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import { isGroupMember } from './streak-groups.js';

/** The fifth DORA figure (CONTRACT.md version 2, `reworkRate`); it has no level, DORA publishing none. */
export interface ReworkRate {
  /** The window's successful production deployments that are rework. */
  readonly reworkDeployments: number;
  /** The window's successful production deployments. */
  readonly deployments: number;
  /** `reworkDeployments` / `deployments`; null when there are none. */
  readonly rate: number | null;
  /** Each rework deployment under its one kind. */
  readonly byKind: Readonly<Record<ReworkKind, number>>;
}

/** Rework rate over `window`: the successful production deployments that finished in it, and those with a rework. */
export function reworkRate(deployments: readonly JudgedDeployment[], window: MetricWindow): ReworkRate {
  const byKind: Record<ReworkKind, number> = { rollback: 0, revert: 0, hotfix: 0, manual: 0 };
  let total = 0;
  let rework = 0;
  for (const deployment of deployments) {
    if (!isGroupMember(deployment) || deployment.status !== 'success') continue;
    if (!isInWindow(deployment.finishedAt, window)) continue;
    total += 1;
    if (deployment.rework === null) continue;
    rework += 1;
    byKind[deployment.rework.kind] += 1;
  }
  return { reworkDeployments: rework, deployments: total, rate: total === 0 ? null : rework / total, byKind };
}
