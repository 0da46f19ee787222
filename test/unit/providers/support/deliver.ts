import type { NormalizedEvent } from '../../../../src/domain/index.js';
import type { BodyLimitClass, Provider } from '../../../../src/providers/provider.js';

export type Outcome =
  | { readonly stage: 'verify'; readonly reason: string }
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

/** Runs a request through a provider in the receiver's order: body limit → verify → parse → delivery key → normalize. */
export async function deliver(provider: Provider, delivery: Delivery): Promise<Outcome> {
  const headers = Object.fromEntries(
    Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const request = {
    headers,
    rawBody: Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body, 'utf8'),
  };
  const bodyLimit = provider.bodyLimitClass(headers);
  const verified = await provider.verify(request, delivery.secrets);
  if (!verified.ok) return { stage: 'verify', reason: verified.reason };
  const parsed = provider.parse(request);
  if (!parsed.ok) return { stage: 'parse', status: parsed.status, code: parsed.code, message: parsed.message };
  return {
    stage: 'normalized',
    bodyLimit,
    secretIndex: verified.secretIndex,
    event: parsed.event,
    deliveryKey: provider.deliveryKey(request, parsed.payload),
    normalized: provider.normalize(parsed.event, parsed.payload, headers),
  };
}

/** The normalized event of an outcome, failing the test when the request was refused. */
export function normalizedOf(outcome: Outcome): NormalizedEvent {
  if (outcome.stage !== 'normalized') throw new Error(`expected the request to pass, got ${JSON.stringify(outcome)}`);
  return outcome.normalized;
}
