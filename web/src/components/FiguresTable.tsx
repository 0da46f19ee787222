import type { ReactNode } from 'react';
import type { MetricFigures } from '../api/types';
import { DORA_KEYS, type DoraKeyView, WITHOUT_LEVEL } from '../lib/dora-keys';
import { type FigureSort, nextSort, type SortKey, sortRows } from '../lib/figure-sort';
import { Link } from '../lib/router';
import { LevelBadge } from './LevelBadge';
import { ScrollRegion } from './ScrollRegion';

/** A project's row: its name, its dashboard (window kept) and its figures. */
export interface FigureRow {
  id: string;
  name: string;
  href: string;
  figures: MetricFigures;
}

interface FiguresTableProps {
  /** Names the table (and its scroll region) for screen readers. */
  label: string;
  rows: readonly FigureRow[];
  sort: FigureSort;
  onSort: (sort: FigureSort) => void;
}

function SortHeader({
  sortKey,
  sort,
  onSort,
  children,
}: {
  sortKey: SortKey;
  sort: FigureSort;
  onSort: (sort: FigureSort) => void;
  children: ReactNode;
}) {
  const active = sort.key === sortKey;
  const arrow = active ? (sort.order === 'ascending' ? '▲' : '▼') : '↕';
  return (
    <th scope="col" aria-sort={active ? sort.order : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-testid={`sort-${sortKey}`}
        onClick={() => onSort(nextSort(sort, sortKey, DORA_KEYS.find((v) => v.key === sortKey)?.better))}
      >
        {children}
        <span aria-hidden="true" className={active ? 'sort-arrow sort-arrow-active' : 'sort-arrow'}>
          {arrow}
        </span>
      </button>
    </th>
  );
}

function FigureCell({ view, row }: { view: DoraKeyView; row: FigureRow }) {
  return (
    <td data-label={view.title} data-testid={`cell-${view.key}`}>
      <span className="figure-cell">
        <span className="figure-value">{view.format(view.value(row.figures))}</span>
        {WITHOUT_LEVEL.includes(view.key) ? (
          <span className="badge badge-none">DORA sets no level</span>
        ) : (
          <span>
            <span className="visually-hidden">DORA level: </span>
            <LevelBadge level={view.level(row.figures)} />
          </span>
        )}
        <span className="figure-sample">{view.sample(row.figures)}</span>
      </span>
    </td>
  );
}

/**
 * Projects side by side: a row per project, a column per figure (value, the server's level as the tiles show it,
 * its sample). Each header is a button that sorts by its column (`aria-sort` says how); on a phone the rows become
 * cards of labelled lines (`.table-stack`).
 */
export function FiguresTable({ label, rows, sort, onSort }: FiguresTableProps) {
  const view = DORA_KEYS.find((v) => v.key === sort.key);
  const sorted = sortRows(rows, sort, (row) => (view ? view.value(row.figures) : null));
  return (
    <ScrollRegion label={label}>
      <table className="table figures-table table-stack">
        <caption className="visually-hidden">{label}. The headers are buttons that sort by their column.</caption>
        <thead>
          <tr>
            <SortHeader sortKey="name" sort={sort} onSort={onSort}>
              Project
            </SortHeader>
            {DORA_KEYS.map((view) => (
              <SortHeader key={view.key} sortKey={view.key} sort={sort} onSort={onSort}>
                {view.title}
              </SortHeader>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.id} data-testid="figures-row">
              <th scope="row" data-label="Project" className="figures-project">
                <Link to={row.href}>{row.name}</Link>
              </th>
              {DORA_KEYS.map((view) => (
                <FigureCell key={view.key} view={view} row={row} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
