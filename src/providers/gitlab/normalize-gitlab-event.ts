import type { NormalizedEvent } from '../../domain/index.js';
import type { Headers } from '../provider.js';
import { ignored } from '../shared/read-result.js';
import { normalizeGitlabDeployment } from './normalize-gitlab-deployment.js';
import { normalizeGitlabIssue } from './normalize-gitlab-issue.js';
import { normalizeGitlabMergeRequest } from './normalize-gitlab-merge-request.js';
import { normalizeGitlabPush } from './normalize-gitlab-push.js';

/** What a GitLab event means to Shipwatch, by its `X-Gitlab-Event` name. */
export function normalizeGitlabEvent(
  event: string,
  payload: Record<string, unknown>,
  headers: Headers,
): NormalizedEvent {
  switch (event) {
    case 'Deployment Hook':
      return normalizeGitlabDeployment(payload, headers);
    case 'Push Hook':
      return normalizeGitlabPush(payload);
    case 'Issue Hook':
    case 'Confidential Issue Hook':
      return normalizeGitlabIssue(payload);
    case 'Merge Request Hook':
      return normalizeGitlabMergeRequest(payload);
    case 'Tag Push Hook':
      // The contract reads only Push Hook and Deployment Hook. The body limit stays the push one (index.ts): a tag
      // push can list as many commits as a branch push.
      return ignored(
        `GitLab event "Tag Push Hook" is not used by Shipwatch: a tag push brings no commits to a branch, and lead time counts commits from branch pushes (Push Hook) and deployments (Deployment Hook); untick "Tag push events" in the webhook's triggers`,
      );
    default:
      return ignored(
        `GitLab event "${event}" is not used by Shipwatch: it reads Deployment Hook, Push Hook, Merge Request Hook and Issue Hook, so tick only "Deployment events", "Push events", "Merge request events" (and "Issues events" for incidents) in the webhook's triggers`,
      );
  }
}
