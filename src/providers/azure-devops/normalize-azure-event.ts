import type { NormalizedEvent } from '../../domain/index.js';
import { ignored } from '../shared/read-result.js';
import { AZURE_PULL_REQUEST_EVENTS, normalizeAzurePullRequest } from './normalize-azure-pull-request.js';
import { normalizeDeploymentCompleted } from './normalize-deployment-completed.js';
import { normalizeGitPush } from './normalize-git-push.js';

const GENERIC_HINT =
  'it names no deployed commit or target environment, so report deployments from the pipeline to a Shipwatch generic webhook instead';

/** What an Azure DevOps service-hook event means to Shipwatch, by the body's `eventType`. */
export function normalizeAzureEvent(event: string, payload: Record<string, unknown>): NormalizedEvent {
  if (event === 'ms.vss-release.deployment-completed-event') return normalizeDeploymentCompleted(payload);
  if (event === 'git.push') return normalizeGitPush(payload);
  if ((AZURE_PULL_REQUEST_EVENTS as readonly string[]).includes(event))
    return normalizeAzurePullRequest(event, payload);
  if (event.startsWith('ms.vss-pipelines.') || event.startsWith('ms.vss-pipelinechecks-events.')) {
    return ignored(`Azure DevOps event "${event}" is a YAML pipeline event: ${GENERIC_HINT}`);
  }
  if (event === 'build.complete')
    return ignored(`Azure DevOps event "build.complete" is a build, not a deployment: ${GENERIC_HINT}`);
  return ignored(
    `Azure DevOps event "${event}" is not used by Shipwatch: subscribe this webhook to "Release deployment completed", "Code pushed", "Pull request created", "Pull request updated" and "Pull request merge attempted"`,
  );
}
