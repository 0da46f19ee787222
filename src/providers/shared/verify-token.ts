import type { VerifyResult } from '../provider.js';
import { constantTimeEqual } from './constant-time-equal.js';

/**
 * Checks a shared token sent in clear (GitLab `X-Gitlab-Token`, Azure DevOps `X-Azure-Token`)
 * against each secret, current first, then one in its grace period. Every secret is compared,
 * in constant time, whatever matched before. Reasons never contain the secret.
 */
export function verifyToken(token: string | undefined, secrets: readonly string[]): VerifyResult {
  if (token === undefined || token === '') return { ok: false, reason: 'missing-token' };
  let matched = -1;
  secrets.forEach((secret, index) => {
    if (secret !== '' && constantTimeEqual(token, secret) && matched === -1) matched = index;
  });
  if (matched === -1) return { ok: false, reason: secrets.length === 0 ? 'no-secret' : 'token-mismatch' };
  return { ok: true, secretIndex: matched };
}
