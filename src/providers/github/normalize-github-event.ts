import type { NormalizedEvent } from '../../domain/index.js';
import type { Headers } from '../provider.js';
import { ignored } from '../shared/read-result.js';
import { normalizeGithubDeploymentStatus } from './normalize-github-deployment-status.js';
import { normalizeGithubIssue } from './normalize-github-issue.js';
import { normalizeGithubPing } from './normalize-github-ping.js';
import { normalizeGithubPullRequest } from './normalize-github-pull-request.js';
import { normalizeGithubPush } from './normalize-github-push.js';
import { readGithubDeployment } from './read-github-deployment.js';

/** What a GitHub event means to Shipwatch, by its `X-GitHub-Event` name. */
export function normalizeGithubEvent(
  event: string,
  payload: Record<string, unknown>,
  headers: Headers,
): NormalizedEvent {
  switch (event) {
    case 'deployment_status':
      return normalizeGithubDeploymentStatus(payload, headers);
    case 'deployment': {
      const deployment = readGithubDeployment(payload, headers);
      return deployment.ok
        ? { kind: 'deployment', deployment: { ...deployment.value, status: null } }
        : ignored(deployment.reason);
    }
    case 'push':
      return normalizeGithubPush(payload);
    case 'pull_request':
      return normalizeGithubPullRequest(payload);
    case 'ping':
      return normalizeGithubPing(payload);
    case 'issues':
      return normalizeGithubIssue(payload);
    default:
      return ignored(
        `GitHub event "${event}" is not used by Shipwatch: it reads deployment_status, deployment, push, pull_request and issues events, so select "Deployment statuses", "Deployments", "Pushes", "Pull requests" (and "Issues" for incidents) in the webhook's settings`,
      );
  }
}
