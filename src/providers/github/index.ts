import type { Provider, ProviderHeaders } from '../provider.js';
import { bodyLimitClassBy } from '../shared/body-limit-class.js';
import { deliveryKeyBy } from '../shared/delivery-key-by.js';
import { headerValue } from '../shared/header-value.js';
import { verifyHmacSignature } from '../shared/verify-hmac-signature.js';
import { normalizeGithubEvent } from './normalize-github-event.js';
import { parseGithubRequest } from './parse-github-request.js';

const HEADERS: ProviderHeaders = {
  event: 'x-github-event',
  credential: 'x-hub-signature-256',
  // GitHub also sends the older SHA-1 signature; it is never read, and never logged either.
  secret: ['x-hub-signature-256', 'x-hub-signature'],
  kept: ['content-type', 'x-github-event', 'x-github-delivery'],
};
const DELIVERY_KEY = { headers: ['x-github-delivery'], fallback: 'none' } as const;
const PUSH_LIMIT_EVENTS = ['push'];

/**
 * GitHub webhooks: `X-Hub-Signature-256`, `X-GitHub-Event`, `X-GitHub-Delivery` (kept on a
 * manual redelivery, so a redelivery is a duplicate).
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
 */
export const github: Provider = {
  id: 'github',
  headers: HEADERS,
  credentialHelp: { header: 'X-Hub-Signature-256', where: "the webhook's Secret field in GitHub" },
  deliveryKeyRule: DELIVERY_KEY,
  pushLimitEvents: PUSH_LIMIT_EVENTS,
  eventsUsed: ['deployment_status', 'deployment', 'push', 'pull_request', 'ping', 'issues'],
  bodyLimitClass: bodyLimitClassBy(HEADERS.event, PUSH_LIMIT_EVENTS),
  verify: (request, secrets) =>
    verifyHmacSignature(request.rawBody, headerValue(request.headers, HEADERS.credential), secrets),
  parse: parseGithubRequest,
  deliveryKey: deliveryKeyBy(DELIVERY_KEY),
  normalize: normalizeGithubEvent,
};
