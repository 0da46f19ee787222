import type { NormalizedEvent } from '../../domain/index.js';
import type { Headers } from '../provider.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseGitlabTime } from '../shared/parse-gitlab-time.js';
import { ignored } from '../shared/read-result.js';
import { gitlabInstance } from './gitlab-instance.js';
import { mapGitlabStatus } from './map-gitlab-status.js';
import { shaFromCommitUrl } from './sha-from-commit-url.js';

/**
 * `Deployment Hook`: sent when a deployment starts (`running`) and when it succeeds, fails or is
 * canceled. The status time is `status_changed_at` (`2021-04-28 21:50:00 +0200`); the status key
 * is `<status>:<status_changed_at>`, since the hook carries no id of its own per status.
 * Source: gitlabhq doc/user/project/integrations/webhook_events.md, "Deployment events".
 */
export function normalizeGitlabDeployment(payload: Record<string, unknown>, headers: Headers): NormalizedEvent {
  const deploymentId = asId(payload.deployment_id);
  if (deploymentId === undefined) {
    return ignored(
      'Deployment Hook without deployment_id: this GitLab is too old to identify deployments in its webhooks (upgrade to GitLab 15.x or later)',
    );
  }
  const state = asText(payload.status);
  if (state === undefined) return ignored(`status must be a deployment status, got ${describeValue(payload.status)}`);
  const status = mapGitlabStatus(state);
  if (status === undefined) {
    return ignored(
      `status "${state}" is not a deployment result Shipwatch counts (it uses running, success, failed and canceled; approved and rejected are approvals)`,
    );
  }
  const changedAt = asText(payload.status_changed_at);
  const at = changedAt === undefined ? null : parseGitlabTime(changedAt);
  if (changedAt === undefined || at === null) {
    return ignored(
      `status_changed_at must be a time such as "2021-04-28 21:50:00 +0200", got ${describeValue(payload.status_changed_at)}`,
    );
  }
  const project = asObject(payload.project);
  const repository = asText(project?.path_with_namespace);
  if (repository === undefined) {
    return ignored(
      `project.path_with_namespace must name the project, got ${describeValue(project?.path_with_namespace)}`,
    );
  }
  const environment = asText(payload.environment);
  if (environment === undefined) {
    return ignored(`environment must name an environment, got ${describeValue(payload.environment)}`);
  }
  const instance = gitlabInstance(payload, headers);
  if (instance === undefined) {
    return ignored('cannot tell the GitLab instance: no X-Gitlab-Instance header and project.web_url is not a URL');
  }
  const commitUrl = asText(payload.commit_url);
  const tier = payload.environment_tier;
  return {
    kind: 'deployment',
    deployment: {
      providerDeploymentId: deploymentId,
      instance,
      repository,
      environment,
      productionHint: typeof tier === 'string' ? tier.toLowerCase() === 'production' : null,
      sha: shaFromCommitUrl(commitUrl),
      ref: asText(payload.ref) ?? null,
      url: asText(payload.deployable_url) ?? null,
      commitUrl: commitUrl ?? null,
      // GitLab gives no start time but the `running` hook's own.
      startedAt: status === 'in_progress' ? at : null,
      status: { status, at, key: `${state}:${changedAt}`, providerState: state },
    },
  };
}
