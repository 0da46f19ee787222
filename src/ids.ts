import { randomBytes } from 'node:crypto';

/** An opaque id with 128 bits of randomness: `wh_Xk2...` (22 URL-safe characters after the prefix). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

let lastTime = 0;
let sequence = 0;

/**
 * An id that sorts by creation time: 9 base-36 characters of epoch ms, 4 of a per-process sequence (so ids
 * made in the same millisecond keep their order), then 64 random bits. "Newest first" lists page on it.
 */
export function newSortableId(prefix: string, now: number): string {
  if (now > lastTime) {
    lastTime = now;
    sequence = 0;
  } else {
    sequence += 1;
  }
  const time = lastTime.toString(36).padStart(9, '0');
  const seq = (sequence % 36 ** 4).toString(36).padStart(4, '0');
  return `${prefix}_${time}${seq}${randomBytes(8).toString('base64url')}`;
}
