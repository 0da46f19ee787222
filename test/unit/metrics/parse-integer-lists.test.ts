import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntegerLists } from '../../../src/metrics/parse-integer-lists.js';

describe('parseIntegerLists (the lead times SQLite sends as text)', () => {
  it('reads every integer of every list, in order', () => {
    expect([...parseIntegerLists(['1,20,300', null, '', '-4,0'])]).toEqual([1, 20, 300, -4, 0]);
    expect(parseIntegerLists([]).length).toBe(0);
  });

  it('equals splitting and Number for any lists of safe integers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 30 }))),
        (lists) => {
          const texts = lists.map((list) => (list === null ? null : list.join(',')));
          const expected = lists.flatMap((list) => list ?? []);
          expect([...parseIntegerLists(texts)]).toEqual(expected);
        },
      ),
    );
  });

  it('refuses text that is not a list of integers', () => {
    expect(() => parseIntegerLists(['1.5'])).toThrow(/not a list of integers/);
  });
});
