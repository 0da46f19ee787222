import { badRequest } from '../errors.js';
import { parseQueryTime } from '../metrics/index.js';

/** A list's `?from` (inclusive) and `?to` (exclusive) read in the project's time zone; a bad one is a 400 naming it. */
export function parseQueryBounds(
  q: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
): { from?: number; to?: number } {
  const bounds: { from?: number; to?: number } = {};
  for (const field of ['from', 'to'] as const) {
    const value = q[field];
    if (value === undefined) continue;
    const parsed = parseQueryTime(value, timeZone, field);
    if (!parsed.ok) throw badRequest(parsed.message);
    bounds[field] = parsed.instant;
  }
  return bounds;
}
