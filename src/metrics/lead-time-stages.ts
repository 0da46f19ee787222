import { median } from './median.js';

/** One merged pull request a deployment brought, with what the stages need (epoch ms). */
export interface PullRequestStageInput {
  readonly openedAt: number | null;
  readonly mergedAt: number;
  /** The deployment's `finishedAt`. */
  readonly deployedAt: number;
  /** The timestamps of the non-excluded commits the deployment brought through it. */
  readonly commitTimes: readonly number[];
}

/** `leadTimeForChanges.stages` (CONTRACT.md version 2): medians in seconds, each null when none. */
export interface LeadTimeStages {
  readonly codingSeconds: number | null;
  readonly reviewSeconds: number | null;
  readonly deploySeconds: number | null;
}

/**
 * The stages over the merged pull requests the window's deployments brought: coding is `openedAt`
 * minus the earliest of its commits' times (a pull request without such a commit, or without
 * `openedAt`, is left out of this median only), review `mergedAt` minus `openedAt` (left out
 * without `openedAt`), deploy the deployment's `finishedAt` minus `mergedAt`. Each in whole seconds
 * (the times are whole seconds), a negative one counting as 0.
 */
export function leadTimeStages(pullRequests: readonly PullRequestStageInput[]): LeadTimeStages {
  const coding: number[] = [];
  const review: number[] = [];
  const deploy: number[] = [];
  for (const pr of pullRequests) {
    if (pr.openedAt !== null) {
      let first = Number.POSITIVE_INFINITY;
      for (const time of pr.commitTimes) first = Math.min(first, time);
      if (first !== Number.POSITIVE_INFINITY) coding.push(seconds(pr.openedAt - first));
      review.push(seconds(pr.mergedAt - pr.openedAt));
    }
    deploy.push(seconds(pr.deployedAt - pr.mergedAt));
  }
  return { codingSeconds: median(coding), reviewSeconds: median(review), deploySeconds: median(deploy) };
}

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
