import { type IncidentNormalization, NOTHING_TO_CHANGE } from '../../domain/incident-event.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { parseRfc3339Millis } from '../shared/parse-rfc3339-millis.js';

/** The events Shipwatch reads; subscribe the webhook to these. */
export const PAGERDUTY_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.reopened',
  'incident.resolved',
] as const;

/** The subscription's test: `event_type` `pagey.ping`, `resource_type` `pagey` (PROVIDERS.md F.1). */
export const PAGERDUTY_PING = 'pagey.ping';

/**
 * What a PagerDuty Webhooks v3 event means for the incident it concerns (CONTRACT.md,
 * "Incidents"): start = the incident's `created_at`; `incident.resolved` resolves it at the
 * event's `occurred_at`, unless its `resolve_reason` is a merge (then it is no incident of its
 * own: it goes on in the incident it was merged into); `incident.triggered` and
 * `incident.reopened` make it open; an acknowledgement changes nothing Shipwatch keeps.
 * `occurred_at` orders the deliveries. The service id maps to a repository through the project's
 * `pagerdutyServices`. Other events (PagerDuty adds types over time) are ignored.
 * Source: PagerDuty/developer-docs docs/webhooks/01-Overview.md (event types, incident sample).
 */
export function normalizePagerdutyEvent(event: string, payload: Record<string, unknown>): IncidentNormalization {
  if (event === PAGERDUTY_PING) return { kind: 'ping', ping: { reason: 'ping: webhook verified' } };
  if (event === 'incident.acknowledged') return ignored(NOTHING_TO_CHANGE);
  if (event !== 'incident.triggered' && event !== 'incident.reopened' && event !== 'incident.resolved') {
    return ignored(
      `PagerDuty event "${event}" is not used by Shipwatch: it reads ${PAGERDUTY_EVENTS.join(', ')}, so subscribe the webhook to those only`,
    );
  }
  const envelope = asObject(payload.event) ?? {};
  const data = asObject(envelope.data);
  if (data === undefined) return bad('event.data', 'the incident object', envelope.data);
  const id = asId(data.id);
  if (id === undefined) return bad('event.data.id', "the incident's id", data.id);
  const createdText = asText(data.created_at);
  const startedAt = createdText === undefined ? null : parseRfc3339(createdText);
  if (startedAt === null) return bad('event.data.created_at', 'an ISO 8601 time', data.created_at);
  const occurredText = asText(envelope.occurred_at);
  const orderedAt = occurredText === undefined ? null : parseRfc3339Millis(occurredText);
  if (orderedAt === null) return bad('event.occurred_at', 'an ISO 8601 time', envelope.occurred_at);
  const resolved = event === 'incident.resolved';
  const mergedInto = resolved ? mergeTarget(data.resolve_reason) : null;
  return {
    kind: 'incident',
    incident: {
      providerIncidentId: id,
      notIncidentReason:
        mergedInto === null ? null : `merged into PagerDuty incident ${mergedInto}: counted there, not on its own`,
      title: asText(data.title) ?? null,
      url: asText(data.html_url) ?? null,
      status: resolved ? 'resolved' : 'open',
      startedAt,
      resolvedAt: resolved ? Math.floor(orderedAt / 1000) * 1000 : null,
      repository: null,
      environment: null,
      sha: null,
      serviceId: asId(asObject(data.service)?.id) ?? null,
      orderedAt,
    },
  };
}

/** The id of the incident a `merge_resolve_reason` points to ("unknown" without one); null for any other reason. */
function mergeTarget(reason: unknown): string | null {
  const object = asObject(reason);
  if (object?.type !== 'merge_resolve_reason') return null;
  return asId(asObject(object.incident)?.id) ?? 'unknown';
}

function ignored(reason: string): IncidentNormalization {
  return { kind: 'ignored', reason };
}

function bad(field: string, expected: string, got: unknown): IncidentNormalization {
  return ignored(`PagerDuty event: ${field} must be ${expected}, got ${describeValue(got)}`);
}
