import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api } from '../api/client';
import { drillApi, getScopedSeries } from '../api/drill';
import type { Deployment, Project } from '../api/types';
import { DeploymentsTable } from '../components/DeploymentsTable';
import { EmptyProject } from '../components/EmptyProject';
import { LevelsExplained } from '../components/LevelsExplained';
import { MetricTiles } from '../components/MetricTiles';
import { RepositoryFilter } from '../components/RepositoryFilter';
import { ErrorNotice, Loading } from '../components/Status';
import { WindowPicker } from '../components/WindowPicker';
import { useApiQuery } from '../lib/api-query';
import { todayIn } from '../lib/dates';
import { type FigureScopeChoice, figureHref, scopeFromSearch, scopeToSearch } from '../lib/figure-scope';
import { type MetricWindow, resolveWindow } from '../lib/metric-window';
import { navigate, useLocation } from '../lib/router';
import { useTitle } from '../lib/use-title';

const MetricCharts = lazy(() => import('../charts/MetricCharts'));

const PAGE = 20;

function RecentDeployments({
  project,
  range,
  repository,
  onJudged,
}: {
  project: Project;
  range: MetricWindow;
  repository: string | undefined;
  onJudged: () => void;
}) {
  const [more, setMore] = useState<{ items: Deployment[]; busy: boolean; error: unknown }>({
    items: [],
    busy: false,
    error: undefined,
  });
  const { state, reload, setData } = useApiQuery(
    ['deployments', project.id, { production: true, from: range.from, to: range.to, repository }],
    async (signal) => {
      const first = await api.listDeployments(
        project.id,
        { production: true, from: range.from, to: range.to, limit: PAGE, ...(repository ? { repository } : {}) },
        signal,
      );
      if (!signal.aborted) setMore({ items: [], busy: false, error: undefined });
      return first;
    },
  );
  // A cached first page (a window seen before) comes without a fetch: the pages loaded after it go.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the project or window changes.
  useEffect(
    () => setMore({ items: [], busy: false, error: undefined }),
    [project.id, range.from, range.to, repository],
  );
  const page = state.data;
  const rows = page ? [...page.deployments, ...more.items] : [];

  const loadMore = async () => {
    if (!page?.nextCursor) return;
    setMore((m) => ({ ...m, busy: true, error: undefined }));
    try {
      const next = await api.listDeployments(project.id, {
        production: true,
        from: range.from,
        to: range.to,
        limit: PAGE,
        before: page.nextCursor,
        ...(repository ? { repository } : {}),
      });
      setData((current) => ({ deployments: current?.deployments ?? [], nextCursor: next.nextCursor }));
      setMore((m) => ({ items: [...m.items, ...next.deployments], busy: false, error: undefined }));
    } catch (error) {
      setMore((m) => ({ ...m, busy: false, error }));
    }
  };

  const replace = (updated: Deployment) => {
    setData((current) => ({
      deployments: (current?.deployments ?? []).map((d) => (d.id === updated.id ? updated : d)),
      nextCursor: current?.nextCursor ?? null,
    }));
    setMore((m) => ({ ...m, items: m.items.map((d) => (d.id === updated.id ? updated : d)) }));
    onJudged();
  };

  return (
    <section className="section" aria-labelledby="deployments-title">
      <h2 id="deployments-title">Recent production deployments</h2>
      <p className="hint">
        Mark a successful deployment that caused an incident as a failed change, or a failed one that changed nothing as
        not a failed change. Only the change failure rate follows this judgement.
      </p>
      <p className="hint" data-testid="lead-time-note">
        A row's lead time runs from the deployment's oldest commit to its finish: the longest any of its commits waited.
        The lead time tile is the median over every commit of the window, so the two differ; a deployment's page lists
        each commit's own lead time.
      </p>
      {state.status === 'loading' && !page ? <Loading label="Loading deployments…" /> : null}
      <ErrorNotice error={state.error} onRetry={reload} />
      {page && rows.length === 0 ? <p className="empty">No production deployment in this window.</p> : null}
      {rows.length > 0 ? (
        <DeploymentsTable projectId={project.id} deployments={rows} timeZone={project.timeZone} onChanged={replace} />
      ) : null}
      <ErrorNotice error={more.error} />
      {page?.nextCursor ? (
        <button type="button" className="button" onClick={loadMore} disabled={more.busy}>
          {more.busy ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}

function Metrics({ project, range, scope }: { project: Project; range: MetricWindow; scope: FigureScopeChoice }) {
  const { repository } = scope;
  const current = useApiQuery(['metrics', project.id, range.from, range.to, repository], (signal) =>
    drillApi.getMetrics(project.id, { from: range.from, to: range.to, repository }, signal),
  );
  const previous = useApiQuery(['metrics', project.id, range.previous.from, range.previous.to, repository], (signal) =>
    drillApi.getMetrics(project.id, { ...range.previous, repository }, signal),
  );
  const series = useApiQuery(
    ['metrics', project.id, 'series', range.from, range.to, range.interval, repository],
    (signal) =>
      getScopedSeries(project.id, { from: range.from, to: range.to, interval: range.interval, repository }, signal),
  );
  const figures = current.state.data;
  // One notice for the tiles: the window and the one before fail together when the server is away, and one
  // "Try again" asks for both.
  const tilesError = current.state.error ?? previous.state.error;
  const retryTiles = () => {
    current.reload();
    previous.reload();
  };
  return (
    <>
      <section className="section" aria-labelledby="keys-title" aria-busy={current.state.status === 'loading'}>
        <h2 id="keys-title">
          The figures, {range.label}
          {repository ? `, ${repository}` : ''}
        </h2>
        {current.state.status === 'loading' && !figures ? <Loading label="Loading metrics…" /> : null}
        <ErrorNotice error={tilesError} onRetry={retryTiles} />
        {figures ? (
          <MetricTiles
            current={figures}
            previous={previous.state.data}
            previousFailed={previous.state.status === 'error'}
            days={range.days}
            rowsHref={(view) => figureHref(project.id, view.slug, scope)}
          />
        ) : null}
        <LevelsExplained />
      </section>
      <section className="section" aria-labelledby="charts-title">
        <h2 id="charts-title">Over time, by {range.interval}</h2>
        {series.state.status === 'loading' && !series.state.data ? <Loading label="Loading charts…" /> : null}
        <ErrorNotice error={series.state.error} onRetry={series.reload} />
        {series.state.data ? (
          <Suspense fallback={<Loading label="Loading charts…" />}>
            <MetricCharts series={series.state.data} timeZone={project.timeZone} />
          </Suspense>
        ) : null}
      </section>
    </>
  );
}

export function DashboardPage({ project }: { project: Project }) {
  useTitle(project.name);
  const { search, pathname } = useLocation();
  const queryClient = useQueryClient();
  const scope = scopeFromSearch(search);
  const choice = scope.window;
  const range = resolveWindow(choice, project.timeZone);
  const today = todayIn(project.timeZone);

  const presence = useApiQuery(['presence', project.id], async (signal) => {
    const [deployments, webhooks] = await Promise.all([
      api.listDeployments(project.id, { limit: 1 }, signal),
      api.listWebhooks(project.id, false, signal),
    ]);
    return { hasDeployments: deployments.deployments.length > 0, webhooks };
  });

  return (
    <>
      <h1>{project.name}</h1>
      <p className="muted">
        Production deployments, the four DORA keys, time to restore service and rework rate. Each figure leads to the
        rows behind it. Days begin in {project.timeZone.replaceAll('_', ' ')}.
      </p>
      {presence.state.status === 'loading' && !presence.state.data ? <Loading label="Loading project…" /> : null}
      <ErrorNotice error={presence.state.error} onRetry={presence.reload} />
      {presence.state.data && !presence.state.data.hasDeployments ? (
        <EmptyProject projectId={project.id} webhooks={presence.state.data.webhooks} />
      ) : null}
      {presence.state.data?.hasDeployments ? (
        <>
          <div className="scope-bar">
            <WindowPicker
              choice={choice}
              today={today}
              onChange={(next) => navigate(`${pathname}${scopeToSearch({ ...scope, window: next })}`)}
            />
            <RepositoryFilter
              projectId={project.id}
              repository={scope.repository}
              onChange={(repository) => navigate(`${pathname}${scopeToSearch({ ...scope, repository })}`)}
            />
          </div>
          <Metrics project={project} range={range} scope={scope} />
          <RecentDeployments
            project={project}
            range={range}
            repository={scope.repository}
            onJudged={() => void queryClient.invalidateQueries({ queryKey: ['metrics', project.id] })}
          />
        </>
      ) : null}
    </>
  );
}
