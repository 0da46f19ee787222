import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countPerBucket } from '../../../src/metrics/count-per-bucket.js';

describe('countPerBucket (deployments that brought commits, per series point)', () => {
  it('counts each instant in the bucket that holds it; a start belongs to its bucket, `to` to none', () => {
    const starts = [0, 10, 20];
    expect(countPerBucket([0, 9, 10, 10, 19, 20, 29], starts, 30)).toEqual([2, 3, 2]);
    expect(countPerBucket([-1, 30, 31], starts, 30)).toEqual([0, 0, 0]);
    expect(countPerBucket([5, 25, 15, 5], starts, 30)).toEqual([2, 1, 1]);
    expect(countPerBucket([1, 2], [], 30)).toEqual([]);
  });

  it('equals a linear scan over the buckets, in any order of the instants', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: -50, max: 1300 }), { maxLength: 60 }),
        (rawStarts, width, instants) => {
          const starts = [...rawStarts].sort((a, b) => a - b);
          const to = (starts.at(-1) as number) + width;
          const expected = starts.map(
            (start, i) =>
              instants.filter((t) => t >= start && t < (i + 1 < starts.length ? (starts[i + 1] as number) : to)).length,
          );
          expect(countPerBucket(instants, starts, to)).toEqual(expected);
        },
      ),
    );
  });
});
