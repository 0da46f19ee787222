/** Why providers on the internet cannot deliver to a webhook URL, if they cannot: a local host, or plain http. */
export interface Reachability {
  local: boolean;
  plainHttp: boolean;
  origin: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

export function reachability(url: string): Reachability | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase();
  const local = LOCAL_HOSTS.has(host) || host.endsWith('.localhost') || host.startsWith('127.');
  const plainHttp = parsed.protocol === 'http:';
  if (!local && !plainHttp) return null;
  return { local, plainHttp, origin: parsed.origin };
}
