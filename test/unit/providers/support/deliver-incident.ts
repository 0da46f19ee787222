import type { NormalizedEvent } from '../../../../src/domain/events.js';
import type { IncidentEvent, IncidentNormalization } from '../../../../src/domain/incident-event.js';
import type { Provider } from '../../../../src/providers/provider.js';

/** The functions of a provider record the receiver runs, whatever its id. */
type ProviderFunctions = Omit<Provider, 'id'>;

export type IncidentOutcome =
  | { readonly stage: 'verify'; readonly reason: string }
  | { readonly stage: 'parse'; readonly status: 400 | 415; readonly code: string; readonly message: string }
  | {
      readonly stage: 'normalized';
      readonly secretIndex: number;
      readonly event: string;
      readonly deliveryKey: string | null;
      readonly normalized: IncidentNormalization;
      /** What the record's own `normalize` answers: the incident normalizer's answer, as a `NormalizedEvent`. */
      readonly record: NormalizedEvent;
    };

/**
 * Runs a request through an incident provider in the receiver's order (verify → parse → delivery key),
 * then through its incident normalizer.
 */
export async function deliverIncident(
  provider: ProviderFunctions,
  normalize: (event: string, payload: Record<string, unknown>) => IncidentNormalization,
  delivery: { headers: Record<string, string>; body: string; secrets: readonly string[] },
): Promise<IncidentOutcome> {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const request = { headers, rawBody: Buffer.from(delivery.body, 'utf8') };
  const verified = await provider.verify(request, delivery.secrets);
  if (!verified.ok) return { stage: 'verify', reason: verified.reason };
  const parsed = provider.parse(request);
  if (!parsed.ok) return { stage: 'parse', status: parsed.status, code: parsed.code, message: parsed.message };
  const record = provider.normalize(parsed.event, parsed.payload, headers);
  return {
    stage: 'normalized',
    secretIndex: verified.secretIndex,
    event: parsed.event,
    deliveryKey: provider.deliveryKey(request, parsed.payload),
    normalized: normalize(parsed.event, parsed.payload),
    record,
  };
}

/** The incident event of an outcome, failing the test for anything else. */
export function incidentOf(outcome: IncidentOutcome | IncidentNormalization): IncidentEvent {
  const normalized = 'stage' in outcome ? normalizedOf(outcome) : outcome;
  if (normalized.kind !== 'incident') throw new Error(`expected an incident, got ${JSON.stringify(normalized)}`);
  return normalized.incident;
}

/** The reason of an ignored outcome, failing the test for anything else. */
export function ignoredReasonOf(outcome: IncidentOutcome | IncidentNormalization): string {
  const normalized = 'stage' in outcome ? normalizedOf(outcome) : outcome;
  if (normalized.kind !== 'ignored') throw new Error(`expected ignored, got ${JSON.stringify(normalized)}`);
  return normalized.reason;
}

function normalizedOf(outcome: IncidentOutcome): IncidentNormalization {
  if (outcome.stage !== 'normalized') throw new Error(`expected the request to pass, got ${JSON.stringify(outcome)}`);
  return outcome.normalized;
}

/** Epoch ms of an ISO time, for expectations. */
export function ms(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`bad time in test: ${iso}`);
  return value;
}
