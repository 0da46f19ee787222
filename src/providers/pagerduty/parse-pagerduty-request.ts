import type { ParseResult, ReceivedRequest } from '../provider.js';
import { asObject, asText } from '../shared/json-values.js';
import { missingEvent, parseJsonBody } from '../shared/parse-json-body.js';

/**
 * A PagerDuty Webhooks v3 body: always one event, `{"event": {"id", "event_type", "resource_type",
 * "occurred_at", "agent", "client", "data"}}`; the event name is `event.event_type`.
 * Source: PagerDuty/developer-docs docs/webhooks/01-Overview.md.
 */
export function parsePagerdutyRequest(request: ReceivedRequest): ParseResult {
  const body = parseJsonBody(request);
  if (!body.ok) return body;
  const event = asText(asObject(body.payload.event)?.event_type)?.trim();
  if (event === undefined) {
    return missingEvent('The body has no event.event_type: PagerDuty Webhooks v3 name the event there.');
  }
  return { ok: true, event, payload: body.payload };
}
