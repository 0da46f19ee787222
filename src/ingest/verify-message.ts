import type { Provider, VerifyFailure } from '../providers/provider.js';

/** A sentence a person can act on, for a failed verification (the provider's reason is a code). */
export function verifyFailureMessage(provider: Pick<Provider, 'credentialHelp'>, reason: VerifyFailure): string {
  const { header, where } = provider.credentialHelp;
  switch (reason) {
    case 'missing-signature':
    case 'missing-token':
      return `The request has no ${header} header: copy the webhook's secret from Shipwatch into ${where}.`;
    case 'no-secret':
      return 'This webhook has no secret; it was revoked.';
    case 'signature-mismatch':
    case 'token-mismatch':
      return `The ${header} header does not match this webhook's secret: copy the secret again from Shipwatch into ${where}.`;
    case 'timestamp-out-of-tolerance':
      return `The request's timestamp is more than 5 minutes from this server's clock: check both clocks, then send it again.`;
  }
}
