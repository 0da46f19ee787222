import type { MetricFigures } from '../api/types';
import { DORA_KEYS, type DoraKey } from './dora-keys';

/** A column of the overview (or a team's breakdown): the project's name or one of the six figures. */
export type SortKey = 'name' | DoraKey;
export type SortOrder = 'ascending' | 'descending';

export interface FigureSort {
  key: SortKey;
  order: SortOrder;
}

export interface FigureRow {
  id: string;
  name: string;
  /** The project's dashboard, window kept. */
  href: string;
  figures: MetricFigures;
}

export const DEFAULT_SORT: FigureSort = { key: 'name', order: 'ascending' };

function isSortKey(value: string | null): value is SortKey {
  return value === 'name' || DORA_KEYS.some((view) => view.key === value);
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
 * What a click on a column's header does: the same column turns its order round; another column starts with the
 * best first (the most deployments per day, the shortest lead time), the name with A to Z.
 */
export function nextSort(current: FigureSort, key: SortKey): FigureSort {
  if (current.key === key) return { key, order: current.order === 'ascending' ? 'descending' : 'ascending' };
  if (key === 'name') return { key, order: 'ascending' };
  const view = DORA_KEYS.find((v) => v.key === key);
  return { key, order: view?.better === 'higher' ? 'descending' : 'ascending' };
}

/** The rows in the chosen order; a figure without a value (no sample) always goes last, ties go by name. */
export function sortRows(rows: readonly FigureRow[], sort: FigureSort): FigureRow[] {
  const byName = (a: FigureRow, b: FigureRow) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const sign = sort.order === 'ascending' ? 1 : -1;
  if (sort.key === 'name') return [...rows].sort((a, b) => sign * byName(a, b));
  const view = DORA_KEYS.find((v) => v.key === sort.key);
  if (!view) return [...rows];
  return [...rows].sort((a, b) => {
    const x = view.value(a.figures);
    const y = view.value(b.figures);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}
