import type { IncidentEvent, IncidentNormalization } from '../../domain/incident-event.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';

/** Closed for one of these reasons, an issue was no incident after all (a duplicate, a false alarm). */
const NOT_AN_INCIDENT_WHEN_CLOSED = new Map([
  ['duplicate', 'closed as a duplicate: counted in the issue it duplicates'],
  ['not_planned', 'closed as not planned: taken as a false alarm'],
]);

/**
 * A GitHub `issues` event as an incident candidate (CONTRACT.md, "Incidents"): every issue event is kept with the
 * issue's labels and type (`issue`), and whether the issue is an incident (its type is `Incident` or it carries a
 * label in the project's `incidentLabels`) is decided when it is stored and again whenever the setting changes
 * (src/metrics/issue-incident.ts), so a new label list applies to past issues at once. Start = `created_at`,
 * resolution = `closed_at` (a reopen clears it); deleting it, moving it to another repository, and closing it as a
 * duplicate or as not planned make it no incident, whatever its labels. `updated_at` orders the deliveries.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues; PROVIDERS.md F.4.
 */
export function normalizeGithubIssue(payload: Record<string, unknown>): IncidentNormalization {
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
  let notIncidentReason: string | null = null;
  if (action === 'deleted') notIncidentReason = 'issue deleted';
  else if (action === 'transferred') notIncidentReason = 'issue moved to another repository';
  else if (closed) notIncidentReason = NOT_AN_INCIDENT_WHEN_CLOSED.get(asText(issue.state_reason) ?? '') ?? null;
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
    issue: { number: asId(issue.number) ?? id, labels, typed },
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
