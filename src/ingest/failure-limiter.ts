/**
 * Counts failed verifications per webhook and client address in fixed windows. Past the limit, the receiver
 * answers 429 with Retry-After instead of 401 and makes no delivery record, so a flood of forged requests can
 * neither starve real deliveries nor fill the delivery log. Verified deliveries never pass through here.
 * Per process and in memory: behind a load balancer each process limits on its own (docs/DECISIONS.md).
 */
export interface FailureLimiter {
  /** Seconds to wait if this key is over the limit now, else null. */
  blockedFor(key: string, now: number): number | null;
  /** Records one failure. */
  fail(key: string, now: number): void;
}

export function createFailureLimiter(options: { max: number; windowMs: number; maxKeys?: number }): FailureLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    if (w === undefined || now - w.start >= options.windowMs) return undefined;
    return w;
  };
  return {
    blockedFor(key, now) {
      const w = current(key, now);
      if (w === undefined || w.count < options.max) return null;
      return Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000));
    },
    fail(key, now) {
      const w = current(key, now);
      if (w !== undefined) {
        w.count += 1;
        return;
      }
      if (windows.size >= maxKeys) {
        for (const [k, v] of windows) if (now - v.start >= options.windowMs) windows.delete(k);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
      }
      windows.set(key, { start: now, count: 1 });
    },
  };
}

/** Failed verifications allowed per webhook and client address per minute before 429. */
export const FAILED_VERIFICATIONS_PER_MINUTE = 30;

/** The limiter of one route under /hooks/: FAILED_VERIFICATIONS_PER_MINUTE per webhook and client address. */
export function createVerificationLimiter(): FailureLimiter {
  return createFailureLimiter({ max: FAILED_VERIFICATIONS_PER_MINUTE, windowMs: 60_000 });
}

/**
 * After a failed verification by `clientAddress` on a webhook: past the failure rate, the seconds to wait
 * (answered 429 with Retry-After; nothing is counted or recorded); otherwise the failure is counted and null
 * is returned (answered 401).
 */
export function countFailure(limiter: FailureLimiter, webhookId: string, clientAddress: string, now: number) {
  const key = `${webhookId}|${clientAddress}`;
  const wait = limiter.blockedFor(key, now);
  if (wait === null) limiter.fail(key, now);
  return wait;
}

/** Seconds to wait if `clientAddress` is past the failure rate on this webhook now, else null; counts nothing. */
export function failureWait(limiter: FailureLimiter, webhookId: string, clientAddress: string, now: number) {
  return limiter.blockedFor(`${webhookId}|${clientAddress}`, now);
}

export function tooManyFailuresMessage(wait: number): string {
  return `Too many failed verifications from this address; retry in ${wait} s.`;
}
