import type { NormalizedEvent, ProviderId } from '../domain/index.js';

/** Request headers as Node gives them: lower-case names. */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Which body limit applies to a request, decided from its headers before the body is read. */
export type BodyLimitClass = 'push' | 'default';

/** Why a request failed verification: a closed set, so that callers switch on it rather than read text. */
export type VerifyFailure =
  | 'missing-signature'
  | 'missing-token'
  | 'signature-mismatch'
  | 'token-mismatch'
  | 'timestamp-out-of-tolerance'
  | 'no-secret';

export type VerifyResult =
  | { readonly ok: true; readonly secretIndex: number }
  | { readonly ok: false; readonly reason: VerifyFailure };

/** A body read as the provider sent it: the event name and the JSON object it carries. */
export type ParseResult =
  | { readonly ok: true; readonly event: string; readonly payload: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly status: 400 | 415;
      readonly code: 'invalid_body' | 'missing_event' | 'unsupported_content_type';
      readonly message: string;
    };

export interface ReceivedRequest {
  readonly headers: Headers;
  readonly rawBody: Buffer;
}

/** The headers a provider's requests carry, by what they mean (lower-case names, as Node gives them). */
export interface ProviderHeaders {
  /** The header naming the event; null when the body names it (Azure DevOps) or there is one event (generic). */
  readonly event: string | null;
  /** The header `verify` reads: the signature or the token. */
  readonly credential: string;
  /** Every header that may carry a secret, token or signature: redacted from logs, never kept. */
  readonly secret: readonly string[];
  /** The headers the parser and normalizer read again on replay, kept with the delivery (never a secret). */
  readonly kept: readonly string[];
}

/** Where the delivery key of a request comes from, first match wins. */
export interface DeliveryKeyRule {
  /** Headers, in order; a blank value does not count. */
  readonly headers: readonly string[];
  /** Then a text field of the body's top level. */
  readonly bodyField?: string;
  /** Then the SHA-256 of the body, or no key at all. */
  readonly fallback: 'body-sha256' | 'none';
}

/**
 * One provider: a record of facts and functions, not a class (STYLE.md habit 1). `src/http`, `src/ingest` and
 * `src/logger.ts` read the facts instead of naming a provider.
 * The receiver calls the functions in the contract's order: bodyLimitClass → verify → parse → deliveryKey →
 * normalize (`src/ingest/verify-and-normalize.ts`).
 */
export interface Provider {
  readonly id: ProviderId;
  readonly headers: ProviderHeaders;
  /** How a failed verification tells a person what to fix: the header as the provider spells it, and where the secret goes. */
  readonly credentialHelp: { readonly header: string; readonly where: string };
  readonly deliveryKeyRule: DeliveryKeyRule;
  /** The events that get the larger body limit (SHIPWATCH_MAX_PUSH_BODY_BYTES), or every request. */
  readonly pushLimitEvents: readonly string[] | 'every-request';
  /** The events Shipwatch reads (CONTRACT.md, "events used"); any other is answered `ignored` with a reason. */
  readonly eventsUsed: readonly string[];
  /** Push events (and every Azure DevOps request) get the larger body limit: from `pushLimitEvents`. */
  bodyLimitClass(headers: Headers): BodyLimitClass;
  /** Constant-time check of the signature or token against each secret (current first, then one in its grace period). */
  verify(request: ReceivedRequest, secrets: readonly string[]): Promise<VerifyResult>;
  /** Content type and body checks (415, 400), and the event name. */
  parse(request: ReceivedRequest): ParseResult;
  /** The delivery key that makes a redelivery a duplicate, by `deliveryKeyRule`; null when the request carries none. */
  deliveryKey(request: ReceivedRequest, payload: Record<string, unknown>): string | null;
  /** What the event means; `ignored` with a reason a person can act on when it cannot be used. */
  normalize(event: string, payload: Record<string, unknown>, headers: Headers): NormalizedEvent;
}
