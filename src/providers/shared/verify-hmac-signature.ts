import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../provider.js';

const PREFIX = 'sha256=';

/**
 * Checks `sha256=<hex HMAC-SHA256 of the raw body>` (GitHub `X-Hub-Signature-256`, and the
 * generic webhook's `X-Shipwatch-Signature-256`) against each secret, current first, then
 * one in its grace period. The HMAC is computed over the raw bytes as received, never over
 * the body decoded as text: decoding maps every invalid UTF-8 sequence to U+FFFD, so a body
 * altered in such bytes would keep a signature made over its text. @octokit/webhooks-methods
 * takes a string only, hence node:crypto here (docs/DECISIONS.md, Hardening). The comparison
 * is constant-time over the two signatures as bytes; a prefix other than lower-case
 * `sha256=` is a mismatch, as is an empty body.
 * Source: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
export async function verifyHmacSignature(
  rawBody: Buffer,
  signature: string | undefined,
  secrets: readonly string[],
): Promise<VerifyResult> {
  if (signature === undefined || signature.trim() === '') return { ok: false, reason: 'missing-signature' };
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
  const given = Buffer.from(signature.trim(), 'utf8');
  if (rawBody.length === 0) return { ok: false, reason: 'signature-mismatch' };
  for (const [index, secret] of secrets.entries()) {
    if (secret === '') continue;
    const expected = Buffer.from(`${PREFIX}${createHmac('sha256', secret).update(rawBody).digest('hex')}`, 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, secretIndex: index };
  }
  return { ok: false, reason: 'signature-mismatch' };
}
