import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { acrossApi } from '../api/across';
import { api } from '../api/client';
import type { Team } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FiguresTable } from '../components/FiguresTable';
import { LevelsExplained } from '../components/LevelsExplained';
import { MetricTiles } from '../components/MetricTiles';
import { ErrorNotice, Loading } from '../components/Status';
import { TeamForm } from '../components/TeamForm';
import { WindowPicker } from '../components/WindowPicker';
import { acrossSearch, dashboardHref } from '../lib/across-search';
import { useApiQuery } from '../lib/api-query';
import { todayIn } from '../lib/dates';
import { sortFromSearch } from '../lib/figure-sort';
import { choiceFromSearch, resolveWindow } from '../lib/metric-window';
import { navigate, useLocation } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { useTitle } from '../lib/use-title';

const MetricCharts = lazy(() => import('../charts/MetricCharts'));

/** Why a team's figures are not the average of its projects' (docs/METRICS.md, "Pooling, not averaging"). */
function PooledNote() {
  return (
    <details className="pooled-note" data-testid="pooled-note">
      <summary>Why the team's figures are not averages of its projects'</summary>
      <p>
        A team's figures are not a summary of the projects' figures but the figures of the pooled events: the
        deployments, commits and incidents of all its projects, counted once in the team's time zone. The lead time is
        the median over every pooled commit, so a project with many commits weighs more than one with few; deployment
        days are the distinct days on which any of the projects deployed, so two projects deploying on the same day make
        one deployment day; a repository in two projects counts as two. Each deployment keeps the verdict its own
        project gave it: pooling decides nothing again.
      </p>
      <p className="hint">From docs/METRICS.md, “Teams and the overview: pooled figures”.</p>
    </details>
  );
}

function TeamFigures({ team }: { team: Team }) {
  const { search, pathname } = useLocation();
  const choice = choiceFromSearch(search);
  const sort = sortFromSearch(search);
  const range = resolveWindow(choice, team.timeZone);
  const current = useApiQuery(['metrics', 'team', team.id, range.from, range.to], (signal) =>
    acrossApi.teamMetrics(team.id, { from: range.from, to: range.to }, signal),
  );
  const previous = useApiQuery(['metrics', 'team', team.id, range.previous.from, range.previous.to], (signal) =>
    acrossApi.teamMetrics(team.id, range.previous, signal),
  );
  const series = useApiQuery(['metrics', 'team', team.id, 'series', range.from, range.to, range.interval], (signal) =>
    acrossApi.teamSeries(team.id, { from: range.from, to: range.to, interval: range.interval }, signal),
  );
  const projects = useApiQuery(['projects'], (signal) => api.listProjects(signal));
  const names = new Map((projects.state.data ?? []).map((p) => [p.id, p.name]));
  const figures = current.state.data;
  const rows = (figures?.projects ?? []).map((p) => ({
    id: p.projectId,
    name: names.get(p.projectId) ?? p.projectId,
    href: dashboardHref(p.projectId, choice),
    figures: p,
  }));
  const retry = () => {
    current.reload();
    previous.reload();
  };

  return (
    <>
      <div className="scope-bar">
        <WindowPicker
          choice={choice}
          today={todayIn(team.timeZone)}
          onChange={(next) => navigate(`${pathname}${acrossSearch(next, sort)}`)}
        />
      </div>
      <div className="team-figures">
        <section className="section" aria-labelledby="pooled-title" aria-busy={current.state.status === 'loading'}>
          <h2 id="pooled-title">Pooled figures, {range.label}</h2>
          <PooledNote />
          {current.state.status === 'loading' && !figures ? <Loading label="Loading the team's figures…" /> : null}
          <ErrorNotice error={current.state.error ?? previous.state.error} onRetry={retry} />
          {figures ? (
            <MetricTiles
              current={figures}
              previous={previous.state.data}
              previousFailed={previous.state.status === 'error'}
              days={range.days}
            />
          ) : null}
        </section>
        <section className="section" aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">Each project, {range.label}</h2>
          {rows.length > 0 ? (
            <FiguresTable
              label="Figures of each project of the team"
              rows={rows}
              sort={sort}
              onSort={(next) => navigate(`${pathname}${acrossSearch(choice, next)}`, { replace: true })}
            />
          ) : null}
          {figures && rows.length === 0 ? <p className="empty">The team has no project left.</p> : null}
        </section>
      </div>
      <LevelsExplained />
      <section className="section" aria-labelledby="team-charts-title">
        <h2 id="team-charts-title">Pooled, over time, by {range.interval}</h2>
        {series.state.status === 'loading' && !series.state.data ? <Loading label="Loading charts…" /> : null}
        <ErrorNotice error={series.state.error} onRetry={series.reload} />
        {series.state.data ? (
          <Suspense fallback={<Loading label="Loading charts…" />}>
            <MetricCharts series={series.state.data} timeZone={team.timeZone} />
          </Suspense>
        ) : null}
      </section>
    </>
  );
}

/** A team: its pooled figures beside each project's, and for a maintainer or an admin, edit and delete. */
export function TeamPage({ teamId }: { teamId: string }) {
  const { canWrite } = useAccess();
  const queryClient = useQueryClient();
  const { state, reload, setData } = useApiQuery(['teams', teamId], (signal) => acrossApi.getTeam(teamId, signal));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const team = state.data;
  useTitle(team ? team.name : 'Team');

  const remove = async () => {
    setDeleteBusy(true);
    setDeleteError(undefined);
    try {
      await acrossApi.deleteTeam(teamId);
      queryClient.removeQueries({ queryKey: ['teams', teamId] });
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      setDeleting(false);
      navigate('/teams');
    } catch (error) {
      setDeleteError(error);
    } finally {
      setDeleteBusy(false);
    }
  };

  if (!team) {
    return (
      <div className="page">
        <h1>Team</h1>
        {state.status === 'loading' ? <Loading label="Loading the team…" /> : null}
        <ErrorNotice error={state.error} onRetry={reload} />
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{team.name}</h1>
      <p className="lead">
        The figures of {team.projectIds.length === 1 ? 'its project' : `its ${team.projectIds.length} projects`},
        pooled. Days begin in {team.timeZone.replaceAll('_', ' ')}.
      </p>
      <div className="live" role="status">
        {notice}
      </div>
      {canWrite && !editing ? (
        <div className="actions team-actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit team
          </button>
          <button type="button" className="button button-danger-outline" onClick={() => setDeleting(true)}>
            Delete team
          </button>
        </div>
      ) : null}
      {canWrite && editing ? (
        <TeamForm
          team={team}
          title="Edit the team"
          submitLabel="Save team"
          busyLabel="Saving…"
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const saved = await acrossApi.updateTeam(team.id, input);
            setData(() => saved);
            void queryClient.invalidateQueries({ queryKey: ['teams'] });
            void queryClient.invalidateQueries({ queryKey: ['metrics', 'team', team.id] });
            setEditing(false);
            setNotice(`Team “${saved.name}” saved.`);
          }}
        />
      ) : null}
      <TeamFigures team={team} />
      <ConfirmDialog
        open={deleting}
        title={`Delete the team “${team.name}”?`}
        confirmLabel="Delete team"
        danger
        busy={deleteBusy}
        onConfirm={remove}
        onCancel={() => {
          setDeleting(false);
          setDeleteError(undefined);
        }}
      >
        <p>The team goes; its projects and their data stay.</p>
        <ErrorNotice error={deleteError} />
      </ConfirmDialog>
    </div>
  );
}
