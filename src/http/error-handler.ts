import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { ERROR_CATALOGUE, type ErrorCode, errorBody, HttpError } from '../errors.js';

/** Fastify's own error codes that are the client's fault, mapped onto our catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_content_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_request',
};

/** Turns every error into the contract's `{"error": {code, message}}`; 5xx bodies say nothing of internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      reply.headers(error.headers);
      return reply.status(error.statusCode).send(errorBody(error.code, error.message));
    }
    if (error.validation !== undefined) {
      const first = error.validation[0];
      const field = fieldName(first?.instancePath ?? '', first?.params, error.validationContext);
      const message = `${field} ${first?.message ?? 'is invalid'}.`;
      return reply.status(400).send(errorBody('invalid_request', message));
    }
    const mapped = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
    if (mapped !== undefined) {
      const message =
        mapped === 'payload_too_large'
          ? 'The request body is too large.'
          : mapped === 'unsupported_content_type'
            ? 'Send the request body as application/json.'
            : `The request body is not valid JSON: ${error.message}.`;
      return reply.status(ERROR_CATALOGUE[mapped].status).send(errorBody(mapped, message));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('invalid_request', error.message));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '10');
      return reply
        .status(503)
        .send(
          errorBody('not_ready', 'The database is unreachable right now; nothing was stored. Retry in a few seconds.'),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(errorBody('internal_error', 'Something went wrong inside Shipwatch; the server log has the details.'));
  });
}

function fieldName(instancePath: string, params: unknown, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing =
    params !== null && typeof params === 'object' && 'missingProperty' in params ? String(params.missingProperty) : '';
  const name = [path, missing].filter((p) => p !== '').join('.');
  return name === '' ? (context ?? 'request') : `${context === 'querystring' ? 'query parameter' : 'field'} ${name}`;
}
