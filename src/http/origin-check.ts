import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';

/** What the Origin check reads of the configuration. */
export interface OriginConfig {
  readonly publicUrl: string;
  readonly publicUrlSet: boolean;
}

type OriginRequest = Pick<FastifyRequest, 'method' | 'headers' | 'protocol' | 'host'>;

/**
 * The CSRF check of a cookie-authenticated write: its Origin must be the public URL's. When SHIPWATCH_PUBLIC_URL is
 * not set (a loopback or LAN start, opened at http://127.0.0.1:<port> or a host name), the request's own origin
 * (scheme and Host) is accepted too: another site's page sends its own Origin, and the SameSite=Strict cookie is
 * never sent by a page of another host (docs/DECISIONS.md). Reads pass. Throws `csrf_rejected` naming the fix.
 */
export function checkWriteOrigin(request: OriginRequest, config: OriginConfig): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const publicOrigin = new URL(config.publicUrl).origin;
  const origin = request.headers.origin;
  if (origin === publicOrigin) return;
  const ownOrigin = `${request.protocol}://${request.host}`;
  if (!config.publicUrlSet && origin !== undefined && sameOrigin(origin, ownOrigin)) return;
  const from = origin === undefined ? 'carries no Origin header' : `comes from ${origin}`;
  const fix = config.publicUrlSet
    ? `Open Shipwatch at ${publicOrigin}, or set SHIPWATCH_PUBLIC_URL to the address people open it at and restart.`
    : `Set SHIPWATCH_PUBLIC_URL to the address you open Shipwatch at (such as http://192.168.1.20:3000) and restart.`;
  throw new HttpError(
    'csrf_rejected',
    `A write with the session cookie must come from ${publicOrigin} (Origin header); this one ${from}. ${fix}`,
  );
}

function sameOrigin(a: string, b: string): boolean {
  if (!URL.canParse(a) || !URL.canParse(b)) return false;
  return new URL(a).origin === new URL(b).origin;
}
