import type { Provider } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { asText } from '../shared/json-values.js';
import { missingEvent, parseJsonBody } from '../shared/parse-json-body.js';
import { verifyToken } from '../shared/verify-token.js';
import { normalizeAzureEvent } from './normalize-azure-event.js';

/**
 * Azure DevOps service hooks ("Web Hooks" consumer): Azure signs nothing, so the subscription
 * sends the secret in a custom header, `X-Azure-Token: <secret>` (spaces around the value
 * ignored; basic authentication is not read). The event is the body's `eventType`, the delivery
 * key its `id`. Every request gets the larger body limit.
 * Source: MicrosoftDocs/azure-devops-docs docs/service-hooks/services/webhooks.md and
 * docs/integrate/previous-apis/hooks/consumers.md (webHooks consumer, httpHeaders input).
 */
export const azureDevops: Provider = {
  id: 'azure-devops',
  bodyLimitClass: () => 'push',
  verify: async (request, secrets) => verifyToken(headerValue(request.headers, 'x-azure-token')?.trim(), secrets),
  parse: (request) => {
    const body = parseJsonBody(request);
    if (!body.ok) return body;
    const event = asText(body.payload.eventType)?.trim();
    if (event === undefined) return missingEvent('The body has no eventType: Azure DevOps names the event there.');
    return { ok: true, event, payload: body.payload };
  },
  deliveryKey: (_request, payload) => asText(payload.id)?.trim() ?? null,
  normalize: (event, payload) => normalizeAzureEvent(event, payload),
};
