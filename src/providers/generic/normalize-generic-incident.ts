import type { IncidentNormalization, IncidentStatus } from '../../domain/incident-event.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asId, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';

const STATUSES: readonly IncidentStatus[] = ['open', 'resolved'];
const OPTIONAL_TEXT = ['title', 'url', 'repository', 'environment'] as const;

/**
 * The generic webhook's incident body (CONTRACT.md, "Incidents"): `{"type": "incident",
 * "incidentId", "status": "open" | "resolved", "startedAt", "resolvedAt"?, "title"?, "url"?,
 * "repository"?, "environment"?, "sha"?}`, times in RFC 3339. `resolvedAt` is required when the
 * status is `resolved` (and must not come before `startedAt`), and refused when it is `open`. A
 * body with a missing or malformed field is `ignored`, the reason naming the field and what it
 * must be. The body carries no time of its own, so deliveries are ordered by `resolvedAt`, else
 * `startedAt`: a resolution outranks any report of the incident open.
 */
export function normalizeGenericIncident(payload: Record<string, unknown>): IncidentNormalization {
  if (payload.type !== 'incident') return bad('type', '"incident" for an incident body', payload.type);
  const incidentId = asId(payload.incidentId);
  if (incidentId === undefined) return bad('incidentId', 'a non-empty string', payload.incidentId);
  const status = STATUSES.find((candidate) => candidate === payload.status);
  if (status === undefined) return bad('status', `one of ${STATUSES.join(', ')}`, payload.status);
  const startedAt = readTime(payload.startedAt);
  if (startedAt === null || startedAt === 'invalid') {
    return bad('startedAt', 'an RFC 3339 time such as "2026-03-02T14:05:00Z"', payload.startedAt);
  }
  const resolvedAt = readTime(payload.resolvedAt);
  if (resolvedAt === 'invalid' || (resolvedAt === null && status === 'resolved')) {
    return bad('resolvedAt', 'an RFC 3339 time (required when status is resolved)', payload.resolvedAt);
  }
  if (resolvedAt !== null && status === 'open')
    return bad('resolvedAt', 'absent when status is open', payload.resolvedAt);
  if (resolvedAt !== null && resolvedAt < startedAt) {
    return bad('resolvedAt', `a time at or after startedAt (${payload.startedAt})`, payload.resolvedAt);
  }
  for (const key of OPTIONAL_TEXT) {
    const value = payload[key];
    if (value !== undefined && value !== null && typeof value !== 'string')
      return bad(key, 'a string when given', value);
  }
  let sha: string | null = null;
  if (payload.sha !== undefined && payload.sha !== null) {
    const full = asCommitSha(payload.sha);
    if (full === undefined) return bad('sha', 'the full commit id (40 hex digits) when given', payload.sha);
    sha = full;
  }
  return {
    kind: 'incident',
    incident: {
      providerIncidentId: incidentId,
      notIncidentReason: null,
      title: asText(payload.title) ?? null,
      url: asText(payload.url) ?? null,
      status,
      startedAt,
      resolvedAt,
      repository: asText(payload.repository) ?? null,
      environment: asText(payload.environment) ?? null,
      sha,
      serviceId: null,
      orderedAt: resolvedAt ?? startedAt,
    },
  };
}

function readTime(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? parseRfc3339(value) : null) ?? 'invalid';
}

function bad(field: string, expected: string, got: unknown): IncidentNormalization {
  return { kind: 'ignored', reason: `generic incident: ${field} must be ${expected}, got ${describeValue(got)}` };
}
