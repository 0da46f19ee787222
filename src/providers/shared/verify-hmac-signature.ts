import { verify } from '@octokit/webhooks-methods';
import type { VerifyResult } from '../provider.js';

/**
 * Checks `sha256=<hex HMAC-SHA256 of the raw body>` (GitHub `X-Hub-Signature-256`, and the
 * generic webhook's `X-Shipwatch-Signature-256`) against each secret, current first, then
 * one in its grace period. The comparison is @octokit/webhooks-methods' constant-time one,
 * over the raw body read as UTF-8, as GitHub documents.
 * Source: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
export async function verifyHmacSignature(
  rawBody: Buffer,
  signature: string | undefined,
  secrets: readonly string[],
): Promise<VerifyResult> {
  if (signature === undefined || signature.trim() === '') return { ok: false, reason: 'missing-signature' };
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
  const payload = rawBody.toString('utf8');
  for (const [index, secret] of secrets.entries()) {
    if (secret === '') continue;
    try {
      if (await verify(secret, payload, signature.trim())) return { ok: true, secretIndex: index };
    } catch {
      // webhooks-methods throws on an empty body or signature: that is a mismatch, not a bug.
    }
  }
  return { ok: false, reason: 'signature-mismatch' };
}
