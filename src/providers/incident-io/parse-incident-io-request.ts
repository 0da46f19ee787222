import type { ParseResult, ReceivedRequest } from '../provider.js';
import { asText } from '../shared/json-values.js';
import { missingEvent, parseJsonBody } from '../shared/parse-json-body.js';

/**
 * An incident.io webhook body: `{"event_type": "<type>", "<type>": {...}}`, the object under a key
 * equal to the event type; the event name is `event_type`.
 * Source: https://api-docs.incident.io/tag/Webhooks/ (PROVIDERS.md F.2).
 */
export function parseIncidentIoRequest(request: ReceivedRequest): ParseResult {
  const body = parseJsonBody(request);
  if (!body.ok) return body;
  const event = asText(body.payload.event_type)?.trim();
  if (event === undefined) return missingEvent('The body has no event_type: incident.io names the event there.');
  return { ok: true, event, payload: body.payload };
}
