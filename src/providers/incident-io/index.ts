import type { Provider, ProviderHeaders } from '../provider.js';
import { deliveryKeyBy } from '../shared/delivery-key-by.js';
import { INCIDENT_IO_EVENTS, normalizeIncidentIoEvent } from './normalize-incident-io-event.js';
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
 */
const HEADERS: ProviderHeaders = {
  event: null,
  credential: INCIDENT_IO_HEADERS.signature,
  secret: [INCIDENT_IO_HEADERS.signature, 'svix-signature'],
  kept: ['content-type', INCIDENT_IO_HEADERS.id, INCIDENT_IO_HEADERS.timestamp, 'svix-id', 'svix-timestamp'],
};
const DELIVERY_KEY = { headers: [INCIDENT_IO_HEADERS.id, 'svix-id'], fallback: 'none' } as const;

export const incidentIo: Provider = {
  id: 'incident-io',
  headers: HEADERS,
  credentialHelp: {
    header: 'webhook-signature',
    where: "Shipwatch's webhook (paste the whsec_ secret incident.io shows)",
  },
  deliveryKeyRule: DELIVERY_KEY,
  pushLimitEvents: [],
  eventsUsed: INCIDENT_IO_EVENTS,
  bodyLimitClass: () => 'default',
  verify: async (request, secrets) => verifyStandardWebhook(request, secrets, Date.now()),
  parse: parseIncidentIoRequest,
  deliveryKey: deliveryKeyBy(DELIVERY_KEY),
  normalize: (event, payload) => normalizeIncidentIoEvent(event, payload),
};
