import { createHmac } from 'node:crypto';

/** One delivery of the demo, as the provider would send it: headers (signed; lower-case names) and the raw body. */
export interface DemoRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function hmacSha256Signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Offsets the demo's authors write their commit times at (minutes east of UTC). */
export function authorOffset(email: string): number {
  const offsets = [60, 120, 0, -300, 540, 60];
  let sum = 0;
  for (const char of email) sum += char.charCodeAt(0);
  return offsets[sum % offsets.length] ?? 0;
}
