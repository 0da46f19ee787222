/**
 * PostgreSQL text cannot hold U+0000, which a JSON string may carry (`"prod\u0000"`) and a header or an error
 * excerpt may too. Every string Shipwatch stores from a request goes through this first, so such input is
 * stored as U+FFFD on both databases instead of failing the transaction.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map((item) => withoutNul(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = withoutNul(item);
    return out as T;
  }
  return value;
}
