/**
 * The catalogue of coded errors (STYLE.md habit 10). Every error body is
 * `{"error": {"code", "message"}}`; docs/ERRORS.md lists the same codes (a test keeps them in step).
 */
export const ERROR_CATALOGUE = {
  invalid_request: { status: 400, summary: 'A field of the request is missing or malformed; the message names it.' },
  invalid_body: { status: 400, summary: 'A webhook body is not a JSON object (or a form with a JSON `payload`).' },
  missing_event: { status: 400, summary: 'A webhook request does not say which event it carries.' },
  unauthorized: { status: 401, summary: 'No credential, or a wrong, expired or revoked one.' },
  signature_mismatch: { status: 401, summary: 'A webhook request whose signature or token does not match the secret.' },
  csrf_rejected: { status: 403, summary: 'A cookie-authenticated write without the public URL as its Origin.' },
  forbidden: { status: 403, summary: "The credential's role does not allow this; the message names the role needed." },
  not_found: { status: 404, summary: 'The resource does not exist; the message names it.' },
  conflict: { status: 409, summary: 'The resource is in a state that does not allow this (e.g. revoked).' },
  gone: { status: 410, summary: 'The webhook was revoked; its URL takes no more data.' },
  payload_too_large: { status: 413, summary: 'The body is over the limit for its event type.' },
  unsupported_content_type: { status: 415, summary: 'The body is not of a content type this provider sends.' },
  too_many_failures: {
    status: 429,
    summary: 'Too many failed verifications or sign-ins from this address; wait `Retry-After` seconds.',
  },
  rate_limited: { status: 429, summary: 'Too many requests; wait `Retry-After` seconds.' },
  internal_error: { status: 500, summary: 'A fault inside Shipwatch; the log has the details, the body has none.' },
  not_ready: { status: 503, summary: 'The database is unreachable or not migrated yet; retry later.' },
  request_timeout: { status: 408, summary: 'The request body did not arrive in time.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error meant for the client: its code decides the status; its message is a sentence a person can act on. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: ErrorCode, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.code = code;
    this.headers = headers;
    this.statusCode = ERROR_CATALOGUE[code].status;
  }
}

export const badRequest = (message: string) => new HttpError('invalid_request', message);
export const notFound = (message: string) => new HttpError('not_found', message);
export const conflict = (message: string) => new HttpError('conflict', message);
export const gone = (message: string) => new HttpError('gone', message);

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}
