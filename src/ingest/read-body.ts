import type { Readable } from 'node:stream';
import type { BodyAccount } from './body-budgets.js';

export type ReadBodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too_large' | 'aborted' | 'busy' | 'stalled' };

/** How long a body may send nothing before it is cut off, by how many bytes it holds. */
export interface StallLimits {
  /** Bytes up to which a body is small (SHIPWATCH_MAX_BODY_BYTES). */
  readonly smallBody: number;
  /** Silence allowed to a body holding at most `smallBody` bytes (declared or read). */
  readonly smallIdleMs: number;
  /** Silence allowed to a larger one: shorter, since it holds more of the memory others need. */
  readonly largeIdleMs: number;
}

/** A small body may pause up to the request timeout (30 s, src/http/app.ts); a large one 5 s. */
export const STALL_LIMITS_DEFAULT = { smallIdleMs: 30_000, largeIdleMs: 5_000 } as const;

/**
 * Reads a request body, counting bytes as they arrive and stopping at the limit: a body over it is never
 * buffered past it (the caller answers 413 and closes the connection). The bytes are taken from `account` (the
 * budgets of the process, the client address and the webhook, src/ingest/body-budgets.ts): a declared
 * Content-Length is taken before anything is read, so a body with no room is refused unread ('busy', 503); one
 * without is taken as it arrives. A body that sends nothing for its idle time is cut off ('stalled'): a body past
 * the small limit sooner than a small one. `declaredLength` is NaN when absent. Bytes already in memory (an import,
 * the demo) are only held to the limit. The account is released when the read ends, whatever its end.
 */
export function readBody(
  body: Readable | Buffer,
  declaredLength: number,
  limit: number,
  account: BodyAccount,
  stall: StallLimits,
): Promise<ReadBodyResult> {
  if (Buffer.isBuffer(body)) {
    account.release();
    return Promise.resolve(body.length > limit ? { ok: false, reason: 'too_large' } : { ok: true, body });
  }
  const stream = body;
  const declared = Number.isFinite(declaredLength) && declaredLength >= 0 ? declaredLength : null;
  if (declared !== null && declared > limit) {
    account.release();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  if (declared !== null && !account.take(declared)) {
    account.release();
    return Promise.resolve({ ok: false, reason: 'busy' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let taken = declared ?? 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: ReadBodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      account.release();
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onError);
      if (!result.ok) chunks.length = 0;
      resolve(result);
    };
    const arm = () => {
      clearTimeout(timer);
      const idle = Math.max(size, declared ?? 0) > stall.smallBody ? stall.largeIdleMs : stall.smallIdleMs;
      timer = setTimeout(() => finish({ ok: false, reason: 'stalled' }), idle);
      timer.unref();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish({ ok: false, reason: 'too_large' });
      if (size > taken) {
        if (!account.take(size - taken)) return finish({ ok: false, reason: 'busy' });
        taken = size;
      }
      chunks.push(chunk);
      arm();
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, reason: 'aborted' });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('aborted', onError);
    arm();
  });
}
