import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';
import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';

/**
 * Request validation: query strings and path parameters are text, so they are coerced to the schema's types
 * (`?limit=20` → 20); JSON bodies are not, so `{"name": 5}` is a 400, not the name "5".
 *
 * Each route's validator is compiled when the route first validates a request, not at start: compiling every
 * schema up front took about a tenth of the time from process start to ready (CPU profile, docs/PERFORMANCE.md).
 * A schema ajv cannot compile fails that request (500) instead of the start.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false } as const;
  const strict = addFormats.default(new Ajv.default({ ...options, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv.default({ ...options, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    let compiled: ValidateFunction | undefined;
    const validate = (data: unknown): boolean => {
      compiled ??= ajv.compile(schema as object);
      const valid = compiled(data) as boolean;
      validate.errors = compiled.errors ?? null;
      return valid;
    };
    validate.errors = null as ErrorObject[] | null;
    return validate;
  };
}

/**
 * Response serialization as Fastify does it by default (fast-json-stringify of the route's response schema), each
 * compiled at its first use rather than at start, for the same reason as the validators.
 */
export function createSerializerCompiler(): FastifySerializerCompiler<FastifySchema> {
  return ({ schema }) => {
    let compiled: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      compiled ??= fastJsonStringify(schema as Schema) as (data: unknown) => string;
      return compiled(data);
    };
  };
}
