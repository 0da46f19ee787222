import { PROVIDER_IDS } from '../domain/index.js';

const error = { $ref: '#/components/schemas/Error' };
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: error } } });

/**
 * The receiver, `POST /hooks/{webhookId}`, as the OpenAPI document describes it. The route itself takes raw bytes
 * (the provider decides how they are verified and read: src/http/plugins/receiver.ts), so it declares no schema
 * of its own; this is its description, added to the document by `buildApp` (src/http/app.ts).
 */
export const RECEIVER_PATH = {
  '/hooks/{webhookId}': {
    post: {
      tags: ['receiver'],
      summary: "A provider's webhook delivery (no user credential: the webhook's secret verifies it)",
      description:
        `The webhook's provider (${PROVIDER_IDS.join(', ')}) decides how the request is verified and read ` +
        '(docs/API.md, "The receiver"). Checks run in this order: 404, 410, 413, 401 (429 past the rate of failed ' +
        'verifications), 415, 400; the 200 goes out once the delivery is durably committed.',
      security: [],
      parameters: [
        {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { type: 'string' },
          description: 'the id at the end of the webhook URL',
        },
      ],
      requestBody: {
        required: true,
        description: "The provider's body, byte for byte as it was signed",
        content: {
          'application/json': { schema: { type: 'object' } },
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', properties: { payload: { type: 'string' } } },
          },
        },
      },
      responses: {
        200: {
          description: 'Verified, stored and committed (or recognized as a duplicate, or not used)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['outcome', 'deliveryId'],
                properties: {
                  outcome: { type: 'string', enum: ['accepted', 'ignored', 'duplicate'] },
                  deliveryId: { type: 'string' },
                  reason: { type: 'string' },
                },
              },
            },
          },
        },
        400: errorAnswer('The body is not a JSON object, or lacks its event name'),
        401: errorAnswer('Bad or missing signature or token'),
        404: errorAnswer('Unknown webhook'),
        410: errorAnswer('The webhook was revoked'),
        413: errorAnswer('The body is over the limit'),
        415: errorAnswer('Unsupported content type'),
        429: errorAnswer('Too many failed verifications from this address (with Retry-After)'),
        503: errorAnswer('The database is unavailable; the provider may retry'),
      },
    },
  },
};
