import type { Provider, ProviderHeaders } from '../provider.js';
import { bodyLimitClassBy } from '../shared/body-limit-class.js';
import { deliveryKeyBy } from '../shared/delivery-key-by.js';
import { headerValue } from '../shared/header-value.js';
import { parseJsonBody } from '../shared/parse-json-body.js';
import { verifyHmacSignature } from '../shared/verify-hmac-signature.js';
import { normalizeGenericDeployment } from './normalize-generic-deployment.js';
import { normalizeGenericIncident } from './normalize-generic-incident.js';

/** The event name of every generic request: it has no event header, and carries one deployment. */
export const GENERIC_EVENT = 'deployment';

const HEADERS: ProviderHeaders = {
  event: null,
  credential: 'x-shipwatch-signature-256',
  secret: ['x-shipwatch-signature-256'],
  kept: ['content-type', 'x-shipwatch-delivery'],
};
const DELIVERY_KEY = { headers: ['x-shipwatch-delivery'], fallback: 'body-sha256' } as const;

/**
 * The generic webhook, for any CI: `X-Shipwatch-Signature-256: sha256=<hex HMAC-SHA256 of the
 * raw body>` (GitHub's scheme), a JSON body describing one deployment (or, with `"type": "incident"`, one
 * incident), and
 * `X-Shipwatch-Delivery` as the delivery key (else the SHA-256 of the body).
 */
export const generic: Provider = {
  id: 'generic',
  headers: HEADERS,
  credentialHelp: { header: 'X-Shipwatch-Signature-256', where: 'your sender, as the HMAC-SHA256 key of the body' },
  deliveryKeyRule: DELIVERY_KEY,
  pushLimitEvents: [],
  eventsUsed: [GENERIC_EVENT],
  bodyLimitClass: bodyLimitClassBy(HEADERS.event, []),
  verify: (request, secrets) =>
    verifyHmacSignature(request.rawBody, headerValue(request.headers, HEADERS.credential), secrets),
  parse: (request) => {
    const body = parseJsonBody(request);
    return body.ok ? { ok: true, event: GENERIC_EVENT, payload: body.payload } : body;
  },
  deliveryKey: deliveryKeyBy(DELIVERY_KEY),
  // `type: "incident"` makes an incident body; a body without `type` is a deployment, as in version 1.
  normalize: (_event, payload) =>
    payload.type === 'incident' ? normalizeGenericIncident(payload) : normalizeGenericDeployment(payload),
};
