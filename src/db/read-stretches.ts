import type { Dialect } from './dialect/dialect.js';

/** The first stretch of a read in stretches: from it, the read learns how much the window holds per hour. */
export const FIRST_STRETCH_MS = 7 * 86_400_000;
/** The shortest stretch after the first, however dense the rows. */
export const SHORTEST_STRETCH_MS = 3_600_000;

/**
 * Reads [from, to) in statements over consecutive stretches of time that cover it once, in order: `read(at, until)`
 * reads [at, until) and answers how much it read (rows, or characters: the unit of `size`). Each stretch after
 * the first is sized from what the one before held per millisecond, so that it reads about `size`; an empty
 * stretch makes the next four times as long. A dialect whose statements do not hold the event loop
 * (`Dialect.readsInStretches` false: PostgreSQL) reads the whole window in one statement.
 *
 * On SQLite the main thread runs the reads' statements synchronously: a year of the benchmark's large project in
 * one statement held every other request for 50 to 100 ms. With turns between statements
 * (`yieldingBetweenStatements`, src/ingest/turns.ts), no stretch holds them long; a small project's window is read
 * in two statements (its first week, then the rest).
 */
export async function inStretches(
  dialect: Dialect,
  from: number,
  to: number,
  size: number,
  read: (at: number, until: number) => Promise<number>,
): Promise<void> {
  if (!dialect.readsInStretches) {
    await read(from, to);
    return;
  }
  let at = from;
  let length = FIRST_STRETCH_MS;
  do {
    const until = Math.min(to, at + length);
    const held = await read(at, until);
    if (held <= 0) length *= 4;
    else length = Math.max(SHORTEST_STRETCH_MS, Math.floor((size * (until - at)) / held));
    at = until;
  } while (at < to);
}
