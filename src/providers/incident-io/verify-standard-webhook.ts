import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceivedRequest, VerifyResult } from '../provider.js';
import { headerValue } from '../shared/header-value.js';
import { standardWebhookKey } from './standard-webhook-key.js';

/** How far `webhook-timestamp` may be from the server's clock: the reference libraries' five minutes. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/** The white-labelled names incident.io sends, then Svix's own (PROVIDERS.md F.2). */
const HEADER_FAMILIES = ['webhook', 'svix'] as const;

/**
 * Checks a Standard Webhooks request against each secret, current first, then one in its grace
 * period: `webhook-signature` holds space-separated entries, and any `v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">` matching any secret passes (`v1a` and other versions are skipped).
 * A `webhook-timestamp` more than 300 s from `now` (epoch ms) fails like a bad signature, whatever
 * the signature: a replayed request is refused. Comparisons are constant-time.
 * Source: standard-webhooks/standard-webhooks spec/standard-webhooks.md; libraries/javascript/src/index.ts.
 */
export function verifyStandardWebhook(request: ReceivedRequest, secrets: readonly string[], now: number): VerifyResult {
  const headers = signedHeaders(request);
  if (headers === null) return { ok: false, reason: 'missing-signature' };
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
  const timestamp = /^\d{1,15}$/.test(headers.timestamp) ? Number(headers.timestamp) : Number.NaN;
  if (!(Math.abs(now / 1000 - timestamp) <= TIMESTAMP_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp-out-of-tolerance' };
  }
  const given = headers.signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'utf8'));
  let matched = -1;
  secrets.forEach((secret, index) => {
    const key = standardWebhookKey(secret);
    if (key === null) return;
    const mac = createHmac('sha256', key).update(`${headers.id}.${headers.timestamp}.`).update(request.rawBody);
    const expected = Buffer.from(mac.digest('base64'), 'utf8');
    for (const entry of given) {
      if (entry.length === expected.length && timingSafeEqual(entry, expected) && matched === -1) matched = index;
    }
  });
  return matched === -1 ? { ok: false, reason: 'signature-mismatch' } : { ok: true, secretIndex: matched };
}

function signedHeaders(request: ReceivedRequest): { id: string; timestamp: string; signature: string } | null {
  for (const family of HEADER_FAMILIES) {
    const id = headerValue(request.headers, `${family}-id`)?.trim();
    const timestamp = headerValue(request.headers, `${family}-timestamp`)?.trim();
    const signature = headerValue(request.headers, `${family}-signature`)?.trim();
    if (id && timestamp && signature) return { id, timestamp, signature };
  }
  return null;
}
