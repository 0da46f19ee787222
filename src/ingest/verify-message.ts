import type { ProviderId } from '../domain/index.js';

const CREDENTIAL_HEADER: Record<ProviderId, string> = {
  github: 'X-Hub-Signature-256',
  gitlab: 'X-Gitlab-Token',
  'azure-devops': 'X-Azure-Token',
  generic: 'X-Shipwatch-Signature-256',
};

const WHERE: Record<ProviderId, string> = {
  github: "the webhook's Secret field in GitHub",
  gitlab: "the webhook's Secret token field in GitLab",
  'azure-devops': 'the subscription\'s HTTP headers field in Azure DevOps, as "X-Azure-Token: <secret>"',
  generic: 'your sender, as the HMAC-SHA256 key of the body',
};

/** A sentence a person can act on, for a failed verification (the provider's reason is a code). */
export function verifyFailureMessage(provider: ProviderId, reason: string): string {
  const header = CREDENTIAL_HEADER[provider];
  if (reason.startsWith('missing')) {
    return `The request has no ${header} header: copy the webhook's secret from Shipwatch into ${WHERE[provider]}.`;
  }
  if (reason === 'no-secret') return 'This webhook has no secret; it was revoked.';
  return `The ${header} header does not match this webhook's secret: copy the secret again from Shipwatch into ${WHERE[provider]}.`;
}
