/**
 * The order of the overview's rows (and a team's breakdown). No imports, so the unit tests can load this file
 * directly: the caller says how to read a column's value and which way is better.
 */

/** The six figures' keys, as the API names them (and `DoraKey` in dora-keys.ts). */
export const FIGURE_COLUMNS = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeploymentRecoveryTime',
  'timeToRestoreService',
  'reworkRate',
] as const;

/** A column: the project's name or one of the six figures. */
export type SortKey = 'name' | (typeof FIGURE_COLUMNS)[number];
export type SortOrder = 'ascending' | 'descending';

export interface FigureSort {
  key: SortKey;
  order: SortOrder;
}

/** What the sort reads of a row: the name, and the id to break a tie of names. */
export interface NamedRow {
  id: string;
  name: string;
}

export const DEFAULT_SORT: FigureSort = { key: 'name', order: 'ascending' };

function isSortKey(value: string | null): value is SortKey {
  return value === 'name' || FIGURE_COLUMNS.some((key) => key === value);
}

/** `?sort=leadTimeForChanges&order=desc` in the address; the name, A to Z, by default. */
export function sortFromSearch(search: URLSearchParams): FigureSort {
  const key = search.get('sort');
  if (!isSortKey(key)) return DEFAULT_SORT;
  return { key, order: search.get('order') === 'desc' ? 'descending' : 'ascending' };
}

/** Writes the sort into `params` (left out when it is the default). */
export function sortToParams(sort: FigureSort, params: URLSearchParams): void {
  params.delete('sort');
  params.delete('order');
  if (sort.key === DEFAULT_SORT.key && sort.order === DEFAULT_SORT.order) return;
  params.set('sort', sort.key);
  params.set('order', sort.order === 'descending' ? 'desc' : 'asc');
}

/**
 * What a press on a column's header does: the same column turns its order round; another figure starts with the
 * best first (`better`: the most deployments per day, the shortest lead time), the name with A to Z.
 */
export function nextSort(current: FigureSort, key: SortKey, better: 'higher' | 'lower' = 'lower'): FigureSort {
  if (current.key === key) return { key, order: current.order === 'ascending' ? 'descending' : 'ascending' };
  if (key === 'name') return { key, order: 'ascending' };
  return { key, order: better === 'higher' ? 'descending' : 'ascending' };
}

/**
 * The rows in the chosen order (a new array); `value` reads the sorted figure's value of a row. A row without a value
 * (no sample) always goes last; ties go by name.
 */
export function sortRows<R extends NamedRow>(
  rows: readonly R[],
  sort: FigureSort,
  value: (row: R) => number | null,
): R[] {
  const byName = (a: R, b: R) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const sign = sort.order === 'ascending' ? 1 : -1;
  if (sort.key === 'name') return [...rows].sort((a, b) => sign * byName(a, b));
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}
