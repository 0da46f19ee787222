import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How long background cache work may hold the event loop before it gives other work a turn. */
export const TURN_BUDGET_MS = 10;

/** A budget of event-loop time (`eventLoopTurns`). */
export interface Turns {
  yield(): Promise<void>;
}

/**
 * A budget of event-loop time for long work (the cache refreshes, the figures' reads): `yield()` gives the event
 * loop a turn (`setImmediate`: pending I/O, so requests and deliveries, runs first) once `budgetMs` have passed since
 * the last turn, and does nothing before. Work that runs in parallel branches (a read's `Promise.all`) shares one
 * budget, and its turns come one after another: each branch that yields waits for a turn of its own, after the
 * turns asked before it. Without that, every branch waiting went on in the same turn, one after the other, and the
 * event loop was held for all of them (a year's read: 50 to 70 ms in one block instead of one branch's 10 to 20).
 */
export function eventLoopTurns(budgetMs = TURN_BUDGET_MS): Turns {
  let since = performance.now();
  let lastTurn = Promise.resolve();
  return {
    async yield() {
      if (performance.now() - since < budgetMs) return;
      const turn = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
      lastTurn = turn;
      await turn;
      since = performance.now();
    },
  };
}

/**
 * `db` with a turn of the event loop offered after each statement (`turns.yield()`: only once the budget has passed).
 * On SQLite the main thread's statements run synchronously, and awaiting one gives no other work a turn: a
 * refresh that reads a large repository in a few dozen statements would otherwise hold the event loop for all of
 * them (docs/PERFORMANCE.md, "the refresh after one new deployment"). Inside a transaction the turn lets requests be
 * read and answered; their own statements wait for the transaction, as before.
 */
export function yieldingBetweenStatements(db: Kysely<Database>, turns: Turns): Kysely<Database> {
  return db.withPlugin({
    transformQuery: ({ node }) => node,
    async transformResult({ result }) {
      await turns.yield();
      return result;
    },
  });
}
