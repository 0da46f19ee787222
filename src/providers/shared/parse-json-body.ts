import type { ParseResult, ReceivedRequest } from '../provider.js';
import { headerValue } from './header-value.js';
import { type JsonObject, parseJsonObject } from './json-object.js';
import { mediaType } from './media-type.js';

type ParseFailure = Extract<ParseResult, { ok: false }>;

/** 415 with a message naming what is accepted. */
export function unsupportedContentType(contentType: string | undefined, accepted: string): ParseFailure {
  const got =
    contentType === undefined || contentType.trim() === '' ? 'no Content-Type' : `Content-Type ${contentType}`;
  return { ok: false, status: 415, code: 'unsupported_content_type', message: `Expected ${accepted}, got ${got}.` };
}

export function invalidBody(message: string): ParseFailure {
  return { ok: false, status: 400, code: 'invalid_body', message };
}

export function missingEvent(message: string): ParseFailure {
  return { ok: false, status: 400, code: 'missing_event', message };
}

/**
 * The body of a provider that only sends JSON: the media type must be `application/json`
 * (parameters such as `charset` do not matter), and the body one JSON object.
 */
export function parseJsonBody(
  request: ReceivedRequest,
): { readonly ok: true; readonly payload: JsonObject } | ParseFailure {
  const contentType = headerValue(request.headers, 'content-type');
  if (mediaType(contentType) !== 'application/json') return unsupportedContentType(contentType, 'application/json');
  const parsed = parseJsonObject(request.rawBody.toString('utf8'));
  return parsed.ok ? { ok: true, payload: parsed.value } : invalidBody(parsed.message);
}
