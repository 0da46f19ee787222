import { parseRfc3339 } from './parse-rfc3339.js';

const FRACTION = /\.(\d{1,9})(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Like `parseRfc3339`, keeping the milliseconds of the fraction (`2020-10-02T18:45:22.169Z`):
 * for ordering deliveries whose provider times fall within one second (PagerDuty `occurred_at`,
 * incident.io `updated_at` with microseconds). Stored times stay whole seconds.
 */
export function parseRfc3339Millis(text: string): number | null {
  const seconds = parseRfc3339(text);
  if (seconds === null) return null;
  const fraction = FRACTION.exec(text)?.[1];
  return fraction === undefined ? seconds : seconds + Number(fraction.padEnd(3, '0').slice(0, 3));
}
