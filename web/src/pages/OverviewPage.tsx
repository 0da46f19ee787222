import { acrossApi } from '../api/across';
import { FiguresTable } from '../components/FiguresTable';
import { LevelsExplained } from '../components/LevelsExplained';
import { ErrorNotice, Loading } from '../components/Status';
import { browserTimeZone } from '../components/TimeZoneSelect';
import { WindowPicker } from '../components/WindowPicker';
import { acrossSearch, dashboardHref } from '../lib/across-search';
import { useApiQuery } from '../lib/api-query';
import { todayIn } from '../lib/dates';
import { sortFromSearch } from '../lib/figure-sort';
import { choiceFromSearch, resolveWindow } from '../lib/metric-window';
import { navigate, useLocation } from '../lib/router';
import { useTitle } from '../lib/use-title';

/**
 * Every project the credential may see, its six figures side by side (`GET /api/metrics`), sortable by any column;
 * the window and the sort live in the address, as on the dashboard.
 */
export function OverviewPage() {
  useTitle('Overview');
  const { search, pathname } = useLocation();
  const choice = choiceFromSearch(search);
  const sort = sortFromSearch(search);
  const zone = browserTimeZone();
  const range = resolveWindow(choice, zone);
  const { state, reload } = useApiQuery(['metrics', 'overview', range.from, range.to], (signal) =>
    acrossApi.overview({ from: range.from, to: range.to }, signal),
  );
  const projects = state.data?.projects;
  const rows = (projects ?? []).map((p) => ({
    id: p.projectId,
    name: p.name,
    href: dashboardHref(p.projectId, choice),
    figures: p,
  }));

  return (
    <div className="page">
      <h1>Overview</h1>
      <p className="lead">
        Every project you may see, its figures side by side. Each project's days begin in its own time zone; a name
        leads to its dashboard.
      </p>
      <div className="scope-bar">
        <WindowPicker
          choice={choice}
          today={todayIn(zone)}
          onChange={(next) => navigate(`${pathname}${acrossSearch(next, sort)}`)}
        />
      </div>
      <section className="section" aria-labelledby="overview-title" aria-busy={state.status === 'loading'}>
        <h2 id="overview-title">The figures, {range.label}</h2>
        {state.status === 'loading' && !projects ? <Loading label="Loading the figures…" /> : null}
        <ErrorNotice error={state.error} onRetry={reload} />
        {projects && projects.length === 0 ? <p className="empty">No project to show yet.</p> : null}
        {rows.length > 0 ? (
          <FiguresTable
            label="Figures of every project"
            rows={rows}
            sort={sort}
            onSort={(next) => navigate(`${pathname}${acrossSearch(choice, next)}`, { replace: true })}
          />
        ) : null}
        <LevelsExplained />
      </section>
    </div>
  );
}
