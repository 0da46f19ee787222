import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median } from '../../../src/metrics/median.js';

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
});
