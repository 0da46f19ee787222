import type { DeploymentStatus } from './deployment-status.js';
import type { IncidentEvent } from './incident-event.js';
import type { PullRequestEvent } from './pull-request.js';

/**
 * What a provider's payload means once normalized. Providers produce these; ingest stores them.
 * Times are epoch milliseconds in UTC, truncated to the second (CONTRACT.md, Conventions).
 */
export type NormalizedEvent =
  | { readonly kind: 'deployment'; readonly deployment: DeploymentEvent }
  | { readonly kind: 'push'; readonly push: PushEvent }
  /** One delivery that moved several refs (Azure DevOps `git.push` with several `refUpdates`): one push per ref. */
  | { readonly kind: 'pushes'; readonly pushes: readonly PushEvent[] }
  | { readonly kind: 'ping'; readonly ping: PingEvent }
  /** One delivery's view of one incident (PagerDuty, incident.io, a GitHub or GitLab issue, a generic body). */
  | { readonly kind: 'incident'; readonly incident: IncidentEvent }
  /** A pull request (merge request) as one event describes it (CONTRACT.md version 2). */
  | { readonly kind: 'pull_request'; readonly pullRequest: PullRequestEvent }
  | { readonly kind: 'ignored'; readonly reason: string };

/** A deployment as one delivery describes it: its identity and, usually, one status event. */
export interface DeploymentEvent {
  /** The provider's id of the deployment (GitHub `deployment.id`, GitLab `deployment_id`, Azure `resource.deployment.id`, generic `deploymentId`). */
  readonly providerDeploymentId: string;
  /** The provider instance: GitHub host, GitLab instance URL host, Azure collection id; '' for generic. */
  readonly instance: string;
  readonly repository: string | null;
  readonly environment: string;
  /** What the provider says about production (GitHub `production_environment`, GitLab `environment_tier`); null when it says nothing. */
  readonly productionHint: boolean | null;
  readonly sha: string | null;
  readonly ref: string | null;
  /** The provider's page of the run. */
  readonly url: string | null;
  /** The commit's page. */
  readonly commitUrl: string | null;
  /** When the deployment started or was created, if the payload says. */
  readonly startedAt: number | null;
  /** The status this event reports; null for an event that only creates the deployment (GitHub `deployment`). */
  readonly status: StatusEvent | null;
  /** Generic provider only: the commits this deployment carries, when the caller lists them. */
  readonly commits?: readonly CommitRef[] | undefined;
}

export interface StatusEvent {
  readonly status: DeploymentStatus;
  /** The provider's time of this status (GitHub `deployment_status.created_at`, GitLab `status_changed_at`, Azure `completedOn`, generic `finishedAt`/`startedAt`). */
  readonly at: number;
  /** A key unique to this status event within the deployment, used to store each status event once. */
  readonly key: string;
  /** The provider's own word for the status (`error`, `failed`, `partiallySucceeded`...). */
  readonly providerState: string;
}

export interface CommitRef {
  readonly sha: string;
  /** Commit time in epoch ms (offset applied). */
  readonly timestamp: number;
  /**
   * The commit message as the provider sent it (GitHub/GitLab `message`, Azure DevOps `comment`,
   * generic `message`), cut to `MAX_COMMIT_MESSAGE_LENGTH`; absent when the delivery had none.
   */
  readonly message?: string | undefined;
  /** The commit's author as the provider sent it; absent when the delivery named none. */
  readonly author?: CommitAuthor | undefined;
}

/** A commit's author: each field null when the provider did not send it (only GitHub sends `username`). */
export interface CommitAuthor {
  readonly name: string | null;
  readonly email: string | null;
  readonly username: string | null;
}

/** The longest commit message kept, in UTF-16 code units (64 Ki): providers truncate too, but a generic body need not. */
export const MAX_COMMIT_MESSAGE_LENGTH = 65_536;
/** The longest author name, email or username kept, in UTF-16 code units. */
export const MAX_AUTHOR_FIELD_LENGTH = 1024;

/** A push to a branch, with its listed commits oldest to newest. */
export interface PushEvent {
  readonly repository: string;
  /** Full ref: `refs/heads/main`, `refs/tags/v1`. */
  readonly ref: string;
  readonly before: string;
  readonly after: string;
  /** GitHub `forced: true`. */
  readonly forced: boolean;
  /** The push deletes the ref (after is all zeros, or GitHub `deleted: true`). */
  readonly deleted: boolean;
  /** Oldest to newest, already normalized (Azure reversed; GitLab "Test" push reversed). */
  readonly commits: readonly CommitRef[];
  /** How many commits the push carried; more than `commits.length` when the provider capped the list. */
  readonly totalCommits: number;
}

export interface PingEvent {
  /** Reason text: "ping: webhook verified" plus what is missing, if anything. */
  readonly reason: string;
}

export function isZeroSha(sha: string): boolean {
  return /^0+$/.test(sha);
}
