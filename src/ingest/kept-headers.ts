import type { Headers, Provider } from '../providers/provider.js';

/** The headers kept with a delivery's raw body, for replay: those its provider reads again, never a secret. */
export function keptHeaders(provider: Pick<Provider, 'headers'>, headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of provider.headers.kept) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}
