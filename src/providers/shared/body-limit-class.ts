import type { BodyLimitClass, Headers } from '../provider.js';
import { headerValue } from './header-value.js';

/** A provider's `bodyLimitClass`, from its event header and the events that get the larger limit. */
export function bodyLimitClassBy(
  eventHeader: string | null,
  pushLimitEvents: readonly string[] | 'every-request',
): (headers: Headers) => BodyLimitClass {
  if (pushLimitEvents === 'every-request') return () => 'push';
  const events = new Set(pushLimitEvents);
  if (eventHeader === null || events.size === 0) return () => 'default';
  return (headers) => (events.has(headerValue(headers, eventHeader)?.trim() ?? '') ? 'push' : 'default');
}
