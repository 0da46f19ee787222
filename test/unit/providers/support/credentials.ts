import { sign } from '@octokit/webhooks-methods';
import type { ProviderId } from '../../../../src/domain/index.js';
import { signStandardWebhook } from '../../../../src/providers/incident-io/sign-standard-webhook.js';
import { standardWebhookKey } from '../../../../src/providers/incident-io/standard-webhook-key.js';
import { signPagerdutyBody } from '../../../../src/providers/pagerduty/sign-pagerduty-body.js';

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
    case 'pagerduty':
      return { 'x-pagerduty-signature': signPagerdutyBody(secret, body) };
    case 'incident-io': {
      // A Standard Webhooks key is base64 (after whsec_): a secret that is not is encoded, as a test's key.
      const key = standardWebhookKey(secret) === null ? `whsec_${Buffer.from(secret).toString('base64')}` : secret;
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        'webhook-id': 'msg_test',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(key, 'msg_test', timestamp, body),
      };
    }
  }
}
