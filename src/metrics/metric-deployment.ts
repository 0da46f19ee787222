import type { DeploymentStatus } from '../domain/index.js';

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
  /** A person's judgement (`PATCH /api/deployments/:id`): changes only the change failure rate's numerator. */
  readonly changeFailure: boolean | null;
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
