import type { CommitRef, DeploymentStatus, NormalizedEvent } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asId, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { readCommitList } from '../shared/read-commit-list.js';
import { ignored } from '../shared/read-result.js';

const STATUSES: readonly DeploymentStatus[] = ['success', 'failure', 'in_progress', 'canceled'];

/**
 * The generic webhook's body (CONTRACT.md, "The receiver"): one deployment per request,
 * `{deploymentId, repository, environment, status, sha, ref?, startedAt?, finishedAt, url?,
 * service?, commits?: [{sha, timestamp, message?, author?: {name, email}}]}`, times in RFC 3339. A JSON object with a missing or
 * malformed field is `ignored`, the reason naming the field and what it must be. The status
 * time is `finishedAt` (required for success, failure and canceled), or `startedAt` for
 * in_progress; an in_progress report without `startedAt` records the deployment without a
 * status event. `service` is checked but not stored.
 */
export function normalizeGenericDeployment(payload: Record<string, unknown>): NormalizedEvent {
  const deploymentId = asId(payload.deploymentId);
  if (deploymentId === undefined) return bad('deploymentId', 'a non-empty string', payload.deploymentId);
  const repository = asText(payload.repository);
  if (repository === undefined)
    return bad('repository', 'a non-empty string such as "acme/checkout"', payload.repository);
  const environment = asText(payload.environment);
  if (environment === undefined)
    return bad('environment', 'a non-empty string such as "production"', payload.environment);
  const status = STATUSES.find((candidate) => candidate === payload.status);
  if (status === undefined) return bad('status', `one of ${STATUSES.join(', ')}`, payload.status);
  const sha = asCommitSha(payload.sha);
  if (sha === undefined) return bad('sha', 'the full commit id (40 hex digits)', payload.sha);
  for (const key of ['ref', 'url', 'service'] as const) {
    if (payload[key] !== undefined && payload[key] !== null && typeof payload[key] !== 'string') {
      return bad(key, 'a string when given', payload[key]);
    }
  }
  const startedAt = readTime(payload.startedAt);
  if (startedAt === 'invalid')
    return bad('startedAt', 'an RFC 3339 time such as "2026-03-02T14:05:00Z"', payload.startedAt);
  const finishedAt = readTime(payload.finishedAt);
  if (finishedAt === 'invalid' || (finishedAt === null && status !== 'in_progress')) {
    return bad('finishedAt', `an RFC 3339 time (required when status is ${status})`, payload.finishedAt);
  }
  let commits: CommitRef[] | undefined;
  if (payload.commits !== undefined && payload.commits !== null) {
    const listed = readCommitList(payload.commits, {
      path: 'commits',
      shaKey: 'sha',
      timePath: ['timestamp'],
      parseTime: parseRfc3339,
      messageKey: 'message',
      strictDetails: true,
    });
    if (!listed.ok) return ignored(`generic deployment: ${listed.reason}`);
    commits = listed.value;
  }
  const at = status === 'in_progress' ? startedAt : finishedAt;
  return {
    kind: 'deployment',
    deployment: {
      providerDeploymentId: deploymentId,
      instance: '',
      repository,
      environment,
      productionHint: null,
      sha,
      ref: asText(payload.ref) ?? null,
      url: asText(payload.url) ?? null,
      commitUrl: null,
      startedAt,
      status:
        at === null ? null : { status, at, key: `${status}:${new Date(at).toISOString()}`, providerState: status },
      ...(commits === undefined ? {} : { commits }),
    },
  };
}

function readTime(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? parseRfc3339(value) : null) ?? 'invalid';
}

function bad(field: string, expected: string, got: unknown): NormalizedEvent {
  return ignored(`generic deployment: ${field} must be ${expected}, got ${describeValue(got)}`);
}
