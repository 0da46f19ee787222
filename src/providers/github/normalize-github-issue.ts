import {
  DEFAULT_INCIDENT_LABELS,
  type IncidentEvent,
  type IncidentNormalization,
} from '../../domain/incident-event.js';
import { hasIncidentLabel } from '../shared/has-incident-label.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';

/** Closed for one of these reasons, an issue was no incident after all (a duplicate, a false alarm). */
const NOT_AN_INCIDENT_WHEN_CLOSED = new Map([
  ['duplicate', 'closed as a duplicate: counted in the issue it duplicates'],
  ['not_planned', 'closed as not planned: taken as a false alarm'],
]);

/** Actions after which an issue that no longer looks like an incident may have been one before. */
const MAY_HAVE_BEEN_ONE = new Set(['unlabeled', 'untyped', 'typed']);

/**
 * A GitHub `issues` event as an incident (CONTRACT.md, "Incidents"): an issue is one when its
 * type is `Incident` or it carries a label in the project's `incidentLabels` (names compared
 * without regard to case); start = `created_at`, resolution = `closed_at` (a reopen clears it);
 * removing the label or type makes it no incident, and so do deleting it, moving it to another
 * repository, and closing it as a duplicate or as not planned. `updated_at` orders the deliveries.
 * Events about issues that are not incidents are ignored, except those that may have made one
 * stop being an incident.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues; PROVIDERS.md F.4.
 */
export function normalizeGithubIssue(
  payload: Record<string, unknown>,
  incidentLabels: readonly string[] = DEFAULT_INCIDENT_LABELS,
): IncidentNormalization {
  const action = asText(payload.action) ?? '';
  const issue = asObject(payload.issue);
  if (issue === undefined) return bad('issue', 'the issue object', payload.issue);
  const id = asId(issue.id);
  if (id === undefined) return bad('issue.id', "the issue's id", issue.id);
  const repository = asText(asObject(payload.repository)?.full_name);
  if (repository === undefined) return bad('repository.full_name', 'the repository', payload.repository);
  const startedAt = readTime(issue.created_at);
  if (startedAt === null) return bad('issue.created_at', 'an ISO 8601 time', issue.created_at);
  const orderedAt = readTime(issue.updated_at);
  if (orderedAt === null) return bad('issue.updated_at', 'an ISO 8601 time', issue.updated_at);
  const closed = issue.state === 'closed';
  const closedAt = readTime(issue.closed_at) ?? orderedAt;

  const labels = Array.isArray(issue.labels)
    ? issue.labels.map((label) => asText(asObject(label)?.name)).filter((name) => name !== undefined)
    : [];
  const typed = asText(asObject(issue.type)?.name)?.trim().toLowerCase() === 'incident';
  const looksLikeIncident = typed || hasIncidentLabel(labels, incidentLabels);
  const number = asId(issue.number) ?? id;
  const notIncident = `issue #${number} has no label in incidentLabels (${incidentLabels.join(', ')}) and its type is not Incident`;
  if (!looksLikeIncident && !MAY_HAVE_BEEN_ONE.has(action)) return { kind: 'ignored', reason: notIncident };

  let notIncidentReason: string | null = looksLikeIncident ? null : notIncident;
  if (action === 'deleted') notIncidentReason = 'issue deleted';
  else if (action === 'transferred') notIncidentReason = 'issue moved to another repository';
  else if (closed && notIncidentReason === null) {
    notIncidentReason = NOT_AN_INCIDENT_WHEN_CLOSED.get(asText(issue.state_reason) ?? '') ?? null;
  }
  const incident: IncidentEvent = {
    providerIncidentId: id,
    notIncidentReason,
    title: asText(issue.title) ?? null,
    url: asText(issue.html_url) ?? null,
    status: closed ? 'resolved' : 'open',
    startedAt,
    resolvedAt: closed ? closedAt : null,
    repository,
    environment: null,
    sha: null,
    serviceId: null,
    orderedAt,
  };
  return { kind: 'incident', incident };
}

function readTime(value: unknown): number | null {
  return typeof value === 'string' ? parseRfc3339(value) : null;
}

function bad(field: string, expected: string, got: unknown): IncidentNormalization {
  return { kind: 'ignored', reason: `GitHub issues event: ${field} must be ${expected}, got ${describeValue(got)}` };
}
