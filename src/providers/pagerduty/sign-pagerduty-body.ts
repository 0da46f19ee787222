import { createHmac } from 'node:crypto';

/**
 * PagerDuty's signature of a body: `v1=` and the lower-case hex HMAC-SHA256 of the raw body, the
 * key being the subscription's secret as its bytes. PagerDuty sends one per secret, comma-separated.
 * Source: PagerDuty/developer-docs docs/webhooks/04-Signatures.md.
 */
export function signPagerdutyBody(secret: string, body: string | Buffer): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
