import { drillApi } from '../api/drill';
import type { Project } from '../api/types';
import { FigureRows } from '../components/drill/FigureRows';
import { LevelBadge } from '../components/LevelBadge';
import { LevelsExplained } from '../components/LevelsExplained';
import { RepositoryFilter } from '../components/RepositoryFilter';
import { ErrorNotice, Loading } from '../components/Status';
import { WindowPicker } from '../components/WindowPicker';
import { useApiQuery } from '../lib/api-query';
import { todayIn } from '../lib/dates';
import { viewOfSlug, WITHOUT_LEVEL } from '../lib/dora-keys';
import { scopeFromSearch, scopeToSearch } from '../lib/figure-scope';
import { resolveWindow } from '../lib/metric-window';
import { Link, navigate, useLocation } from '../lib/router';
import { useTitle } from '../lib/use-title';

/**
 * One figure and the rows behind it (`/projects/:id/figures/<slug>`), over the window and repository of the
 * address, as the dashboard's tile that leads here: the deployments counted, the failed changes and their causes,
 * the streaks, the commits and pull requests behind the median, the incidents, the rework.
 */
export function FigurePage({ project, slug }: { project: Project; slug: string }) {
  const view = viewOfSlug(slug);
  useTitle(`${view?.title ?? 'Unknown figure'} · ${project.name}`);
  const { search, pathname } = useLocation();
  const scope = scopeFromSearch(search);
  const range = resolveWindow(scope.window, project.timeZone);
  const { repository } = scope;
  const metrics = useApiQuery(['metrics', project.id, range.from, range.to, repository], (signal) =>
    drillApi.getMetrics(project.id, { from: range.from, to: range.to, repository }, signal),
  );
  const dashboard = `/projects/${encodeURIComponent(project.id)}${scopeToSearch(scope)}`;

  if (!view) {
    return (
      <>
        <h1>No such figure</h1>
        <p>
          <Link to={dashboard}>Back to the dashboard</Link>
        </p>
      </>
    );
  }
  const figures = metrics.state.data;
  return (
    <>
      <p className="back-link">
        <Link to={dashboard}>Back to the dashboard</Link>
      </p>
      <h1>{view.title}</h1>
      <p className="muted">
        {range.label}
        {repository ? `, ${repository} only` : ', every repository'}. {view.description}
      </p>
      <div className="scope-bar">
        <WindowPicker
          choice={scope.window}
          today={todayIn(project.timeZone)}
          onChange={(next) => navigate(`${pathname}${scopeToSearch({ ...scope, window: next })}`)}
        />
        <RepositoryFilter
          projectId={project.id}
          repository={repository}
          onChange={(next) => navigate(`${pathname}${scopeToSearch({ ...scope, repository: next })}`)}
        />
      </div>
      <section className="section figure-summary" aria-labelledby="figure-title" data-testid="figure-summary">
        <h2 id="figure-title" className="visually-hidden">
          The figure
        </h2>
        {metrics.state.status === 'loading' && !figures ? <Loading label="Loading the figure…" /> : null}
        <ErrorNotice error={metrics.state.error} onRetry={metrics.reload} />
        {figures ? (
          <div className="card tile">
            <p className="tile-value">{view.format(view.value(figures))}</p>
            <p className="tile-level">
              {WITHOUT_LEVEL.includes(view.key) ? (
                <span className="badge badge-none">DORA sets no level</span>
              ) : (
                <>
                  <span className="visually-hidden">DORA level: </span>
                  <LevelBadge level={view.level(figures)} />
                </>
              )}
              <span className="tile-sample">{view.sample(figures)}</span>
            </p>
          </div>
        ) : null}
        {WITHOUT_LEVEL.includes(view.key) ? null : <LevelsExplained />}
      </section>
      <FigureRows
        figure={view.key}
        project={project}
        figures={figures}
        scope={{ projectId: project.id, from: range.from, to: range.to, repository }}
      />
    </>
  );
}
