import type { NormalizedEvent } from '../../domain/index.js';
import type { Headers } from '../provider.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { ignored } from '../shared/read-result.js';
import { mapGithubState } from './map-github-state.js';
import { readGithubDeployment } from './read-github-deployment.js';

/**
 * `deployment_status`: one status of one deployment. Its time is `deployment_status.created_at`,
 * its key `deployment_status.id` (the same through every webhook that delivers it).
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_status
 */
export function normalizeGithubDeploymentStatus(payload: Record<string, unknown>, headers: Headers): NormalizedEvent {
  const status = asObject(payload.deployment_status);
  if (status === undefined)
    return ignored(`deployment_status must be an object, got ${describeValue(payload.deployment_status)}`);
  const state = asText(status.state);
  if (state === undefined)
    return ignored(`deployment_status.state must be a state, got ${describeValue(status.state)}`);
  const mapped = mapGithubState(state);
  if (mapped === undefined) {
    return ignored(
      `deployment_status.state "${state}" is not a deployment result Shipwatch counts (it uses success, failure, error, in_progress, queued, waiting and pending)`,
    );
  }
  const key = asId(status.id);
  if (key === undefined) return ignored(`deployment_status.id must be an id, got ${describeValue(status.id)}`);
  const at = typeof status.created_at === 'string' ? parseRfc3339(status.created_at) : null;
  if (at === null) {
    return ignored(`deployment_status.created_at must be an ISO 8601 time, got ${describeValue(status.created_at)}`);
  }
  const deployment = readGithubDeployment(payload, headers, status.environment);
  if (!deployment.ok) return ignored(deployment.reason);
  return {
    kind: 'deployment',
    deployment: {
      ...deployment.value,
      url: asText(status.log_url) ?? asText(status.target_url) ?? null,
      status: { status: mapped, at, key, providerState: state },
    },
  };
}
