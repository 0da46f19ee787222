import type { Provider } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { parseJsonBody } from '../shared/parse-json-body.js';
import { sha256Hex } from '../shared/sha256-hex.js';
import { verifyHmacSignature } from '../shared/verify-hmac-signature.js';
import { normalizeGenericDeployment } from './normalize-generic-deployment.js';

/** The event name of every generic request: it has no event header, and carries one deployment. */
export const GENERIC_EVENT = 'deployment';

/**
 * The generic webhook, for any CI: `X-Shipwatch-Signature-256: sha256=<hex HMAC-SHA256 of the
 * raw body>` (GitHub's scheme), a JSON body describing one deployment, and
 * `X-Shipwatch-Delivery` as the delivery key (else the SHA-256 of the body).
 */
export const generic: Provider = {
  id: 'generic',
  bodyLimitClass: () => 'default',
  verify: (request, secrets) =>
    verifyHmacSignature(request.rawBody, headerValue(request.headers, 'x-shipwatch-signature-256'), secrets),
  parse: (request) => {
    const body = parseJsonBody(request);
    return body.ok ? { ok: true, event: GENERIC_EVENT, payload: body.payload } : body;
  },
  deliveryKey: (request) => headerValue(request.headers, 'x-shipwatch-delivery')?.trim() || sha256Hex(request.rawBody),
  normalize: (_event, payload) => normalizeGenericDeployment(payload),
};
