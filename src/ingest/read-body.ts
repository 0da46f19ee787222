import type { Readable } from 'node:stream';

export type ReadBodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' | 'busy' };

/** A budget of bytes being read at once across all requests of this process. */
export interface ByteBudget {
  used: number;
  readonly max: number;
}

/**
 * Reads a request body, counting bytes as they arrive and stopping at the limit: a body over it is never
 * buffered past it (the caller answers 413 and closes the connection). Bytes held count against `budget`, so
 * many large bodies at once cannot exhaust memory: past it, the caller answers 503 with Retry-After.
 * `declaredLength` is the request's Content-Length as a number (NaN when absent): over the limit, nothing is read.
 * Bytes already in memory (an import, the demo) are only held to the limit.
 */
export function readBody(
  body: Readable | Buffer,
  declaredLength: number,
  limit: number,
  budget: ByteBudget,
): Promise<ReadBodyResult> {
  if (Buffer.isBuffer(body)) {
    return Promise.resolve(body.length > limit ? { ok: false, reason: 'too_large' } : { ok: true, body });
  }
  const stream = body;
  return new Promise((resolve) => {
    if (Number.isFinite(declaredLength) && declaredLength > limit) {
      resolve({ ok: false, reason: 'too_large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: ReadBodyResult) => {
      if (done) return;
      done = true;
      budget.used -= size;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onError);
      if (!result.ok) chunks.length = 0;
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      budget.used += chunk.length;
      if (size > limit) return finish({ ok: false, reason: 'too_large' });
      if (budget.used > budget.max) return finish({ ok: false, reason: 'busy' });
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, reason: 'aborted' });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('aborted', onError);
  });
}
