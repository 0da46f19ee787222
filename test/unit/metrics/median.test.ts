import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, medianInPlace, selectInPlace } from '../../../src/metrics/median.js';

function naiveMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

describe('median', () => {
  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('is the middle value of an odd count', () => {
    expect(median([7])).toBe(7);
    expect(median([30, 10, 20])).toBe(20);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([10, 40, 20, 30])).toBe(25);
    expect(median([1, 2])).toBe(1.5);
    expect(median([3600, 0])).toBe(1800);
  });

  it('sorts numerically, not as text', () => {
    expect(median([100, 9, 20])).toBe(20);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('equals a naive sort-based median', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const middle = Math.floor(sorted.length / 2);
        const expected =
          sorted.length % 2 === 1
            ? (sorted[middle] as number)
            : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
        expect(median(values)).toBe(expected);
      }),
    );
  });

  it('selects rather than sorts: equal to the sort-based median on large inputs with many repeated values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 3000 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 3000 }),
        (repeated, spread) => {
          const values = [...repeated, ...spread];
          expect(median(values)).toBe(naiveMedian(values));
          expect(medianInPlace(Float64Array.from(values))).toBe(naiveMedian(values));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sorted, reversed and constant inputs (the cases that defeat a naive pivot)', () => {
    const ascending = Array.from({ length: 100_001 }, (_, i) => i);
    expect(median(ascending)).toBe(50_000);
    expect(median([...ascending].reverse())).toBe(50_000);
    expect(median(new Array(100_000).fill(7))).toBe(7);
    const organPipe = Array.from({ length: 100_000 }, (_, i) => Math.min(i, 100_000 - i));
    expect(median(organPipe)).toBe(naiveMedian(organPipe));
  });

  it('selectInPlace puts the k-th value at k, smaller ones before it and larger ones after', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 500 }),
        fc.nat(),
        (values, pick) => {
          const k = pick % values.length;
          const array = Float64Array.from(values);
          selectInPlace(array, k);
          const sorted = [...values].sort((a, b) => a - b);
          expect(array[k]).toBe(sorted[k]);
          for (let i = 0; i < k; i += 1) expect(array[i]).toBeLessThanOrEqual(array[k] as number);
          for (let i = k + 1; i < array.length; i += 1) expect(array[i]).toBeGreaterThanOrEqual(array[k] as number);
          expect([...array].sort((a, b) => a - b)).toEqual(sorted);
        },
      ),
    );
  });
});
