import type { NormalizedEvent } from '../../../../src/domain/index.js';
import { verifyAndNormalize } from '../../../../src/ingest/verify-and-normalize.js';
import type { BodyLimitClass, Provider, VerifyFailure } from '../../../../src/providers/provider.js';

export type Outcome =
  | { readonly stage: 'verify'; readonly reason: VerifyFailure }
  | { readonly stage: 'parse'; readonly status: 400 | 415; readonly code: string; readonly message: string }
  | {
      readonly stage: 'normalized';
      readonly bodyLimit: BodyLimitClass;
      readonly secretIndex: number;
      readonly event: string;
      readonly deliveryKey: string | null;
      readonly normalized: NormalizedEvent;
    };

export interface Delivery {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  readonly secrets: readonly string[];
}

/**
 * Runs a request through a provider as the receiver does: the body-limit class from the headers, then the
 * receiver's own provider steps (`verifyAndNormalize`: verify → parse → delivery key → normalize).
 */
export async function deliver(provider: Provider, delivery: Delivery): Promise<Outcome> {
  const headers = Object.fromEntries(
    Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const request = {
    headers,
    rawBody: Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body, 'utf8'),
  };
  const bodyLimit = provider.bodyLimitClass(headers);
  const outcome = await verifyAndNormalize(provider, request, delivery.secrets);
  return outcome.stage === 'normalized' ? { ...outcome, bodyLimit } : outcome;
}

/** The normalized event of an outcome, failing the test when the request was refused. */
export function normalizedOf(outcome: Outcome): NormalizedEvent {
  if (outcome.stage !== 'normalized') throw new Error(`expected the request to pass, got ${JSON.stringify(outcome)}`);
  return outcome.normalized;
}
