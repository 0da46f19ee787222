import type { IncidentEvent, IncidentNormalization } from '../../domain/incident-event.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseGitlabTime } from '../shared/parse-gitlab-time.js';

/**
 * A GitLab `Issue Hook` (`object_kind` `issue` or `work_item`; also sent as `Confidential Issue Hook`) as an
 * incident candidate (CONTRACT.md, "Incidents"): every issue event is kept with the issue's labels
 * (`object_attributes.labels[].title` and top-level `labels[].title`) and whether its type is Incident
 * (`object_attributes.type` `Incident`, GitLab 17.2+, or `issue_type` `incident`); whether it is an incident (that
 * type, or a label in the project's `incidentLabels`) is decided when it is stored and again whenever the setting
 * changes (src/metrics/issue-incident.ts). Start = `created_at`, resolution = `closed_at` while `state` is `closed`
 * (a reopen clears it). Times are read in both of GitLab's formats (ISO 8601, and `2026-03-03 17:40:19 UTC` as
 * `changes` and older versions write them); `updated_at` orders the deliveries.
 * Sources: gitlabhq doc/user/project/integrations/webhook_events.md ("Work item events"); PROVIDERS.md F.5, B.4.
 */
export function normalizeGitlabIssue(payload: Record<string, unknown>): IncidentNormalization {
  const kind = asText(payload.object_kind);
  if (kind !== 'issue' && kind !== 'work_item') {
    return bad('object_kind', '"issue" or "work_item" in an Issue Hook', payload.object_kind);
  }
  const attributes = asObject(payload.object_attributes);
  if (attributes === undefined) return bad('object_attributes', 'the issue', payload.object_attributes);
  const id = asId(attributes.id);
  if (id === undefined) return bad('object_attributes.id', "the issue's id", attributes.id);
  const repository = asText(asObject(payload.project)?.path_with_namespace);
  if (repository === undefined) return bad('project.path_with_namespace', 'the project path', payload.project);
  const startedAt = readTime(attributes.created_at);
  if (startedAt === null) return bad('object_attributes.created_at', 'a GitLab time', attributes.created_at);
  const orderedAt = readTime(attributes.updated_at);
  if (orderedAt === null) return bad('object_attributes.updated_at', 'a GitLab time', attributes.updated_at);

  const typed =
    asText(attributes.type)?.trim().toLowerCase() === 'incident' ||
    asText(attributes.issue_type)?.trim().toLowerCase() === 'incident';
  const labels = [...labelTitles(attributes.labels), ...labelTitles(payload.labels)];
  const closed = attributes.state === 'closed' && attributes.action !== 'reopen';
  const incident: IncidentEvent = {
    providerIncidentId: id,
    notIncidentReason: null,
    title: asText(attributes.title) ?? null,
    url: asText(attributes.url) ?? null,
    status: closed ? 'resolved' : 'open',
    startedAt,
    resolvedAt: closed ? (readTime(attributes.closed_at) ?? orderedAt) : null,
    repository,
    environment: null,
    sha: null,
    serviceId: null,
    issue: { number: asId(attributes.iid) ?? id, labels: [...new Set(labels)], typed },
    orderedAt,
  };
  return { kind: 'incident', incident };
}

function labelTitles(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((label) => asText(asObject(label)?.title)).filter((title) => title !== undefined);
}

function readTime(value: unknown): number | null {
  return typeof value === 'string' ? parseGitlabTime(value) : null;
}

function bad(field: string, expected: string, got: unknown): IncidentNormalization {
  return { kind: 'ignored', reason: `GitLab Issue Hook: ${field} must be ${expected}, got ${describeValue(got)}` };
}
