import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, incidentsApi } from '../api/client';
import type { Incident, Project } from '../api/types';
import { AttributedDeployment, IncidentLinkForm } from '../components/IncidentDeployment';
import { LoadMore } from '../components/LoadMore';
import { ScrollRegion } from '../components/ScrollRegion';
import { ErrorNotice, Loading } from '../components/Status';
import { WindowPicker } from '../components/WindowPicker';
import { useApiQuery } from '../lib/api-query';
import { todayIn } from '../lib/dates';
import { formatDateTime, formatDuration, plural } from '../lib/format';
import { choiceFromSearch, choiceToSearch, type MetricWindow, resolveWindow } from '../lib/metric-window';
import { providerName } from '../lib/providers';
import { Link, navigate, useLocation } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { usePagedList } from '../lib/use-paged-list';
import { useTitle } from '../lib/use-title';

const PAGE = 50;

const nameOf = (incident: Incident) => incident.title ?? 'Untitled incident';

function restoreSeconds(incident: Incident): number | null {
  if (incident.resolvedAt === null) return null;
  return Math.max(0, (Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt)) / 1000);
}

/** The server's time to restore service for the window, beside the list it is computed from. */
function RestoreSummary({ project, range }: { project: Project; range: MetricWindow }) {
  const { state } = useApiQuery(['metrics', project.id, range.from, range.to], (signal) =>
    api.getMetrics(project.id, { from: range.from, to: range.to }, signal),
  );
  const figure = state.data?.timeToRestoreService;
  if (!figure) return null;
  return (
    <p className="lead" data-testid="restore-summary">
      Time to restore service, {range.label}: <strong>{formatDuration(figure.medianSeconds)}</strong> (median over{' '}
      {figure.resolved} resolved of {plural(figure.incidents, 'incident')}).
    </p>
  );
}

/** A project's incidents in the window, newest first, each with the deployment it is put down to and how. */
export function IncidentsPage({ project }: { project: Project }) {
  useTitle(`Incidents · ${project.name}`);
  const { search, pathname } = useLocation();
  const queryClient = useQueryClient();
  const { canWrite } = useAccess();
  const choice = choiceFromSearch(search);
  const range = resolveWindow(choice, project.timeZone);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const list = usePagedList(
    ['incidents', project.id, range.from, range.to],
    (before, signal) =>
      incidentsApi.list(
        project.id,
        { from: range.from, to: range.to, limit: PAGE, ...(before ? { before } : {}) },
        signal,
      ),
    (page) => page.incidents,
  );
  const { first, rows } = list;
  const page = first.state.data;

  const linked = (updated: Incident) => {
    const swap = (incidents: readonly Incident[]) => incidents.map((i) => (i.id === updated.id ? updated : i));
    first.setData((current) => ({
      incidents: swap(current?.incidents ?? []),
      nextCursor: current?.nextCursor ?? null,
    }));
    list.mapLoaded(swap);
    setEditing(null);
    setNotice(
      updated.attribution === 'manual'
        ? `“${nameOf(updated)}” ${updated.deploymentId === null ? 'is put down to no deployment' : 'is linked'}; the figures follow.`
        : `“${nameOf(updated)}” is attributed automatically again; the figures follow.`,
    );
    // The deployment it fails (or no longer fails) changes the change failure rate and recovery streaks.
    void queryClient.invalidateQueries({ queryKey: ['metrics', project.id] });
    void queryClient.invalidateQueries({ queryKey: ['deployments', project.id] });
  };

  return (
    <>
      <h1>Incidents</h1>
      <p className="muted">
        Incidents from PagerDuty, incident.io, GitHub and GitLab issues, or the generic webhook (connected on{' '}
        <Link to={`/projects/${encodeURIComponent(project.id)}/settings/integrations`}>Integrations</Link>). One put
        down to a deployment makes it a failed change.
      </p>
      <WindowPicker
        choice={choice}
        today={todayIn(project.timeZone)}
        onChange={(next) => navigate(`${pathname}${choiceToSearch(next)}`)}
      />
      <RestoreSummary project={project} range={range} />
      <div role="status" className="live">
        {notice}
      </div>
      {first.state.status === 'loading' && !page ? <Loading label="Loading incidents…" /> : null}
      <ErrorNotice error={first.state.error} onRetry={first.reload} />
      {page && rows.length === 0 ? <p className="empty">No incident started in this window.</p> : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Incidents table">
          <table className="table table-stack incidents">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Source</th>
                <th scope="col">Started</th>
                <th scope="col">Resolved</th>
                <th scope="col">Time to restore</th>
                <th scope="col">Deployment</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((incident) => (
                <tr key={incident.id} data-testid="incident-row" data-incident-id={incident.id}>
                  <td data-label="Incident" className="break">
                    {incident.url ? <a href={incident.url}>{nameOf(incident)}</a> : nameOf(incident)}
                    {incident.repository ? <span className="muted"> · {incident.repository}</span> : null}
                  </td>
                  <td data-label="Source">{providerName(incident.provider)}</td>
                  <td data-label="Started">
                    <time dateTime={incident.startedAt}>{formatDateTime(incident.startedAt, project.timeZone)}</time>
                  </td>
                  <td data-label="Resolved">
                    {incident.resolvedAt ? (
                      <time dateTime={incident.resolvedAt}>
                        {formatDateTime(incident.resolvedAt, project.timeZone)}
                      </time>
                    ) : (
                      <span className="status status-in_progress">open</span>
                    )}
                  </td>
                  <td data-label="Time to restore">{formatDuration(restoreSeconds(incident))}</td>
                  <td data-label="Deployment" className="break" data-testid="incident-deployment">
                    <AttributedDeployment incident={incident} timeZone={project.timeZone} />
                    {canWrite && editing !== incident.id ? (
                      <div>
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Change the deployment of ${nameOf(incident)}`}
                          onClick={() => setEditing(incident.id)}
                        >
                          Change
                        </button>
                      </div>
                    ) : null}
                    {canWrite && editing === incident.id ? (
                      <IncidentLinkForm
                        incident={incident}
                        projectId={project.id}
                        timeZone={project.timeZone}
                        name={nameOf(incident)}
                        onLinked={linked}
                        onCancel={() => setEditing(null)}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <LoadMore hasMore={list.hasMore} busy={list.busy} error={list.error} onLoad={list.loadMore} />
    </>
  );
}
