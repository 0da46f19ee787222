import type { FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../errors.js';

/**
 * A NUL character in a path or query parameter, refused before any handler reads it: PostgreSQL cannot store or
 * compare text holding one (the query failed, a 500), and no id, name or value Shipwatch keeps contains one.
 * A path parameter names a resource, so it is one that does not exist (404); a query value is malformed input
 * (400). Both messages name the parameter.
 */
export function refuseNul(request: FastifyRequest): void {
  for (const [name, value] of Object.entries(asRecord(request.params))) {
    if (holdsNul(value)) throw notFound(`Nothing has this ${name}: it contains a NUL character (%00).`);
  }
  for (const [name, value] of Object.entries(asRecord(request.query))) {
    if (holdsNul(value)) throw badRequest(`query parameter ${name} must not contain a NUL character (%00).`);
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(holdsNul);
}
