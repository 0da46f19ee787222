import type { Provider, ProviderHeaders } from '../provider.js';
import { bodyLimitClassBy } from '../shared/body-limit-class.js';
import { deliveryKeyBy } from '../shared/delivery-key-by.js';
import { headerValue } from '../shared/header-value.js';
import { missingEvent, parseJsonBody } from '../shared/parse-json-body.js';
import { verifyToken } from '../shared/verify-token.js';
import { normalizeGitlabEvent } from './normalize-gitlab-event.js';

const HEADERS: ProviderHeaders = {
  event: 'x-gitlab-event',
  credential: 'x-gitlab-token',
  secret: ['x-gitlab-token'],
  kept: ['content-type', 'x-gitlab-event', 'x-gitlab-instance', 'idempotency-key', 'x-gitlab-event-uuid'],
};
const DELIVERY_KEY = { headers: ['idempotency-key', 'x-gitlab-event-uuid'], fallback: 'body-sha256' } as const;
const PUSH_LIMIT_EVENTS = ['Push Hook', 'Tag Push Hook'];

/**
 * GitLab webhooks: the secret token comes in clear in `X-Gitlab-Token`; the event in
 * `X-Gitlab-Event`. The delivery key is `Idempotency-Key` (GitLab 17.4+, kept on retries and
 * "Resend request"), else `X-Gitlab-Event-UUID`, else the SHA-256 of the body.
 * `X-Gitlab-Webhook-UUID` changes on every request, so it is no key.
 * Source: https://docs.gitlab.com/user/project/integrations/webhooks/ (delivery headers)
 */
export const gitlab: Provider = {
  id: 'gitlab',
  headers: HEADERS,
  credentialHelp: { header: 'X-Gitlab-Token', where: "the webhook's Secret token field in GitLab" },
  deliveryKeyRule: DELIVERY_KEY,
  pushLimitEvents: PUSH_LIMIT_EVENTS,
  eventsUsed: ['Deployment Hook', 'Push Hook', 'Merge Request Hook', 'Issue Hook', 'Confidential Issue Hook'],
  bodyLimitClass: bodyLimitClassBy(HEADERS.event, PUSH_LIMIT_EVENTS),
  verify: async (request, secrets) => verifyToken(headerValue(request.headers, HEADERS.credential), secrets),
  parse: (request) => {
    const body = parseJsonBody(request);
    if (!body.ok) return body;
    const event = headerValue(request.headers, 'x-gitlab-event')?.trim();
    if (event === undefined || event === '') return missingEvent('Missing X-Gitlab-Event header: it names the event.');
    return { ok: true, event, payload: body.payload };
  },
  deliveryKey: deliveryKeyBy(DELIVERY_KEY),
  normalize: normalizeGitlabEvent,
};
