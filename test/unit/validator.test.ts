import type { FastifySchema } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createSerializerCompiler, createValidatorCompiler } from '../../src/http/validator.js';

const route = { method: 'POST', url: '/x' };

describe('schema compilers (compiled at first use)', () => {
  it('validates bodies strictly and query strings with coercion, with ajv errors on failure', () => {
    const compile = createValidatorCompiler();
    const schema = {
      type: 'object',
      properties: { limit: { type: 'integer' }, name: { type: 'string' } },
      additionalProperties: false,
    } as FastifySchema;
    const body = compile({ schema, httpPart: 'body', ...route }) as ((data: unknown) => boolean) & {
      errors: unknown[] | null;
    };
    expect(body({ name: 'a' })).toBe(true);
    expect(body.errors).toBeNull();
    expect(body({ name: 5 })).toBe(false);
    expect(body.errors).toEqual([expect.objectContaining({ instancePath: '/name', keyword: 'type' })]);
    expect(body({ name: 'b' })).toBe(true);
    expect(body.errors).toBeNull();

    const query = compile({ schema, httpPart: 'querystring', ...route }) as (data: unknown) => boolean;
    const data = { limit: '20' };
    expect(query(data)).toBe(true);
    expect(data.limit).toBe(20);
  });

  it('does not compile a schema until its first use', () => {
    const broken = { type: 'object', properties: { a: { type: 'no-such-type' } } } as FastifySchema;
    const validate = createValidatorCompiler()({ schema: broken, httpPart: 'body', ...route }) as (
      data: unknown,
    ) => boolean;
    expect(() => validate({})).toThrow();
    const serialize = createSerializerCompiler()({
      schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } as FastifySchema,
      httpStatus: '200',
      ...route,
    });
    expect(() => serialize({ a: 1 })).toThrow();
  });

  it('serializes as the response schema says: listed fields only, typed', () => {
    const serialize = createSerializerCompiler()({
      schema: {
        type: 'object',
        properties: { id: { type: 'string' }, count: { type: 'integer' } },
      } as FastifySchema,
      httpStatus: '200',
      ...route,
    });
    expect(JSON.parse(serialize({ id: 'a', count: 3, secret: 'never' }))).toEqual({ id: 'a', count: 3 });
    expect(JSON.parse(serialize({ id: 'b', count: 4 }))).toEqual({ id: 'b', count: 4 });
  });
});
