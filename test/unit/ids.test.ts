import { describe, expect, it } from 'vitest';
import { newId, newSortableId } from '../../src/ids.js';

describe('ids', () => {
  it('newId gives 128 random bits after the prefix, never the same twice', () => {
    const ids = new Set<string>();
    // More than one pool of random bytes (4 KiB / 16 bytes = 256 ids), so refills are covered.
    for (let i = 0; i < 2000; i++) {
      const id = newId('wh');
      expect(id).toMatch(/^wh_[A-Za-z0-9_-]{22}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(2000);
  });

  it('newSortableId sorts by time, then by creation order within a millisecond', () => {
    const ids = [newSortableId('dep', 1_000), newSortableId('dep', 1_000), newSortableId('dep', 2_000)];
    for (let i = 0; i < 600; i++) ids.push(newSortableId('dep', 3_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^dep_[0-9a-z]{13}[A-Za-z0-9_-]{11}$/);
  });

  it('newSortableId never goes back in time when the clock does', () => {
    const later = newSortableId('dl', 10_000);
    const earlierClock = newSortableId('dl', 5_000);
    expect(earlierClock > later).toBe(true);
  });
});
