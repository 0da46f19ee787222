import type { Provider } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { incidentAsNormalizedEvent } from '../shared/incident-as-normalized-event.js';
import { normalizePagerdutyEvent } from './normalize-pagerduty-event.js';
import { parsePagerdutyRequest } from './parse-pagerduty-request.js';
import { verifyPagerdutySignature } from './verify-pagerduty-signature.js';

/** The headers PagerDuty Webhooks v3 send that Shipwatch reads. */
export const PAGERDUTY_HEADERS = { signature: 'x-pagerduty-signature', delivery: 'x-webhook-id' } as const;

/**
 * PagerDuty Webhooks v3: `X-PagerDuty-Signature` (one or more `v1=<hex HMAC-SHA256>`, the secret
 * being the one PagerDuty makes for the subscription), one event per body, and `X-Webhook-Id`,
 * "repeated for each delivery attempt", as the delivery key.
 * Source: PagerDuty/developer-docs docs/webhooks/02-Behavior.md, 04-Signatures.md.
 *
 * Not in the registry yet: `ProviderId` has no `pagerduty`. `normalizePagerdutyEvent` answers the
 * incident itself; this record's `normalize` adapts it to `NormalizedEvent`.
 */
export const pagerduty: Omit<Provider, 'id'> & { readonly id: 'pagerduty' } = {
  id: 'pagerduty',
  bodyLimitClass: () => 'default',
  verify: async (request, secrets) =>
    verifyPagerdutySignature(request.rawBody, headerValue(request.headers, PAGERDUTY_HEADERS.signature), secrets),
  parse: parsePagerdutyRequest,
  deliveryKey: (request) => headerValue(request.headers, PAGERDUTY_HEADERS.delivery)?.trim() || null,
  normalize: (event, payload) => incidentAsNormalizedEvent(normalizePagerdutyEvent(event, payload), 'PagerDuty'),
};
