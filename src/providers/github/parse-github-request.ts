import type { ParseResult, ReceivedRequest } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { parseJsonObject } from '../shared/json-object.js';
import { mediaType } from '../shared/media-type.js';
import { invalidBody, missingEvent, unsupportedContentType } from '../shared/parse-json-body.js';

const ACCEPTED = 'application/json or application/x-www-form-urlencoded (a payload field holding JSON)';

/**
 * GitHub sends the payload as the JSON body, or, with content type "form", as a form field
 * named `payload`; the event name is in `X-GitHub-Event`.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
 */
export function parseGithubRequest(request: ReceivedRequest): ParseResult {
  const contentType = headerValue(request.headers, 'content-type');
  const type = mediaType(contentType);
  const body = request.rawBody.toString('utf8');
  let parsed: ReturnType<typeof parseJsonObject>;
  if (type === 'application/json') {
    parsed = parseJsonObject(body);
  } else if (type === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(body).get('payload');
    if (payload === null) return invalidBody('Form body has no payload field: GitHub sends the JSON payload in it.');
    parsed = parseJsonObject(payload, 'The payload field');
  } else {
    return unsupportedContentType(contentType, ACCEPTED);
  }
  if (!parsed.ok) return invalidBody(parsed.message);
  const event = headerValue(request.headers, 'x-github-event')?.trim();
  if (event === undefined || event === '') return missingEvent('Missing X-GitHub-Event header: it names the event.');
  return { ok: true, event, payload: parsed.value };
}
