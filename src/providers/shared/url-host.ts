/** The lower-case host (with a port, if any) of an absolute http(s) URL, or undefined. */
export function urlHost(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.host.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
