import { timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../provider.js';
import { signPagerdutyBody } from './sign-pagerduty-body.js';

/**
 * Checks `X-PagerDuty-Signature` against each secret, current first, then one in its grace period:
 * the header holds one or more comma-separated `v1=<hex>` entries (several while PagerDuty rotates
 * its secret), and any one matching any secret passes. Entries of another version are skipped.
 * Every entry is compared with every secret in constant time, whatever matched before.
 * Source: PagerDuty/developer-docs docs/webhooks/04-Signatures.md ("Verifying Signatures").
 */
export function verifyPagerdutySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): VerifyResult {
  const entries = (header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1='));
  if (entries.length === 0) return { ok: false, reason: 'missing-signature' };
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
  let matched = -1;
  secrets.forEach((secret, index) => {
    if (secret === '') return;
    const expected = Buffer.from(signPagerdutyBody(secret, rawBody), 'utf8');
    for (const entry of entries) {
      const given = Buffer.from(entry.toLowerCase(), 'utf8');
      if (given.length === expected.length && timingSafeEqual(given, expected) && matched === -1) matched = index;
    }
  });
  return matched === -1 ? { ok: false, reason: 'signature-mismatch' } : { ok: true, secretIndex: matched };
}
