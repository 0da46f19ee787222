import type { MetricFigures } from '../api/types';
import { DORA_KEYS, type DoraKeyView, describeChange, WITHOUT_LEVEL } from '../lib/dora-keys';
import { plural } from '../lib/format';
import { Link } from '../lib/router';
import { LevelBadge } from './LevelBadge';

interface MetricTileProps {
  view: DoraKeyView;
  current: MetricFigures;
  previous: MetricFigures | undefined;
  /** The previous window did not load (its error is shown once, above the tiles). */
  previousFailed: boolean;
  /** Days in the window, for "the previous 30 days". */
  days: number;
  /** Where the figure's rows are (the drill-down), window and repository kept; a team's tiles have none. */
  rowsHref: string | undefined;
}

function MetricTile({ view, current, previous, previousFailed, days, rowsHref }: MetricTileProps) {
  const titleId = `tile-${view.key}`;
  const change = previous ? describeChange(view, current, previous, plural(days, 'day')) : null;
  const shortWindowNote =
    view.key === 'deploymentFrequency' && days < 7 && current.deploymentFrequency.level === null
      ? 'A window under 7 days gets no level.'
      : null;
  return (
    <article className="card tile" aria-labelledby={titleId} data-testid={`tile-${view.key}`}>
      <h3 id={titleId} className="tile-title">
        {view.title}
      </h3>
      <p className="tile-value">{view.format(view.value(current))}</p>
      <p className="tile-level">
        {WITHOUT_LEVEL.includes(view.key) ? (
          <span className="badge badge-none">DORA sets no level</span>
        ) : (
          <>
            <span className="visually-hidden">DORA level: </span>
            <LevelBadge level={view.level(current)} />
          </>
        )}
        <span className="tile-sample">{view.sample(current)}</span>
      </p>
      {shortWindowNote ? <p className="hint">{shortWindowNote}</p> : null}
      {change ? (
        <p className={`tile-change trend-${change.trend}`}>
          <span aria-hidden="true" className="trend-arrow">
            {change.trend === 'unknown' || change.trend === 'same' ? '•' : change.text.startsWith('Up') ? '▲' : '▼'}
          </span>{' '}
          {change.text}
        </p>
      ) : (
        <p className="tile-change trend-unknown">
          {previousFailed ? 'No comparison: the previous window did not load.' : 'Loading the previous window…'}
        </p>
      )}
      <p className="hint">{view.description}</p>
      {rowsHref ? (
        <p className="tile-rows">
          <Link to={rowsHref} data-testid={`rows-${view.key}`}>
            {view.rows(current)}
            <span className="visually-hidden"> ({view.title})</span>
          </Link>
        </p>
      ) : null}
    </article>
  );
}

interface MetricTilesProps {
  current: MetricFigures;
  previous: MetricFigures | undefined;
  previousFailed: boolean;
  days: number;
  /** The address of a figure's rows; none for pooled figures (a team's), whose rows live in each project. */
  rowsHref?: ((view: DoraKeyView) => string) | undefined;
}

/**
 * The figures (the four DORA keys, time to restore service beside recovery time, rework rate): value in a human
 * unit, the server's level, its sample, the change against the window before, and a link to the rows behind it.
 */
export function MetricTiles({ current, previous, previousFailed, days, rowsHref }: MetricTilesProps) {
  return (
    <div className="tiles">
      {DORA_KEYS.map((view) => (
        <MetricTile
          key={view.key}
          view={view}
          current={current}
          previous={previous}
          previousFailed={previousFailed}
          days={days}
          rowsHref={rowsHref?.(view)}
        />
      ))}
    </div>
  );
}
