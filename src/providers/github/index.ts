import type { Provider } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { verifyHmacSignature } from '../shared/verify-hmac-signature.js';
import { normalizeGithubEvent } from './normalize-github-event.js';
import { parseGithubRequest } from './parse-github-request.js';

/**
 * GitHub webhooks: `X-Hub-Signature-256`, `X-GitHub-Event`, `X-GitHub-Delivery` (kept on a
 * manual redelivery, so a redelivery is a duplicate).
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
 */
export const github: Provider = {
  id: 'github',
  bodyLimitClass: (headers) => (headerValue(headers, 'x-github-event')?.trim() === 'push' ? 'push' : 'default'),
  verify: (request, secrets) =>
    verifyHmacSignature(request.rawBody, headerValue(request.headers, 'x-hub-signature-256'), secrets),
  parse: parseGithubRequest,
  deliveryKey: (request) => headerValue(request.headers, 'x-github-delivery')?.trim() || null,
  normalize: normalizeGithubEvent,
};
