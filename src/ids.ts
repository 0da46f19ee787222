import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time: a delivery makes several ids, and a call to the
 * system's generator for each 8 or 16 bytes cost more than the rest of the id (Node's `randomUUID` pools the
 * same way). The bytes are the same cryptographically secure ones; each is handed out once.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomBase64url(bytes: number): string {
  if (poolOffset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const text = pool.toString('base64url', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return text;
}

/** An opaque id with 128 bits of randomness: `wh_Xk2...` (22 URL-safe characters after the prefix). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase64url(16)}`;
}

let lastTime = 0;
let sequence = 0;

/**
 * An id that sorts by creation time: 9 base-36 characters of epoch ms, 4 of a per-process sequence (so ids
 * made in the same millisecond keep their order), then 64 random bits. "Newest first" lists page on it, and
 * records stored by the thousand (deployments, status events, pushes) take it so that their inserts land at the
 * end of each index instead of on a random page (fewer pages written per commit).
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
  return `${prefix}_${time}${seq}${randomBase64url(8)}`;
}
