import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  type FigureSort,
  nextSort,
  sortFromSearch,
  sortRows,
  sortToParams,
} from '../../../web/src/lib/figure-sort.js';

interface Row {
  id: string;
  name: string;
  perDay: number | null;
  leadSeconds: number | null;
}
function row(name: string, perDay: number | null, leadSeconds: number | null): Row {
  return { id: name.toLowerCase(), name, perDay, leadSeconds };
}
/** What the page reads of a column (the value the cell shows), as FiguresTable passes it. */
const columnValue = (sort: FigureSort) => (r: Row) =>
  sort.key === 'deploymentFrequency' ? r.perDay : sort.key === 'leadTimeForChanges' ? r.leadSeconds : null;

const ROWS = [row('Cedar', 0.5, 3600), row('acme', null, 7200), row('Birch', 2, null), row('Delta', 0.5, 600)];
const names = (rows: Row[]) => rows.map((r) => r.name);

describe('sortRows (the overview and a team breakdown, by a column)', () => {
  const cases: [string, FigureSort, string[]][] = [
    ['name, A to Z (case left aside)', { key: 'name', order: 'ascending' }, ['acme', 'Birch', 'Cedar', 'Delta']],
    ['name, Z to A', { key: 'name', order: 'descending' }, ['Delta', 'Cedar', 'Birch', 'acme']],
    // Cedar and Delta tie at 0.5 per day: by name; acme has no figure: last either way.
    [
      'frequency, highest first',
      { key: 'deploymentFrequency', order: 'descending' },
      ['Birch', 'Cedar', 'Delta', 'acme'],
    ],
    [
      'frequency, lowest first',
      { key: 'deploymentFrequency', order: 'ascending' },
      ['Cedar', 'Delta', 'Birch', 'acme'],
    ],
    [
      'lead time, shortest first',
      { key: 'leadTimeForChanges', order: 'ascending' },
      ['Delta', 'Cedar', 'acme', 'Birch'],
    ],
    [
      'lead time, longest first',
      { key: 'leadTimeForChanges', order: 'descending' },
      ['acme', 'Cedar', 'Delta', 'Birch'],
    ],
  ];
  for (const [what, sort, expected] of cases) {
    it(what, () => {
      expect(names(sortRows(ROWS, sort, columnValue(sort)))).toEqual(expected);
    });
    it(`${what}, whatever order the rows come in`, () => {
      fc.assert(
        fc.property(fc.shuffledSubarray(ROWS, { minLength: ROWS.length, maxLength: ROWS.length }), (shuffled) => {
          expect(names(sortRows(shuffled, sort, columnValue(sort)))).toEqual(expected);
        }),
      );
    });
  }

  it('leaves the rows given untouched', () => {
    const before = names(ROWS);
    const sort: FigureSort = { key: 'deploymentFrequency', order: 'descending' };
    sortRows(ROWS, sort, columnValue(sort));
    expect(names(ROWS)).toEqual(before);
  });
});

describe('nextSort (a press on a header)', () => {
  it('starts a figure with the best first, the name with A to Z, and turns the same column round', () => {
    expect(nextSort(DEFAULT_SORT, 'deploymentFrequency', 'higher')).toEqual({
      key: 'deploymentFrequency',
      order: 'descending',
    });
    expect(nextSort(DEFAULT_SORT, 'changeFailureRate', 'lower')).toEqual({
      key: 'changeFailureRate',
      order: 'ascending',
    });
    expect(nextSort({ key: 'reworkRate', order: 'ascending' }, 'name')).toEqual({ key: 'name', order: 'ascending' });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', order: 'descending' });
    expect(nextSort({ key: 'reworkRate', order: 'descending' }, 'reworkRate')).toEqual({
      key: 'reworkRate',
      order: 'ascending',
    });
  });
});

describe('the sort in the address', () => {
  it('round-trips, leaves the default out, and reads an unknown column as the default', () => {
    const params = new URLSearchParams('days=90');
    sortToParams({ key: 'leadTimeForChanges', order: 'descending' }, params);
    expect(params.toString()).toBe('days=90&sort=leadTimeForChanges&order=desc');
    expect(sortFromSearch(params)).toEqual({ key: 'leadTimeForChanges', order: 'descending' });
    sortToParams(DEFAULT_SORT, params);
    expect(params.toString()).toBe('days=90');
    expect(sortFromSearch(new URLSearchParams('sort=bogus&order=desc'))).toEqual(DEFAULT_SORT);
  });
});
