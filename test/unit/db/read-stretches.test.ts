import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/db/dialect/dialect.js';
import { FIRST_STRETCH_MS, inStretches, SHORTEST_STRETCH_MS } from '../../../src/db/read-stretches.js';

const DAY = 86_400_000;
const stretching = { readsInStretches: true } as Dialect;
const whole = { readsInStretches: false } as Dialect;

/** The stretches `inStretches` reads over `instants` (rows at those times), and the rows each read. */
async function stretchesOver(dialect: Dialect, instants: readonly number[], from: number, to: number, size: number) {
  const reads: { at: number; until: number; rows: number[] }[] = [];
  await inStretches(dialect, from, to, size, async (at, until) => {
    const rows = instants.filter((instant) => instant >= at && instant < until);
    reads.push({ at, until, rows });
    return rows.length;
  });
  return reads;
}

describe('inStretches', () => {
  it('reads the whole window in one statement where the dialect does not stretch', async () => {
    const reads = await stretchesOver(whole, [0, DAY, 100 * DAY], 0, 365 * DAY, 1);
    expect(reads).toEqual([{ at: 0, until: 365 * DAY, rows: [0, DAY, 100 * DAY] }]);
  });

  it('reads a small window’s first week, then the rest at once', async () => {
    const instants = Array.from({ length: 50 }, (_, i) => i * 7 * DAY + 3_600_000);
    const reads = await stretchesOver(stretching, instants, 0, 350 * DAY, 10_000);
    expect(reads.map((read) => [read.at, read.until])).toEqual([
      [0, FIRST_STRETCH_MS],
      [FIRST_STRETCH_MS, 350 * DAY],
    ]);
  });

  it('sizes each stretch from the density of the one before, to about `size` rows', async () => {
    // One row an hour for a year: a stretch of 100 rows is 100 hours.
    const instants = Array.from({ length: 365 * 24 }, (_, i) => i * 3_600_000);
    const reads = await stretchesOver(stretching, instants, 0, 365 * DAY, 100);
    expect(reads[0]?.rows).toHaveLength(7 * 24);
    for (const read of reads.slice(1, -1)) expect(read.rows).toHaveLength(100);
  });

  it('grows a stretch fourfold after an empty one, and never cuts one under an hour', async () => {
    const dense = Array.from({ length: 1000 }, (_, i) => 40 * DAY + i);
    const reads = await stretchesOver(stretching, dense, 0, 60 * DAY, 10);
    expect(reads[0]?.until).toBe(FIRST_STRETCH_MS);
    expect((reads[1]?.until as number) - (reads[1]?.at as number)).toBe(4 * FIRST_STRETCH_MS);
    for (const read of reads.slice(0, -1)) expect(read.until - read.at).toBeGreaterThanOrEqual(SHORTEST_STRETCH_MS);
  });

  it('covers [from, to) once, in order, and reads every row exactly once, whatever the rows and the size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -10 * DAY, max: 400 * DAY }), { maxLength: 300 }),
        fc.integer({ min: -5 * DAY, max: 200 * DAY }),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        async (instants, from, length, size, stretches) => {
          const to = from + length;
          const reads = await stretchesOver(stretches ? stretching : whole, instants, from, to, size);
          expect(reads[0]?.at).toBe(from);
          expect(reads.at(-1)?.until).toBe(to);
          reads.forEach((read, i) => {
            if (i > 0) expect(read.at).toBe(reads[i - 1]?.until);
            if (length > 0) expect(read.until).toBeGreaterThan(read.at);
          });
          const read = reads.flatMap((r) => r.rows).sort((a, b) => a - b);
          expect(read).toEqual(instants.filter((instant) => instant >= from && instant < to).sort((a, b) => a - b));
        },
      ),
      { numRuns: 500 },
    );
  });
});
