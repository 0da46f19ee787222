import type { NormalizedEvent, ProviderId } from '../domain/index.js';

/** Request headers as Node gives them: lower-case names. */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Which body limit applies to a request, decided from its headers before the body is read. */
export type BodyLimitClass = 'push' | 'default';

export type VerifyResult =
  | { readonly ok: true; readonly secretIndex: number }
  | { readonly ok: false; readonly reason: string };

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

/**
 * One provider: a record of functions, not a class (STYLE.md habit 1).
 * The receiver calls them in the contract's order: bodyLimit → verify → parse → deliveryKey → normalize.
 */
export interface Provider {
  readonly id: ProviderId;
  /** Push events (and every Azure DevOps request) get the larger body limit. */
  bodyLimitClass(headers: Headers): BodyLimitClass;
  /** Constant-time check of the signature or token against each secret (current first, then one in its grace period). */
  verify(request: ReceivedRequest, secrets: readonly string[]): Promise<VerifyResult>;
  /** Content type and body checks (415, 400), and the event name. */
  parse(request: ReceivedRequest): ParseResult;
  /** The delivery key that makes a redelivery a duplicate; null when the request carries none. */
  deliveryKey(request: ReceivedRequest, payload: Record<string, unknown>): string | null;
  /** What the event means; `ignored` with a reason a person can act on when it cannot be used. */
  normalize(event: string, payload: Record<string, unknown>, headers: Headers): NormalizedEvent;
}
