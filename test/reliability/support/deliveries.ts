import { randomUUID } from 'node:crypto';
import { githubDeploymentStatus, githubHeaders } from '../../factories/github.js';

/** One GitHub deployment_status delivery: its own delivery id, deployment id and status id. */
export interface GithubDelivery {
  readonly key: string;
  readonly deploymentId: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/**
 * A successful production deployment finished `ageMs` ago (so it falls in the default 30-day metrics window),
 * deployment ids counted from `base`.
 */
export function githubSuccess(
  secret: string,
  index: number,
  options: { base?: number; now?: number } = {},
): GithubDelivery {
  const deploymentId = (options.base ?? 1_000_000) + index;
  const now = options.now ?? Date.now();
  const createdAt = new Date(now - 3_600_000 - (index % 500) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = JSON.stringify(
    githubDeploymentStatus({
      deploymentId,
      statusId: deploymentId * 10,
      state: 'success',
      createdAt,
      environment: 'production',
      repository: `acme/service-${index % 7}`,
      sha: deploymentId.toString(16).padStart(40, '0'),
    }),
  );
  const key = randomUUID();
  return { key, deploymentId, body, headers: githubHeaders('deployment_status', body, secret, key) };
}

/** The ping GitHub sends when a webhook is created (it verifies the webhook before any deployment arrives). */
export function githubPing(secret: string): GithubDelivery {
  const body = JSON.stringify({
    zen: 'Keep it logically awesome.',
    hook_id: 1,
    hook: { events: ['deployment_status'] },
  });
  const key = randomUUID();
  return { key, deploymentId: 0, body, headers: githubHeaders('ping', body, secret, key) };
}
