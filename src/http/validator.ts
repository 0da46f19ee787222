import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

/**
 * Request validation: query strings and path parameters are text, so they are coerced to the schema's types
 * (`?limit=20` → 20); JSON bodies are not, so `{"name": 5}` is a 400, not the name "5".
 */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false } as const;
  const strict = addFormats.default(new Ajv.default({ ...options, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv.default({ ...options, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
