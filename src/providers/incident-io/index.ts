import type { Provider } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { incidentAsNormalizedEvent } from '../shared/incident-as-normalized-event.js';
import { normalizeIncidentIoEvent } from './normalize-incident-io-event.js';
import { parseIncidentIoRequest } from './parse-incident-io-request.js';
import { verifyStandardWebhook } from './verify-standard-webhook.js';

/** The Standard Webhooks headers incident.io sends (Svix's `svix-*` names are read too). */
export const INCIDENT_IO_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/**
 * incident.io webhooks, signed by Standard Webhooks (through Svix) with the `whsec_...` secret
 * incident.io shows for the endpoint; `webhook-id`, the same on every retry, is the delivery key.
 * The timestamp is checked against the server's clock.
 * Sources: https://api-docs.incident.io/tag/Webhooks/; standard-webhooks spec/standard-webhooks.md.
 *
 * Not in the registry yet: `ProviderId` has no `incident-io`. `normalizeIncidentIoEvent` answers the
 * incident itself; this record's `normalize` adapts it to `NormalizedEvent`.
 */
export const incidentIo: Omit<Provider, 'id'> & { readonly id: 'incident-io' } = {
  id: 'incident-io',
  bodyLimitClass: () => 'default',
  verify: async (request, secrets) => verifyStandardWebhook(request, secrets, Date.now()),
  parse: parseIncidentIoRequest,
  deliveryKey: (request) =>
    headerValue(request.headers, INCIDENT_IO_HEADERS.id)?.trim() ||
    headerValue(request.headers, 'svix-id')?.trim() ||
    null,
  normalize: (event, payload) => incidentAsNormalizedEvent(normalizeIncidentIoEvent(event, payload), 'incident.io'),
};
