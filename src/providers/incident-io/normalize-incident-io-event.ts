import type { IncidentNormalization, IncidentStatus } from '../../domain/incident-event.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { parseRfc3339Millis } from '../shared/parse-rfc3339-millis.js';

/** The events Shipwatch reads; subscribe the endpoint to these. */
export const INCIDENT_IO_EVENTS = [
  'public_incident.incident_created_v2',
  'public_incident.incident_updated_v2',
  'public_incident.incident_status_updated_v2',
] as const;

/** `incident_status.category` → what Shipwatch keeps; the rest are no incident (CONTRACT.md, "Incidents"). */
const CATEGORIES = new Map<string, IncidentStatus>([
  ['triage', 'open'],
  ['live', 'open'],
  ['paused', 'open'],
  ['learning', 'resolved'],
  ['closed', 'resolved'],
]);
const NOT_INCIDENT = new Set(['declined', 'merged', 'canceled']);
const NOT_REAL_MODES = new Set(['test', 'tutorial']);

/**
 * What an incident.io public incident event means (CONTRACT.md, "Incidents"): start = the
 * incident's `created_at`; resolved when its `incident_status.category` is `learning` or `closed`,
 * at this delivery's `updated_at` (folding keeps the first such time after the last live one);
 * `declined`, `merged`, `canceled`, and `mode` `test` or `tutorial`, are no incidents. Deliveries
 * are not ordered: the incident's `updated_at` orders them. Private incidents carry only an id.
 * Sources: https://api-docs.incident.io/tag/Webhooks/; incident-io/terraform-provider-incident
 * internal/client/client.gen.go (`IncidentV2`, `IncidentStatusV2Category`).
 */
export function normalizeIncidentIoEvent(event: string, payload: Record<string, unknown>): IncidentNormalization {
  if (event.startsWith('private_incident.')) {
    return ignored(
      `incident.io event "${event}" is about a private incident, whose webhooks carry only its id: Shipwatch counts public incidents`,
    );
  }
  if (!(INCIDENT_IO_EVENTS as readonly string[]).includes(event)) {
    return ignored(
      `incident.io event "${event}" is not used by Shipwatch: it reads ${INCIDENT_IO_EVENTS.join(', ')}, so subscribe the endpoint to those only`,
    );
  }
  const body = asObject(payload[event]);
  if (body === undefined) return bad(event, 'the object the event is about', payload[event]);
  const isStatusUpdate = event === 'public_incident.incident_status_updated_v2';
  const incident = isStatusUpdate ? asObject(body.incident) : body;
  const at = isStatusUpdate ? `${event}.incident` : event;
  if (incident === undefined) return bad(at, 'the incident', body.incident);
  const id = asId(incident.id);
  if (id === undefined) return bad(`${at}.id`, "the incident's id", incident.id);
  const startedAt = readTime(incident.created_at, parseRfc3339);
  if (startedAt === null) return bad(`${at}.created_at`, 'an ISO 8601 time', incident.created_at);
  const orderedAt = readTime(incident.updated_at, parseRfc3339Millis);
  if (orderedAt === null) return bad(`${at}.updated_at`, 'an ISO 8601 time', incident.updated_at);
  const statusObject = asObject(incident.incident_status) ?? (isStatusUpdate ? asObject(body.new_status) : undefined);
  const category = asText(statusObject?.category);
  const status = category === undefined ? undefined : CATEGORIES.get(category);
  if (category === undefined || (status === undefined && !NOT_INCIDENT.has(category))) {
    return bad(`${at}.incident_status.category`, 'a category incident.io documents', statusObject?.category);
  }
  const mode = asText(incident.mode);
  let notIncidentReason: string | null = null;
  if (mode !== undefined && NOT_REAL_MODES.has(mode)) notIncidentReason = `incident.io ${mode} incident: not counted`;
  else if (status === undefined) notIncidentReason = `incident.io incident ${category}: not counted`;
  return {
    kind: 'incident',
    incident: {
      providerIncidentId: id,
      notIncidentReason,
      title: title(incident),
      url: asText(incident.permalink) ?? null,
      status: status ?? 'open',
      startedAt,
      resolvedAt: status === 'resolved' ? Math.floor(orderedAt / 1000) * 1000 : null,
      repository: null,
      environment: null,
      sha: null,
      serviceId: null,
      orderedAt,
    },
  };
}

/** `INC-123: Our database is sad`, or whichever of the two is there. */
function title(incident: Record<string, unknown>): string | null {
  const parts = [asText(incident.reference), asText(incident.name)].filter((part) => part !== undefined);
  return parts.length === 0 ? null : parts.join(': ');
}

function readTime(value: unknown, parse: (text: string) => number | null): number | null {
  return typeof value === 'string' ? parse(value) : null;
}

function ignored(reason: string): IncidentNormalization {
  return { kind: 'ignored', reason };
}

function bad(field: string, expected: string, got: unknown): IncidentNormalization {
  return ignored(`incident.io event: ${field} must be ${expected}, got ${describeValue(got)}`);
}
