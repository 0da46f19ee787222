import type { Provider } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { missingEvent, parseJsonBody } from '../shared/parse-json-body.js';
import { sha256Hex } from '../shared/sha256-hex.js';
import { verifyToken } from '../shared/verify-token.js';
import { normalizeGitlabEvent } from './normalize-gitlab-event.js';

const PUSH_EVENTS = new Set(['Push Hook', 'Tag Push Hook']);

/**
 * GitLab webhooks: the secret token comes in clear in `X-Gitlab-Token`; the event in
 * `X-Gitlab-Event`. The delivery key is `Idempotency-Key` (GitLab 17.4+, kept on retries and
 * "Resend request"), else `X-Gitlab-Event-UUID`, else the SHA-256 of the body.
 * `X-Gitlab-Webhook-UUID` changes on every request, so it is no key.
 * Source: https://docs.gitlab.com/user/project/integrations/webhooks/ (delivery headers)
 */
export const gitlab: Provider = {
  id: 'gitlab',
  bodyLimitClass: (headers) =>
    PUSH_EVENTS.has(headerValue(headers, 'x-gitlab-event')?.trim() ?? '') ? 'push' : 'default',
  verify: async (request, secrets) => verifyToken(headerValue(request.headers, 'x-gitlab-token'), secrets),
  parse: (request) => {
    const body = parseJsonBody(request);
    if (!body.ok) return body;
    const event = headerValue(request.headers, 'x-gitlab-event')?.trim();
    if (event === undefined || event === '') return missingEvent('Missing X-Gitlab-Event header: it names the event.');
    return { ok: true, event, payload: body.payload };
  },
  deliveryKey: (request) =>
    headerValue(request.headers, 'idempotency-key')?.trim() ||
    headerValue(request.headers, 'x-gitlab-event-uuid')?.trim() ||
    sha256Hex(request.rawBody),
  normalize: normalizeGitlabEvent,
};
