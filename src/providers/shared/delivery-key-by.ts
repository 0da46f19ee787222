import type { DeliveryKeyRule, ReceivedRequest } from '../provider.js';
import { headerValue } from './header-value.js';
import { asText } from './json-values.js';
import { sha256Hex } from './sha256-hex.js';

/** A provider's `deliveryKey`, from its rule: the first non-blank header, then the body field, then the fallback. */
export function deliveryKeyBy(
  rule: DeliveryKeyRule,
): (request: ReceivedRequest, payload: Record<string, unknown>) => string | null {
  return (request, payload) => {
    for (const name of rule.headers) {
      const value = headerValue(request.headers, name)?.trim();
      if (value !== undefined && value !== '') return value;
    }
    if (rule.bodyField !== undefined) {
      const value = asText(payload[rule.bodyField])?.trim();
      if (value !== undefined) return value;
    }
    return rule.fallback === 'body-sha256' ? sha256Hex(request.rawBody) : null;
  };
}
