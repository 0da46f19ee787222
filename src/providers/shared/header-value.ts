import type { Headers } from '../provider.js';

/** The value of a request header (names are lower-case, as Node gives them); the first one when repeated. */
export function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
