/**
 * A pull request (GitHub), merge request (GitLab) or Azure DevOps pull request as one delivery
 * describes it (CONTRACT.md version 2, "Commits, pull requests and what a deployment brought").
 * Times are epoch milliseconds in UTC, truncated to the second.
 */
export interface PullRequestEvent {
  /** Named as the repository's pushes name it: GitHub `full_name`, GitLab `path_with_namespace`, Azure `org/project/repo`. */
  readonly repository: string;
  /** GitHub `number`, GitLab `object_attributes.iid`, Azure DevOps `resource.pullRequestId`. */
  readonly number: number;
  readonly title: string;
  /** Label names, in the order the provider lists them. */
  readonly labels: readonly string[];
  /** Branch names without `refs/heads/` (Azure DevOps sends full refs; they are shortened). */
  readonly sourceBranch: string;
  readonly targetBranch: string;
  /** When the pull request was opened; null when the payload does not say. */
  readonly openedAt: number | null;
  /** When it was merged; null until this event says it is merged (see each normalizer for the provider's rule). */
  readonly mergedAt: number | null;
  /** The source branch's head commit (GitHub `head.sha`, GitLab `last_commit.id`, Azure `lastMergeSourceCommit`). */
  readonly headSha: string | null;
  /** The commit the merge put on the target branch; null unless this event says the pull request is merged. */
  readonly mergeCommitSha: string | null;
  readonly state: PullRequestState;
  /** The provider time that orders this pull request's events: the latest wins for title, labels and branches. */
  readonly updatedAt: number;
  /** The pull request's page, when the payload gives it. */
  readonly url: string | null;
}

/** `merged` once any event said so; `closed` for closed or abandoned without a merge. */
export type PullRequestState = 'open' | 'closed' | 'merged';

/** What a pull request normalizer returns: a member of `NormalizedEvent`, or `ignored` with the reason. */
export type NormalizedPullRequest =
  | { readonly kind: 'pull_request'; readonly pullRequest: PullRequestEvent }
  | { readonly kind: 'ignored'; readonly reason: string };
