import { createHash } from 'node:crypto';

/** SHA-256 of bytes, lower-case hex: the delivery key of a request that carries none. */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
