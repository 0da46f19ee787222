import type { Provider, ProviderHeaders } from '../provider.js';
import { bodyLimitClassBy } from '../shared/body-limit-class.js';
import { deliveryKeyBy } from '../shared/delivery-key-by.js';
import { headerValue } from '../shared/header-value.js';
import { asText } from '../shared/json-values.js';
import { missingEvent, parseJsonBody } from '../shared/parse-json-body.js';
import { verifyToken } from '../shared/verify-token.js';
import { normalizeAzureEvent } from './normalize-azure-event.js';
import { AZURE_PULL_REQUEST_EVENTS } from './normalize-azure-pull-request.js';

const HEADERS: ProviderHeaders = {
  event: null,
  credential: 'x-azure-token',
  secret: ['x-azure-token'],
  kept: ['content-type'],
};
const DELIVERY_KEY = { headers: [], bodyField: 'id', fallback: 'none' } as const;

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
  headers: HEADERS,
  credentialHelp: {
    header: 'X-Azure-Token',
    where: 'the subscription\'s HTTP headers field in Azure DevOps, as "X-Azure-Token: <secret>"',
  },
  deliveryKeyRule: DELIVERY_KEY,
  pushLimitEvents: 'every-request',
  eventsUsed: ['ms.vss-release.deployment-completed-event', 'git.push', ...AZURE_PULL_REQUEST_EVENTS],
  bodyLimitClass: bodyLimitClassBy(HEADERS.event, 'every-request'),
  verify: async (request, secrets) => verifyToken(headerValue(request.headers, HEADERS.credential)?.trim(), secrets),
  parse: (request) => {
    const body = parseJsonBody(request);
    if (!body.ok) return body;
    const event = asText(body.payload.eventType)?.trim();
    if (event === undefined) return missingEvent('The body has no eventType: Azure DevOps names the event there.');
    return { ok: true, event, payload: body.payload };
  },
  deliveryKey: deliveryKeyBy(DELIVERY_KEY),
  normalize: (event, payload) => normalizeAzureEvent(event, payload),
};
