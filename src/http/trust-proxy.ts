/** Fastify's `trustProxy`: true, an address list, or proxy-addr's trust function (address, hop index from the socket). */
export type TrustProxyOption = boolean | string | ((address: string, hop: number) => boolean);

/**
 * SHIPWATCH_TRUST_PROXY (src/config.ts) as Fastify's `trustProxy`. A hop count becomes a trust function: the socket's
 * peer and the next `hops - 1` addresses of `X-Forwarded-For`, read from the right, are proxies, so `request.ip` is
 * the address the outermost proxy saw. Fastify 5 takes a number but ignores it (it fails closed: `request.ip` stays
 * the proxy's address), so a number is never handed to it. `true`, `false` and an address list pass as they are.
 */
export function trustProxyOption(value: boolean | number | string): TrustProxyOption {
  if (typeof value !== 'number') return value;
  if (value === 0) return false;
  return (_address, hop) => hop < value;
}
