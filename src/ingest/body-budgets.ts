/**
 * The bytes of webhook bodies held in memory while they are read, shared out so that one client, or one webhook
 * URL someone learned, cannot take them all (issue 14, item 2). Every byte counts against the process total and
 * the client address's share. The bytes of a body past the small limit (`smallBody`, SHIPWATCH_MAX_BODY_BYTES), all
 * of them, also count against the large pool and the webhook's share: the large pool is the total less a reserve,
 * so bodies within the small limit (deployment events, pings) always find room however many large ones are held.
 */
export interface BudgetLimits {
  readonly total: number;
  /** Bytes of bodies past `smallBody` held at once: the total less the small bodies' reserve. */
  readonly large: number;
  /** Bytes held at once by one client address. */
  readonly perAddress: number;
  /** Bytes of bodies past `smallBody` held at once by requests to one webhook. */
  readonly perWebhook: number;
  readonly smallBody: number;
}

/** One request's account: `take` before holding more bytes (false: over a budget, nothing taken); `release` once. */
export interface BodyAccount {
  take(bytes: number): boolean;
  release(): void;
}

export interface BodyBudgets {
  open(webhookId: string, clientAddress: string): BodyAccount;
  /** Bytes held now, for tests and diagnostics. */
  held(): number;
}

/** The limits for the configured body limits: a push body is the large one. */
export function budgetLimits(maxBodyBytes: number, maxPushBodyBytes: number, total: number): BudgetLimits {
  return {
    total,
    large: Math.floor(total * 0.75),
    // Two push bodies, and never less than an eighth of the total: a provider's burst of small deliveries comes
    // from a few addresses at once.
    perAddress: Math.max(2 * maxPushBodyBytes, Math.floor(total / 8)),
    perWebhook: 4 * maxPushBodyBytes,
    smallBody: maxBodyBytes,
  };
}

export function createBodyBudgets(limits: BudgetLimits): BodyBudgets {
  let total = 0;
  let large = 0;
  const byAddress = new Map<string, number>();
  const byWebhook = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, bytes: number) => {
    const next = (map.get(key) ?? 0) + bytes;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };
  return {
    held: () => total,
    open(webhookId, clientAddress) {
      let held = 0;
      let released = false;
      const largePart = (bytes: number) => (bytes > limits.smallBody ? bytes : 0);
      return {
        take(bytes) {
          if (released) return false;
          const extraLarge = largePart(held + bytes) - largePart(held);
          if (total + bytes > limits.total) return false;
          if ((byAddress.get(clientAddress) ?? 0) + bytes > limits.perAddress) return false;
          if (extraLarge > 0) {
            if (large + extraLarge > limits.large) return false;
            if ((byWebhook.get(webhookId) ?? 0) + extraLarge > limits.perWebhook) return false;
          }
          held += bytes;
          total += bytes;
          large += extraLarge;
          add(byAddress, clientAddress, bytes);
          add(byWebhook, webhookId, extraLarge);
          return true;
        },
        release() {
          if (released) return;
          released = true;
          const heldLarge = largePart(held);
          total -= held;
          large -= heldLarge;
          add(byAddress, clientAddress, -held);
          add(byWebhook, webhookId, -heldLarge);
          held = 0;
        },
      };
    },
  };
}
