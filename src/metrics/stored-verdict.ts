import type { DeploymentStatus } from '../domain/index.js';
import { FAILURE_CAUSE_KINDS, type FailureCauseKind, type ReworkKind } from '../domain/index.js';
import type { MetricDeployment } from './metric-deployment.js';

type Verdict = Pick<MetricDeployment, 'failedChange' | 'failureCauses' | 'rework'>;

/**
 * A deployment's verdict from what is stored (migration 0004): the kinds the rules found (comma-separated, null for
 * none), the automatic rework kind, and a person's two judgements. The verdict is the person's `changeFailure`
 * where set, else whether any cause holds, for a successful or failed deployment (null otherwise); rework only for
 * a successful one, `reworkOverride` false making none and true making `manual` where no automatic kind holds.
 */
export function storedVerdict(stored: {
  readonly status: DeploymentStatus;
  readonly changeFailure: boolean | null;
  readonly failureKinds: string | null;
  readonly reworkKind: string | null;
  readonly reworkOverride: boolean | null;
}): Verdict {
  const kinds = new Set((stored.failureKinds ?? '').split(','));
  // `failed_status` follows the status itself (no setting turns it off), so a row not yet recomputed reads right.
  if (stored.status === 'failure') kinds.add('failed_status');
  const failureCauses = FAILURE_CAUSE_KINDS.filter((kind: FailureCauseKind) => kinds.has(kind)).map((kind) => ({
    kind,
  }));
  const judged = stored.status === 'success' || stored.status === 'failure';
  let rework: { kind: ReworkKind } | null = null;
  if (stored.status === 'success' && stored.reworkOverride !== false) {
    if (stored.reworkKind !== null) rework = { kind: stored.reworkKind as ReworkKind };
    else if (stored.reworkOverride === true) rework = { kind: 'manual' };
  }
  return {
    failedChange: judged ? (stored.changeFailure ?? failureCauses.length > 0) : null,
    failureCauses,
    rework,
  };
}

/** The verdict when only `failed_status` can hold (no other rule found anything): version 1's, with the mark. */
export function statusVerdict(deployment: {
  readonly status: DeploymentStatus;
  readonly changeFailure: boolean | null;
}): Verdict {
  return storedVerdict({
    status: deployment.status,
    changeFailure: deployment.changeFailure,
    failureKinds: deployment.status === 'failure' ? 'failed_status' : null,
    reworkKind: null,
    reworkOverride: null,
  });
}
