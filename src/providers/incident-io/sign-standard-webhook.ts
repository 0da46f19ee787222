import { createHmac } from 'node:crypto';
import { standardWebhookKey } from './standard-webhook-key.js';

/**
 * A Standard Webhooks signature entry: `v1,` and the base64 HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>`, keyed by the decoded `whsec_` secret. incident.io
 * signs this way (through Svix); several entries, space-separated, make the header.
 * Source: standard-webhooks/standard-webhooks spec/standard-webhooks.md ("Signature scheme").
 */
export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  const key = standardWebhookKey(secret);
  if (key === null) throw new Error('A Standard Webhooks secret is base64, after an optional whsec_ prefix.');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}
