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
