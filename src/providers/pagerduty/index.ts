import type { Provider, ProviderHeaders } from '../provider.js';
import { deliveryKeyBy } from '../shared/delivery-key-by.js';
import { headerValue } from '../shared/header-value.js';
import { normalizePagerdutyEvent, PAGERDUTY_EVENTS } from './normalize-pagerduty-event.js';
import { parsePagerdutyRequest } from './parse-pagerduty-request.js';
import { verifyPagerdutySignature } from './verify-pagerduty-signature.js';

/** The headers PagerDuty Webhooks v3 send that Shipwatch reads. */
export const PAGERDUTY_HEADERS = { signature: 'x-pagerduty-signature', delivery: 'x-webhook-id' } as const;

/**
 * PagerDuty Webhooks v3: `X-PagerDuty-Signature` (one or more `v1=<hex HMAC-SHA256>`, the secret
 * being the one PagerDuty makes for the subscription), one event per body, and `X-Webhook-Id`,
 * "repeated for each delivery attempt", as the delivery key.
 * Source: PagerDuty/developer-docs docs/webhooks/02-Behavior.md, 04-Signatures.md.
 */
const HEADERS: ProviderHeaders = {
  event: null,
  credential: PAGERDUTY_HEADERS.signature,
  secret: [PAGERDUTY_HEADERS.signature],
  kept: ['content-type', PAGERDUTY_HEADERS.delivery],
};
const DELIVERY_KEY = { headers: [PAGERDUTY_HEADERS.delivery], fallback: 'none' } as const;

export const pagerduty: Provider = {
  id: 'pagerduty',
  headers: HEADERS,
  credentialHelp: { header: 'X-PagerDuty-Signature', where: "Shipwatch's webhook (paste the secret PagerDuty shows)" },
  deliveryKeyRule: DELIVERY_KEY,
  pushLimitEvents: [],
  eventsUsed: PAGERDUTY_EVENTS,
  bodyLimitClass: () => 'default',
  verify: async (request, secrets) =>
    verifyPagerdutySignature(request.rawBody, headerValue(request.headers, PAGERDUTY_HEADERS.signature), secrets),
  parse: parsePagerdutyRequest,
  deliveryKey: deliveryKeyBy(DELIVERY_KEY),
  normalize: (event, payload) => normalizePagerdutyEvent(event, payload),
};
