import type { DeploymentEvent } from '../../domain/index.js';
import type { Headers } from '../provider.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { found, missing, type Read } from '../shared/read-result.js';
import { urlHost } from '../shared/url-host.js';
import { githubHost } from './github-host.js';

/**
 * What `deployment` and `deployment_status` payloads say of the deployment itself (everything
 * but the status). `fallbackEnvironment` is `deployment_status.environment`, used when
 * `deployment.environment` is absent.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment
 */
export function readGithubDeployment(
  payload: Record<string, unknown>,
  headers: Headers,
  fallbackEnvironment?: unknown,
): Read<Omit<DeploymentEvent, 'status'>> {
  const deployment = asObject(payload.deployment);
  if (deployment === undefined)
    return missing(`deployment must be an object, got ${describeValue(payload.deployment)}`);
  const id = asId(deployment.id);
  if (id === undefined) return missing(`deployment.id must be an id, got ${describeValue(deployment.id)}`);
  const repository = asObject(payload.repository);
  const fullName = asText(repository?.full_name);
  if (fullName === undefined) {
    return missing(`repository.full_name must be a repository name, got ${describeValue(repository?.full_name)}`);
  }
  const environment = asText(deployment.environment) ?? asText(fallbackEnvironment);
  if (environment === undefined) {
    return missing(`deployment.environment must name an environment, got ${describeValue(deployment.environment)}`);
  }
  const host = githubHost(payload, headers);
  const sha = asCommitSha(deployment.sha) ?? null;
  const createdAt = typeof deployment.created_at === 'string' ? parseRfc3339(deployment.created_at) : null;
  return found({
    providerDeploymentId: id,
    instance: host,
    repository: fullName,
    environment,
    productionHint: typeof deployment.production_environment === 'boolean' ? deployment.production_environment : null,
    sha,
    ref: asText(deployment.ref) ?? null,
    url: null,
    commitUrl: sha === null ? null : commitUrl(repository?.html_url, host, fullName, sha),
    startedAt: createdAt,
  });
}

function commitUrl(htmlUrl: unknown, host: string, fullName: string, sha: string): string {
  const base =
    typeof htmlUrl === 'string' && urlHost(htmlUrl) !== undefined
      ? htmlUrl.replace(/\/+$/, '')
      : `https://${host}/${fullName}`;
  return `${base}/commit/${sha}`;
}
