/** How long background cache work may hold the event loop before it gives other work a turn. */
export const TURN_BUDGET_MS = 10;

/**
 * A budget of event-loop time for long background work (the cache refreshes): `yield()` gives the event loop a turn
 * (`setImmediate`: pending I/O, so requests and deliveries, runs first) once `budgetMs` have passed since the last
 * turn, and does nothing before.
 */
export function eventLoopTurns(budgetMs = TURN_BUDGET_MS): { yield(): Promise<void> } {
  let since = performance.now();
  return {
    async yield() {
      if (performance.now() - since < budgetMs) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    },
  };
}
