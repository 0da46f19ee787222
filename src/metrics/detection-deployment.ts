import type { DeploymentStatus } from '../domain/deployment-status.js';
import type { FailureCause, FailureDetection, Rework } from '../domain/failure-cause.js';

/** A commit a deployment brings (CONTRACT.md version 2: what it reaches, pull requests' replacements applied). */
export interface DetectionCommit {
  readonly sha: string;
  /** The full message as the push carried it; null when no push gave one. */
  readonly message: string | null;
}

/** A merged pull request a deployment brings. */
export interface DetectionPullRequest {
  readonly title: string;
  readonly labels: readonly string[];
  /** The subject lines (or whole messages: only the first line is read) of the commits its merge's own push listed. */
  readonly mergePushSubjects: readonly string[];
}

/** What the failure rules need of one deployment. Times are epoch ms (whole seconds). */
export interface DetectionDeployment {
  readonly id: string;
  /** Deployments without a repository form one group per environment, as in version 1's streaks. */
  readonly repository: string | null;
  /** The environment's identity (names already matched without regard to case). */
  readonly environment: string;
  /** The environment's production mark as it is now. */
  readonly production: boolean;
  readonly status: DeploymentStatus;
  readonly sha: string | null;
  readonly ref: string | null;
  readonly finishedAt: number | null;
  /** The commits it brings (read only for successful production deployments). */
  readonly brought: readonly DetectionCommit[];
  /** The shas of the commits it reaches (version 1's brought commits). */
  readonly reached: readonly string[];
  /** The merged pull requests it brings. */
  readonly pullRequests: readonly DetectionPullRequest[];
  /** A person's judgement of the verdict (`PATCH {"changeFailure"}`). */
  readonly changeFailure: boolean | null;
  /** A person's judgement of rework (`PATCH {"rework"}`). */
  readonly reworkOverride: boolean | null;
  /** The incidents attributed to it. */
  readonly incidentIds: readonly string[];
}

/** What the rules need beyond the deployments. */
export interface DetectionContext {
  readonly settings: FailureDetection;
  /**
   * The full shas of the commits of `repository`'s history (every commit a push or a generic `commits` list named)
   * that start with `prefix` (7 to 40 lowercase hex digits). More than one answer means the prefix is ambiguous.
   */
  readonly resolveCommit: (repository: string | null, prefix: string) => readonly string[];
  /**
   * The `detail` of the `incident` cause an incident gives the deployment it is attributed to (an incident is
   * attributed to at most one: `incidentCauseDetail`); "incident <id> is attributed to this deployment" when absent.
   */
  readonly describeIncident?: (incidentId: string) => string;
  /** How `detail` writes an instant; `formatDetailTime` (UTC) when absent. */
  readonly formatTime?: (instant: number) => string;
}

/** The verdict on one deployment. */
export interface DeploymentVerdict {
  readonly id: string;
  /** True or false for a successful or failed deployment, null otherwise; a person's `changeFailure` wins. */
  readonly failedChange: boolean | null;
  /** Every automatic cause that holds, by kind (contract order), then by `by`. */
  readonly failureCauses: readonly FailureCause[];
  readonly rework: Rework | null;
}
