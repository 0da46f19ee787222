import type { NormalizedEvent } from '../domain/index.js';
import type { ParseResult, Provider, ReceivedRequest, VerifyFailure } from '../providers/provider.js';

type ParseFailure = Extract<ParseResult, { ok: false }>;

/** What the provider's steps made of a request whose body was read within its limit. */
export type ProviderOutcome =
  | { readonly stage: 'verify'; readonly reason: VerifyFailure }
  | {
      readonly stage: 'parse';
      readonly status: ParseFailure['status'];
      readonly code: ParseFailure['code'];
      readonly message: string;
    }
  | {
      readonly stage: 'normalized';
      /** Which secret verified it: 0 the current one, 1 the previous one in its grace period. */
      readonly secretIndex: number;
      readonly event: string;
      readonly deliveryKey: string | null;
      readonly normalized: NormalizedEvent;
    };

/**
 * The provider's part of receiving a request, in the contract's order (after the body limit): verify the
 * signature or token (401), then the content type and body (415, 400) and the event name, then the delivery key
 * and what the event means. No I/O: `receive-request.ts` runs it on every delivery, the provider tests directly.
 */
export async function verifyAndNormalize(
  provider: Provider,
  request: ReceivedRequest,
  secrets: readonly string[],
): Promise<ProviderOutcome> {
  const verified = await provider.verify(request, secrets);
  if (!verified.ok) return { stage: 'verify', reason: verified.reason };
  const parsed = provider.parse(request);
  if (!parsed.ok) return { stage: 'parse', status: parsed.status, code: parsed.code, message: parsed.message };
  return {
    stage: 'normalized',
    secretIndex: verified.secretIndex,
    event: parsed.event,
    deliveryKey: provider.deliveryKey(request, parsed.payload),
    normalized: provider.normalize(parsed.event, parsed.payload, request.headers),
  };
}
