import type { DeploymentStatus, FailureCause, Rework } from '../domain/index.js';

/** What the metrics need of one deployment. Times are epoch ms (whole seconds). */
export interface MetricDeployment {
  readonly id: string;
  /** Deployments without a repository form one group of their own. */
  readonly repository: string | null;
  /** The environment's identity (its stored spelling; names already matched without regard to case). */
  readonly environment: string;
  /** The environment's production mark as it is now (the metrics follow the mark, history included). */
  readonly production: boolean;
  readonly status: DeploymentStatus;
  /** From the terminal event; null while unfinished. */
  readonly finishedAt: number | null;
  /** A person's judgement (`PATCH /api/deployments/:id`); it wins over the automatic causes in `failedChange`. */
  readonly changeFailure: boolean | null;
  /**
   * The verdict (CONTRACT.md version 2): the person's `changeFailure` where set, else whether any automatic cause
   * holds; null unless the status is success or failure. The change failure rate counts it, and streaks follow it.
   */
  readonly failedChange: boolean | null;
  /** The kinds of the automatic causes that hold (`changeFailureRate.causes`). */
  readonly failureCauses: readonly Pick<FailureCause, 'kind'>[];
  /** The rework's kind, the person's `reworkOverride` applied; null when none (`reworkRate`). */
  readonly rework: Pick<Rework, 'kind'> | null;
  /**
   * The lead time, in whole seconds, of each commit this deployment brought first (see
   * `computeBroughtCommits`); null when unknown. Read only for successful production deployments.
   */
  readonly commitLeadTimes: readonly number[] | null;
}

/** Successful or failed, in production, finished: the deployments the figures are made of. */
export function isFinishedProduction(deployment: MetricDeployment): deployment is MetricDeployment & {
  readonly finishedAt: number;
} {
  return (
    deployment.production &&
    deployment.finishedAt !== null &&
    (deployment.status === 'success' || deployment.status === 'failure')
  );
}

export function isInWindow(instant: number, window: { readonly from: number; readonly to: number }): boolean {
  return instant >= window.from && instant < window.to;
}
