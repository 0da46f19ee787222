import { sign } from '@octokit/webhooks-methods';
import type { ProviderId } from '../../../../src/domain/index.js';

export const SECRET = 'It is a Secret to Everybody 0123456789abcdef';
export const OLD_SECRET = 'the previous secret, still in its grace period';

/** The header that authenticates a body for a provider, made with the real signing function or token. */
export async function credentialHeaders(
  provider: ProviderId,
  body: string,
  secret = SECRET,
): Promise<Record<string, string>> {
  switch (provider) {
    case 'github':
      return { 'x-hub-signature-256': await sign(secret, body) };
    case 'generic':
      return { 'x-shipwatch-signature-256': await sign(secret, body) };
    case 'gitlab':
      return { 'x-gitlab-token': secret };
    case 'azure-devops':
      return { 'x-azure-token': secret };
  }
}
